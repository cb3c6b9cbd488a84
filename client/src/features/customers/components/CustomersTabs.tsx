import { NavLink } from 'react-router';

/** Customers and programs; a customer's page belongs to the first. */
export function CustomersTabs({ current }: { current: 'customers' | 'programs' }) {
  return (
    <nav className="tabs" aria-label="Customer sections">
      <NavLink
        to="/customers"
        end
        className={current === 'customers' ? 'tab active' : 'tab'}
        aria-current={current === 'customers' ? 'page' : undefined}
      >
        Customers
      </NavLink>
      <NavLink
        to="/customers/programs"
        className={current === 'programs' ? 'tab active' : 'tab'}
        aria-current={current === 'programs' ? 'page' : undefined}
      >
        Frequent-buyer programs
      </NavLink>
    </nav>
  );
}
