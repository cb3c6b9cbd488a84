import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { listCategories } from '../../../api/categories';
import { listCustomerSales } from '../api/list-customer-sales';
import { getCustomer, listCustomers } from '../api/list-customers';
import { getLoyaltyProgram, listLoyaltyMembers, listLoyaltyPrograms } from '../api/list-loyalty-programs';

export const PROGRAMS_KEY = ['customers', 'programs'] as const;

export function useCustomerSearch(q: string) {
  return useInfiniteQuery({
    queryKey: ['customers', 'list', q],
    queryFn: ({ pageParam, signal }) => listCustomers(q, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Keep the last results on screen while the next search runs, instead of flashing empty.
    placeholderData: (previous) => previous,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: ['customers', 'detail', id],
    queryFn: ({ signal }) => getCustomer(id, signal),
  });
}

export function useCustomerSales(customerId: string) {
  return useInfiniteQuery({
    queryKey: ['customers', 'sales', customerId],
    queryFn: ({ pageParam, signal }) => listCustomerSales(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function usePrograms() {
  return useQuery({ queryKey: PROGRAMS_KEY, queryFn: ({ signal }) => listLoyaltyPrograms(signal) });
}

export function useProgram(id: string) {
  return useQuery({
    queryKey: [...PROGRAMS_KEY, id],
    queryFn: ({ signal }) => getLoyaltyProgram(id, signal),
  });
}

export function useProgramMembers(programId: string) {
  return useInfiniteQuery({
    queryKey: [...PROGRAMS_KEY, programId, 'members'],
    queryFn: ({ pageParam, signal }) => listLoyaltyMembers(programId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Categories change rarely: five minutes before asking again. */
export function useCategories() {
  return useQuery({
    queryKey: ['customers', 'categories'],
    queryFn: ({ signal }) => listCategories(signal),
    staleTime: 300_000,
  });
}
