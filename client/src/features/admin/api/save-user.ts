import {
  type AdminUser,
  adminUserSchema,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '../../../../../shared/schemas/users';
import { http } from '../../../api/http';

export function createUser(request: CreateUserRequest): Promise<AdminUser> {
  return http.post('/api/users', { body: request, parse: (body) => adminUserSchema.parse(body) });
}

/** Name, role, stores, password, PIN (null clears it), active. */
export function updateUser(id: string, request: UpdateUserRequest): Promise<AdminUser> {
  return http.patch(`/api/users/${encodeURIComponent(id)}`, {
    body: request,
    parse: (body) => adminUserSchema.parse(body),
  });
}

/** Lifts a lockout after too many failed sign-ins. */
export function unlockUser(id: string): Promise<AdminUser> {
  return http.post(`/api/users/${encodeURIComponent(id)}/unlock`, {
    parse: (body) => adminUserSchema.parse(body),
  });
}
