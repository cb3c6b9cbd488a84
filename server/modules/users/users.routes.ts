import { idParams, page } from '../../../shared/schemas/common';
import {
  adminUserSchema,
  createUserRequestSchema,
  listUsersQuerySchema,
  updateUserRequestSchema,
} from '../../../shared/schemas/users';
import { requestOrigin } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import { createUser, getUser, listUsers, unlockUser, type UsersDeps, updateUser } from './users.service';

const ADMIN = { kind: 'roles', roles: ['admin'] } as const;

export function usersRoutes(deps: UsersDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/users',
      summary: 'List users',
      tags: ['users'],
      access: ADMIN,
      query: listUsersQuerySchema,
      response: page(adminUserSchema),
      handler: ({ query }) => listUsers(deps, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users',
      summary: 'Create a user',
      tags: ['users'],
      access: ADMIN,
      body: createUserRequestSchema,
      successStatus: 201,
      response: adminUserSchema,
      handler: ({ body, principal, req }) => createUser(deps, body, principal.userId, requestOrigin(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/users/:id',
      summary: 'Get a user',
      tags: ['users'],
      access: ADMIN,
      params: idParams,
      response: adminUserSchema,
      handler: ({ params }) => getUser(deps, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/users/:id',
      summary: 'Change a user: name, role, stores, password, PIN (null clears it), active',
      tags: ['users'],
      access: ADMIN,
      params: idParams,
      body: updateUserRequestSchema,
      response: adminUserSchema,
      handler: ({ params, body, principal, req }) =>
        updateUser(deps, params.id, body, principal.userId, requestOrigin(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users/:id/unlock',
      summary: 'Lift a lockout after failed sign-ins',
      tags: ['users'],
      access: ADMIN,
      params: idParams,
      response: adminUserSchema,
      handler: ({ params, principal, req }) =>
        unlockUser(deps, params.id, principal.userId, requestOrigin(req)),
    }),
  ];
}
