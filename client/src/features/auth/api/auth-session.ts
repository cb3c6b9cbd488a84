import { isRecord, isStringArray } from '../../../lib/guards';

export const USER_ROLES = ['admin', 'manager', 'cashier'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export type User = {
  id: string;
  username: string;
  name: string;
  role: UserRole;
  storeIds: string[];
};

/** What login and /me answer: the signed-in user and the CSRF token of this session. */
export type AuthSession = {
  user: User;
  csrfToken: string;
};

function isUserRole(value: unknown): value is UserRole {
  return USER_ROLES.some((role) => role === value);
}

export function parseUser(value: unknown): User {
  if (
    !isRecord(value) ||
    typeof value.id !== 'string' ||
    typeof value.username !== 'string' ||
    typeof value.name !== 'string' ||
    !isUserRole(value.role) ||
    !isStringArray(value.storeIds)
  ) {
    throw new TypeError('Not a User');
  }
  return {
    id: value.id,
    username: value.username,
    name: value.name,
    role: value.role,
    storeIds: value.storeIds,
  };
}

export function parseAuthSession(body: unknown): AuthSession {
  if (!isRecord(body) || typeof body.csrfToken !== 'string' || body.csrfToken === '') {
    throw new TypeError('Not an auth session');
  }
  return { user: parseUser(body.user), csrfToken: body.csrfToken };
}
