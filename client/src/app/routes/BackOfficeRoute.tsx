import { Link, Outlet } from 'react-router';
import { useSignedInUser } from '../../features/auth/hooks/use-auth';
import { QueryProvider } from '../query-client';
import '../../ui/backoffice.css';

/**
 * Every manager and admin screen (dashboard, reports, inventory, catalog, customers, admin) sits under this:
 * one query cache for them all, and a cashier who types an address is told so (the API answers 403 anyway).
 */
export function BackOfficeRoute() {
  const user = useSignedInUser();
  if (user.role === 'cashier') {
    return (
      <section className="panel welcome-panel" aria-labelledby="backoffice-denied-title">
        <h1 id="backoffice-denied-title">Managers only</h1>
        <p>The back office is for store managers and admins. Ask your manager if you need something here.</p>
        <Link to="/" className="button button-primary">
          Go to the start screen
        </Link>
      </section>
    );
  }
  return (
    <QueryProvider>
      <Outlet />
    </QueryProvider>
  );
}
