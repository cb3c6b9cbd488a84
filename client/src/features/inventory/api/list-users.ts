import { z } from 'zod';
import { http } from '../../../api/http';

const userNameSchema = z.object({ id: z.string(), name: z.string(), username: z.string() });
const userPageSchema = z.object({ items: z.array(userNameSchema), nextCursor: z.string().nullable() });

/** Names for "who" in the stock history; only admins may list users, so others get an empty map. */
export async function listUserNames(signal?: AbortSignal): Promise<Map<string, string>> {
  const result = await http.get('/api/users?limit=500', {
    signal,
    parse: (body) => userPageSchema.parse(body),
  });
  return new Map(result.items.map((user) => [user.id, user.name]));
}
