import { useQuery } from '@tanstack/react-query';
import { listCategories } from '../../../api/categories';

/** Categories change rarely: five minutes before asking again. */
export function useCategories() {
  return useQuery({
    queryKey: ['catalog', 'categories'],
    queryFn: ({ signal }) => listCategories(signal),
    staleTime: 300_000,
  });
}
