import { useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { config } from '../../config';
import { describeSignOutError } from '../../features/auth/describe-sign-out-error';
import { useAuth, useSignedInUser } from '../../features/auth/hooks/use-auth';

/** The frame around every signed-in screen: product name, who is signed in, and signing out. */
export function ShellLayout() {
  const user = useSignedInUser();
  const { signOut } = useAuth();
  const [isSigningOut, setIsSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  async function signOutOfTill() {
    setIsSigningOut(true);
    setSignOutError(null);
    try {
      // Once signed out, RequireAuth takes the user to /login.
      await signOut();
    } catch (error) {
      setSignOutError(describeSignOutError(error));
      setIsSigningOut(false);
    }
  }

  return (
    <div className="shell">
      <header className="shell-header">
        <span className="shell-product">{config.appName}</span>
        <nav className="shell-nav" aria-label="Main">
          <NavLink to="/register" className="shell-nav-link">
            Register
          </NavLink>
          {user.role !== 'cashier' && (
            <NavLink to="/dashboard" className="shell-nav-link">
              Dashboard
            </NavLink>
          )}
        </nav>
        <div className="shell-user">
          <span className="shell-user-name">{user.name}</span>
          <span className="role-badge">{user.role}</span>
        </div>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void signOutOfTill()}
          disabled={isSigningOut}
        >
          {isSigningOut ? 'Signing out…' : 'Sign out'}
        </button>
      </header>
      {signOutError !== null && (
        <p className="alert shell-alert" role="alert">
          {signOutError}
        </p>
      )}
      <main className="shell-main">
        <Outlet />
      </main>
    </div>
  );
}
