import { Link } from 'react-router';
import { useSignedInUser } from '../../features/auth/hooks/use-auth';
import { DashboardPage } from '../../features/dashboard/components/DashboardPage';
import { QueryProvider } from '../query-client';

/** Managers and admins only; a cashier who types the address is told so (the API answers 403 anyway). */
export function DashboardRoute() {
  const user = useSignedInUser();
  if (user.role === 'cashier') {
    return (
      <section className="panel welcome-panel" aria-labelledby="dashboard-denied-title">
        <h1 id="dashboard-denied-title">Managers only</h1>
        <p>The dashboard is for store managers and admins. Ask your manager if you need today's figures.</p>
        <Link to="/" className="button button-primary">
          Go to the start screen
        </Link>
      </section>
    );
  }
  return (
    <QueryProvider>
      <DashboardPage userId={user.id} />
    </QueryProvider>
  );
}
