import { page } from '../../../../../shared/schemas/common';
import {
  type Customer,
  type CustomerDetail,
  customerDetailSchema,
  customerSchema,
} from '../../../../../shared/schemas/customers';
import { http } from '../../../api/http';

export type { Customer, CustomerDetail };

const customerPageSchema = page(customerSchema);

export const CUSTOMER_PAGE_SIZE = 50;

/** A page of customers; `q` finds a phone by its digits, an email, or a name as typed or misspelt. */
export function listCustomers(q: string, cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(CUSTOMER_PAGE_SIZE) });
  if (q.trim() !== '') {
    query.set('q', q.trim());
  }
  if (cursor) {
    query.set('cursor', cursor);
  }
  return http.get(`/api/customers?${query.toString()}`, {
    signal,
    parse: (body) => customerPageSchema.parse(body),
  });
}

/** The customer with pets, store credit and progress in the programs of every store the user may see. */
export function getCustomer(id: string, signal?: AbortSignal): Promise<CustomerDetail> {
  return http.get(`/api/customers/${encodeURIComponent(id)}`, {
    signal,
    parse: (body) => customerDetailSchema.parse(body),
  });
}
