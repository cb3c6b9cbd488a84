import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/http';
import { asSentence } from '../../../lib/text';
import { type CustomerDetail, getCustomer, type LoyaltyProgram, listLoyaltyPrograms } from '../api/customers';

export type SaleCustomerState = {
  customer: CustomerDetail | null;
  /** The store's running frequent-buyer programs (what qualifies), loaded once with the first customer. */
  programs: LoyaltyProgram[];
  loading: boolean;
  error: string | null;
  attach: (customerId: string) => void;
  clear: () => void;
};

function describeLoadError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'NETWORK') {
    return "Can't reach the server. Check this till's network cable or Wi-Fi.";
  }
  return error instanceof ApiError
    ? `Could not load the customer: ${asSentence(error.message)}`
    : 'Could not load the customer. Try F6 again.';
}

/** The customer on the sale, with pets and frequent-buyer progress read fresh from the server. */
export function useSaleCustomer(storeId: string): SaleCustomerState {
  const [customer, setCustomer] = useState<CustomerDetail | null>(null);
  const [programs, setPrograms] = useState<LoyaltyProgram[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A newer attach (or clear) wins over an answer still on its way.
  const requestRef = useRef<AbortController | null>(null);
  const programsLoadedRef = useRef(false);

  useEffect(() => () => requestRef.current?.abort(), []);

  function attach(customerId: string) {
    requestRef.current?.abort();
    const controller = new AbortController();
    requestRef.current = controller;
    setLoading(true);
    setError(null);
    const programsRequest = programsLoadedRef.current
      ? Promise.resolve(null)
      : listLoyaltyPrograms(storeId, controller.signal);
    Promise.all([getCustomer(customerId, storeId, controller.signal), programsRequest]).then(
      ([detail, loadedPrograms]) => {
        if (controller.signal.aborted) {
          return;
        }
        if (loadedPrograms !== null) {
          programsLoadedRef.current = true;
          setPrograms(loadedPrograms);
        }
        setCustomer(detail);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) {
          setError(describeLoadError(failure));
          setLoading(false);
        }
      },
    );
  }

  function clear() {
    requestRef.current?.abort();
    setCustomer(null);
    setLoading(false);
    setError(null);
  }

  return { customer, programs, loading, error, attach, clear };
}
