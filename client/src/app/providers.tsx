import type { ReactNode } from 'react';
import { AuthProvider } from '../features/auth/components/AuthProvider';

/** App-wide context. The auth provider asks GET /api/auth/me on load, before any route decides where to go. */
export function AppProviders({ children }: { children: ReactNode }) {
  return <AuthProvider>{children}</AuthProvider>;
}
