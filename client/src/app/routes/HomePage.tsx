import { Link } from 'react-router';
import { useSignedInUser } from '../../features/auth/hooks/use-auth';

export function HomePage() {
  const user = useSignedInUser();
  return (
    <section className="panel welcome-panel" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome, {user.name}</h1>
      <p>
        Signed in as <strong>{user.name}</strong> ({user.role})
      </p>
      <Link to="/register" className="button button-primary">
        Open the register
      </Link>
      {user.role !== 'cashier' && (
        <Link to="/dashboard" className="button button-secondary">
          Open the dashboard
        </Link>
      )}
    </section>
  );
}
