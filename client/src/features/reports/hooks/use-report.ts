import { skipToken, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../api/http';
import { getReport, type ReportQuery } from '../api/get-report';

/** A report for a complete query (null: not ready yet, e.g. the stores are still loading). */
export function useReport(query: ReportQuery | null) {
  return useQuery({
    queryKey: ['reports', query],
    queryFn: query === null ? skipToken : ({ signal }) => getReport(query, signal),
    // Reports are read, not watched: a minute before the same query asks again.
    staleTime: 60_000,
    // A refusal (bad range, another store, no such report) will not change on a retry.
    retry: (failures, error) =>
      failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
  });
}
