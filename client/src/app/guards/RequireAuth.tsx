import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from '../../features/auth/hooks/use-auth';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { MessageScreen } from '../../ui/MessageScreen';

/** Renders the child routes for a signed-in user; otherwise sends them to /login and back here afterwards. */
export function RequireAuth() {
  const { state, reloadSession } = useAuth();
  const location = useLocation();

  if (state.status === 'loading') {
    return <LoadingScreen label="Checking your session…" />;
  }
  if (state.status === 'unreachable') {
    return (
      <MessageScreen title="Can't reach the server">
        <p>We could not check whether you are signed in. {state.error.message}</p>
        <button type="button" className="button button-primary" onClick={() => void reloadSession()}>
          Try again
        </button>
      </MessageScreen>
    );
  }
  if (state.status === 'signed-out') {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  // REQUIRE_MFA: until a second factor is set up, the API refuses everything else; say so on the right page.
  if (state.mfaEnrolmentRequired === true && location.pathname !== '/security') {
    return <Navigate to="/security" replace />;
  }
  return <Outlet />;
}
