import { useQuery } from '@tanstack/react-query';
import { getDashboard } from '../api/get-dashboard';

/** The figures refresh on their own every minute, also while the tab sits in the back office. */
export const DASHBOARD_REFRESH_MS = 60_000;

export function useDashboard(storeIds: readonly string[] | null) {
  return useQuery({
    queryKey: ['dashboard', storeIds],
    queryFn: ({ signal }) => getDashboard(storeIds ?? [], signal),
    enabled: storeIds !== null,
    refetchInterval: DASHBOARD_REFRESH_MS,
    // Keep the last figures on screen while a new store choice loads, instead of flashing empty.
    placeholderData: (previous) => previous,
  });
}
