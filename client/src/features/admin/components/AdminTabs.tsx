import { NavLink } from 'react-router';

type Props = { isAdmin: boolean };

/** The admin sections; a manager has only the audit log, so sees no other tab. */
export function AdminTabs({ isAdmin }: Props) {
  return (
    <nav className="tabs" aria-label="Admin sections">
      {isAdmin && (
        <NavLink to="/admin/stores" className="tab">
          Stores
        </NavLink>
      )}
      {isAdmin && (
        <NavLink to="/admin/users" className="tab">
          Users
        </NavLink>
      )}
      <NavLink to="/admin/audit" className="tab">
        Audit log
      </NavLink>
    </nav>
  );
}
