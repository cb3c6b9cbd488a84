import { useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { config } from '../../config';
import { describeSignOutError } from '../../features/auth/describe-sign-out-error';
import { useAuth, useSignedInUser } from '../../features/auth/hooks/use-auth';

const EVERYONE = ['cashier', 'manager', 'admin'];
const MANAGERS = ['manager', 'admin'];

/** What each role may open; the API enforces the same (a manager's Admin holds only the audit log). */
const NAV_LINKS = [
  { to: '/register', label: 'Register', roles: EVERYONE },
  { to: '/dashboard', label: 'Dashboard', roles: MANAGERS },
  { to: '/reports', label: 'Reports', roles: MANAGERS },
  { to: '/inventory', label: 'Inventory', roles: MANAGERS },
  { to: '/catalog', label: 'Catalog', roles: MANAGERS },
  { to: '/customers', label: 'Customers', roles: MANAGERS },
  { to: '/admin', label: 'Admin', roles: MANAGERS },
  { to: '/security', label: 'Security', roles: MANAGERS },
];

/** The frame around every signed-in screen: product name, who is signed in, and signing out. */
export function ShellLayout() {
  const user = useSignedInUser();
  const { signOut } = useAuth();
  const links = NAV_LINKS.filter((link) => link.roles.includes(user.role));
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
        <nav className={links.length > 2 ? 'shell-nav shell-nav-row' : 'shell-nav'} aria-label="Main">
          {links.map((link) => (
            <NavLink key={link.to} to={link.to} className="shell-nav-link">
              {link.label}
            </NavLink>
          ))}
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
