import { page } from '../../../../../shared/schemas/common';
import { type AdminUser, adminUserSchema } from '../../../../../shared/schemas/users';
import { http } from '../../../api/http';

export type { AdminUser };

const userPageSchema = page(adminUserSchema);

/** All users, a page of 500 at a time (a chain has tens to a few hundred staff). */
export async function listUsers(signal?: AbortSignal): Promise<AdminUser[]> {
  const users: AdminUser[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const result = await http.get(`/api/users?limit=500${query}`, {
      signal,
      parse: (body) => userPageSchema.parse(body),
    });
    users.push(...result.items);
    cursor = result.nextCursor;
  } while (cursor);
  return users;
}

export function getUser(id: string, signal?: AbortSignal): Promise<AdminUser> {
  return http.get(`/api/users/${encodeURIComponent(id)}`, {
    signal,
    parse: (body) => adminUserSchema.parse(body),
  });
}
