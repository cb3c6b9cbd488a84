import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getProduct } from '../api/get-product';
import { listProducts, type ProductFilters } from '../api/list-products';

export const PRODUCTS_KEY = ['catalog', 'products'] as const;

/** The list pages for the filters; "Load more" fetches the next cursor. Typing keeps the last rows on screen. */
export function useProductPages(filters: ProductFilters) {
  return useInfiniteQuery({
    queryKey: [...PRODUCTS_KEY, 'list', filters],
    queryFn: ({ pageParam, signal }) => listProducts(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useProduct(id: string | undefined) {
  return useQuery({
    queryKey: [...PRODUCTS_KEY, 'one', id],
    queryFn: ({ signal }) => getProduct(id ?? '', signal),
    enabled: id !== undefined,
  });
}
