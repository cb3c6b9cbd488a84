import { idParams, page } from '../../../shared/schemas/common';
import {
  createTransferRequestSchema,
  listTransfersQuerySchema,
  receiveTransferRequestSchema,
  transferSchema,
} from '../../../shared/schemas/transfers';
import { type Principal, requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { Request } from 'express';
import type { ModuleDeps } from '../module-deps';
import { parseScopedBody, scopeFirstBody } from '../../http/scope-first-body';
import {
  cancelTransfer,
  getTransfer,
  listTransfers,
  receiveTransfer,
  sendTransfer,
  type TransferActor,
} from './transfers.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;
const MANAGERS = { kind: 'roles', roles: ['manager', 'admin'] } as const;
const TRANSFER_SCOPE = { param: 'id', resource: 'transfer' } as const;

function actorOf(principal: Principal, req: Request): TransferActor {
  return { visible: visibleStoreIds(principal), userId: principal.userId, origin: requestOrigin(req) };
}

export function transferRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/transfers',
      summary: 'Send stock to another store (the sender must be assigned to fromStoreId)',
      tags: ['transfers'],
      access: MANAGERS,
      body: createTransferRequestSchema,
      successStatus: 201,
      response: transferSchema,
      handler: ({ body, principal, req }) => sendTransfer(deps, actorOf(principal, req), body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/transfers',
      summary: "Transfers from or to the caller's stores, newest first",
      tags: ['transfers'],
      access: STAFF,
      query: listTransfersQuerySchema,
      response: page(transferSchema),
      handler: ({ query, principal }) => listTransfers(deps, visibleStoreIds(principal), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/transfers/:id',
      summary: 'Get a transfer (staff of either store)',
      tags: ['transfers'],
      access: STAFF,
      storeScope: TRANSFER_SCOPE,
      params: idParams,
      response: transferSchema,
      handler: ({ params, principal }) => getTransfer(deps, visibleStoreIds(principal), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/transfers/:id/receive',
      summary: 'Receive a transfer at its destination; differences are recorded as discrepancies',
      tags: ['transfers'],
      access: MANAGERS,
      storeScope: TRANSFER_SCOPE,
      params: idParams,
      body: scopeFirstBody(receiveTransferRequestSchema),
      response: transferSchema,
      handler: async ({ params, body, principal, req }) => {
        await getTransfer(deps, visibleStoreIds(principal), params.id);
        return receiveTransfer(
          deps,
          actorOf(principal, req),
          params.id,
          parseScopedBody(receiveTransferRequestSchema, body),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/transfers/:id/cancel',
      summary: 'Cancel a transfer in transit (sending store); the stock returns to the sender',
      tags: ['transfers'],
      access: MANAGERS,
      storeScope: TRANSFER_SCOPE,
      params: idParams,
      response: transferSchema,
      handler: ({ params, principal, req }) => cancelTransfer(deps, actorOf(principal, req), params.id),
    }),
  ];
}
