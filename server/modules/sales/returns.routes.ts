import { idParams } from '../../../shared/schemas/common';
import { createReturnSchema, returnSchema } from '../../../shared/schemas/sales';
import { visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { Metrics } from '../../http/metrics';
import type { SalesDeps } from './sale-actor';
import { saleActorOf } from './sales.routes';
import { getReturn, recordReturn } from './returns.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;

export function returnsRoutes(deps: SalesDeps & { metrics: Metrics }): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/returns',
      summary:
        'Record a return: against a sale (refunded at what was paid) or, with a manager’s approval, without a receipt (store credit). Idempotent by id like sales',
      tags: ['returns'],
      access: STAFF,
      body: createReturnSchema,
      successStatus: 201,
      response: returnSchema,
      handler: async ({ body, principal, req, res }) => {
        const { ret, created } = await recordReturn(deps, saleActorOf(principal, req), body);
        if (!created) {
          res.status(200).json(ret);
          return undefined;
        }
        deps.metrics.returns.inc({ store: ret.storeId });
        deps.metrics.refundedCents.inc({ store: ret.storeId }, ret.refundTotalCents + ret.roundingCents);
        return ret;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/returns/:id',
      summary: 'Get a return (staff of its store)',
      tags: ['returns'],
      access: STAFF,
      params: idParams,
      response: returnSchema,
      handler: ({ params, principal }) => getReturn(deps, visibleStoreIds(principal), params.id),
    }),
  ];
}
