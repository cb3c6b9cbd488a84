import { idParams } from '../../../shared/schemas/common';
import {
  createSaleSchema,
  receiptSequenceParamsSchema,
  receiptSequenceSchema,
  saleSchema,
  voidSaleSchema,
} from '../../../shared/schemas/sales';
import type { Request } from 'express';
import { type Principal, requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import { parseScopedBody, scopeFirstBody } from '../../http/scope-first-body';
import { itemCount, type Metrics } from '../../http/metrics';
import { reserveReceiptSequence } from './receipt-numbers.service';
import type { SaleActor, SalesDeps } from './sale-actor';
import { recordSale, voidSale } from './sales.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;

/** The signed-in user at the till, as the sales services see them (never the request itself). */
export function saleActorOf(principal: Principal, req: Request): SaleActor {
  return {
    userId: principal.userId,
    role: principal.role,
    visible: visibleStoreIds(principal),
    origin: requestOrigin(req),
  };
}

export function salesRoutes(deps: SalesDeps & { metrics: Metrics }): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/sales',
      summary:
        'Ring up a sale. The id is the idempotency key: 201 for a new sale, 200 with the same sale when the same id and body come again, 422 IDEMPOTENCY_MISMATCH for the same id with another body',
      tags: ['sales'],
      access: STAFF,
      body: createSaleSchema,
      successStatus: 201,
      response: saleSchema,
      handler: async ({ body, principal, req, res }) => {
        const { sale, created } = await recordSale(deps, saleActorOf(principal, req), body);
        if (!created) {
          res.status(200).json(sale);
          return undefined;
        }
        deps.metrics.sales.inc({ store: sale.storeId });
        deps.metrics.salesRevenueCents.inc({ store: sale.storeId }, sale.totalCents + sale.roundingCents);
        deps.metrics.itemsSold.inc({ store: sale.storeId }, itemCount(sale.lines));
        return sale;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/sales/:id/void',
      summary:
        "Void today's sale (managers; a cashier sends a manager's approval): stock goes back and the sale counts nowhere",
      tags: ['sales'],
      access: STAFF,
      storeScope: { param: 'id', resource: 'sale' },
      params: idParams,
      body: scopeFirstBody(voidSaleSchema),
      response: saleSchema,
      handler: async ({ params, body, principal, req }) => {
        const sale = await voidSale(deps, saleActorOf(principal, req), params.id, () =>
          parseScopedBody(voidSaleSchema, body),
        );
        // Counted once: a second void is 409 ALREADY_VOIDED and never gets here.
        deps.metrics.voids.inc({ store: sale.storeId });
        deps.metrics.voidedCents.inc({ store: sale.storeId }, sale.totalCents + sale.roundingCents);
        return sale;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/registers/:registerId/receipt-sequence',
      summary:
        "An offline register's numbering: its receipt prefix and the number its next sale carries (a register that never sold is registered)",
      tags: ['sales'],
      access: STAFF,
      storeScope: { param: 'storeId', resource: 'store' },
      params: receiptSequenceParamsSchema,
      response: receiptSequenceSchema,
      handler: ({ params, principal }) => reserveReceiptSequence(deps, visibleStoreIds(principal), params),
    }),
  ];
}
