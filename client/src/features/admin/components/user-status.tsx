import type { AdminUser } from '../api/list-users';

export function isLocked(user: AdminUser, now = Date.now()): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > now;
}

/** Active, locked (until when) or deactivated, as a badge. */
export function UserStatusBadge({ user }: { user: AdminUser }) {
  if (!user.active) {
    return <span className="badge badge-warning">Deactivated</span>;
  }
  if (isLocked(user)) {
    const until = new Date(user.lockedUntil!).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return <span className="badge badge-danger">Locked until {until}</span>;
  }
  return <span className="badge">Active</span>;
}

export const ROLE_LABELS = { admin: 'Admin', manager: 'Manager', cashier: 'Cashier' } as const;
