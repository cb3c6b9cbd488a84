import { useQuery } from '@tanstack/react-query';
import { listCategoryPaths } from '../api/list-category-paths';

/** Only asked for by the sales-by-category report; without it the rows keep the report's own names. */
export function useCategoryPaths(isNeeded: boolean) {
  return useQuery({
    queryKey: ['reports', 'category-paths'],
    queryFn: ({ signal }) => listCategoryPaths(signal),
    enabled: isNeeded,
    staleTime: 300_000,
  });
}
