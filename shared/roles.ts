export const ROLES = ['admin', 'manager', 'cashier'] as const;
export type Role = (typeof ROLES)[number];

/** Admins see every store; managers and cashiers only the stores they are assigned to. */
export function canSeeAllStores(role: Role): boolean {
  return role === 'admin';
}
