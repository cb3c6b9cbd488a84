import type { Request } from 'express';
import { idParams, page } from '../../../shared/schemas/common';
import {
  createCustomerRequestSchema,
  createPetRequestSchema,
  customerDetailSchema,
  customerQuerySchema,
  customerSchema,
  listCustomersQuerySchema,
  petParamsSchema,
  petSchema,
  updateCustomerRequestSchema,
  updatePetRequestSchema,
} from '../../../shared/schemas/customers';
import { type Principal, requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import {
  addPet,
  type CustomerActor,
  createCustomer,
  getCustomer,
  listCustomers,
  removePet,
  updateCustomer,
  updatePet,
} from './customers.service';

/** Customers belong to the chain: every member of staff may find and serve them, in any store. */
const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;

function actorOf(principal: Principal, req: Request): CustomerActor {
  return { userId: principal.userId, visible: visibleStoreIds(principal), origin: requestOrigin(req) };
}

export function customersRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/customers',
      summary:
        'Customers; `q` finds a phone by its digits, an email regardless of case, a name as typed or misspelt',
      tags: ['customers'],
      access: STAFF,
      query: listCustomersQuerySchema,
      response: page(customerSchema),
      handler: ({ query }) => listCustomers(deps, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/customers',
      summary: 'Create a customer (phone kept as its digits), with pets',
      tags: ['customers'],
      access: STAFF,
      body: createCustomerRequestSchema,
      successStatus: 201,
      response: customerDetailSchema,
      handler: ({ body, principal, req }) => createCustomer(deps, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/customers/:id',
      summary:
        'A customer with pets, store credit and frequent-buyer progress (?storeId= for one store’s programs)',
      tags: ['customers'],
      access: STAFF,
      params: idParams,
      query: customerQuerySchema,
      response: customerDetailSchema,
      handler: ({ params, query, principal }) =>
        getCustomer(deps, visibleStoreIds(principal), params.id, query),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/customers/:id',
      summary: 'Change a customer; changing marketingConsent records when',
      tags: ['customers'],
      access: STAFF,
      params: idParams,
      body: updateCustomerRequestSchema,
      response: customerDetailSchema,
      handler: ({ params, body, principal, req }) =>
        updateCustomer(deps, params.id, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/customers/:id/pets',
      summary: 'Add a pet to a customer',
      tags: ['customers'],
      access: STAFF,
      params: idParams,
      body: createPetRequestSchema,
      successStatus: 201,
      response: petSchema,
      handler: ({ params, body, principal, req }) => addPet(deps, params.id, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/customers/:id/pets/:petId',
      summary: 'Change a pet',
      tags: ['customers'],
      access: STAFF,
      params: petParamsSchema,
      body: updatePetRequestSchema,
      response: petSchema,
      handler: ({ params, body, principal, req }) =>
        updatePet(deps, params.id, params.petId, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/customers/:id/pets/:petId',
      summary: 'Remove a pet',
      tags: ['customers'],
      access: STAFF,
      params: petParamsSchema,
      handler: async ({ params, principal, req }) => {
        await removePet(deps, params.id, params.petId, actorOf(principal, req));
        return undefined;
      },
    }),
  ];
}
