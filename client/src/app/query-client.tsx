import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';

/**
 * Server state for the back-office screens. Not in AppProviders on purpose: that file is in the first
 * bundle every till loads, and TanStack Query must not add to the register's JavaScript.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A 401/403 will not pass by asking again; other failures get one retry before the error shows.
          queries: { retry: (failures, error) => failures < 1 && !isAccessError(error) },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

function isAccessError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    (error.status === 401 || error.status === 403)
  );
}
