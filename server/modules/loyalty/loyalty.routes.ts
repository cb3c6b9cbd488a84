import type { Request } from 'express';
import { idParams, page } from '../../../shared/schemas/common';
import {
  createLoyaltyProgramRequestSchema,
  listLoyaltyMembersQuerySchema,
  listLoyaltyProgramsQuerySchema,
  loyaltyMemberSchema,
  loyaltyProgramSchema,
  redemptionReportQuerySchema,
  redemptionReportSchema,
  updateLoyaltyProgramRequestSchema,
} from '../../../shared/schemas/loyalty';
import { type Principal, requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import { redemptionReportCsv, redemptionReportFileName } from './loyalty.presenters';
import {
  buildRedemptionReport,
  createLoyaltyProgram,
  getLoyaltyProgram,
  type LoyaltyActor,
  listLoyaltyMembers,
  listLoyaltyPrograms,
  updateLoyaltyProgram,
} from './loyalty.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;
const MANAGERS = { kind: 'roles', roles: ['manager', 'admin'] } as const;

function actorOf(principal: Principal, req: Request): LoyaltyActor {
  return { userId: principal.userId, visible: visibleStoreIds(principal), origin: requestOrigin(req) };
}

export function loyaltyRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/loyalty-programs',
      summary:
        'Create a frequent-buyer program: every buyQuantity qualifying units (within windowMonths) earn rewardQuantity free units',
      tags: ['loyalty'],
      access: MANAGERS,
      body: createLoyaltyProgramRequestSchema,
      successStatus: 201,
      response: loyaltyProgramSchema,
      handler: ({ body, principal, req }) => createLoyaltyProgram(deps, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/loyalty-programs',
      summary: 'Programs running in the caller’s stores (or in storeId), by name',
      tags: ['loyalty'],
      access: STAFF,
      query: listLoyaltyProgramsQuerySchema,
      response: page(loyaltyProgramSchema),
      handler: ({ query, principal }) => listLoyaltyPrograms(deps, visibleStoreIds(principal), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/loyalty-programs/:id',
      summary: 'A program (one running in none of the caller’s stores → 404)',
      tags: ['loyalty'],
      access: STAFF,
      params: idParams,
      response: loyaltyProgramSchema,
      handler: ({ params, principal }) => getLoyaltyProgram(deps, visibleStoreIds(principal), params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/loyalty-programs/:id',
      summary:
        'Rename, (de)activate, change the window or the stores of a program; managers need every one of its stores',
      tags: ['loyalty'],
      access: MANAGERS,
      params: idParams,
      body: updateLoyaltyProgramRequestSchema,
      response: loyaltyProgramSchema,
      handler: ({ params, body, principal, req }) =>
        updateLoyaltyProgram(deps, params.id, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/loyalty-programs/:id/members',
      summary:
        'Customers collecting in a program, by name: units toward the next reward, rewards available and redeemed',
      tags: ['loyalty'],
      access: MANAGERS,
      params: idParams,
      query: listLoyaltyMembersQuerySchema,
      response: page(loyaltyMemberSchema),
      handler: ({ params, query, principal }) =>
        listLoyaltyMembers(deps, visibleStoreIds(principal), params.id, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/loyalty-programs/:id/redemptions',
      summary:
        'Free units redeemed between two business dates, per sale line, for the distributor’s credit (?format=csv for text/csv)',
      tags: ['loyalty'],
      access: MANAGERS,
      params: idParams,
      query: redemptionReportQuerySchema,
      response: redemptionReportSchema,
      rawResponse: ['text/csv'],
      handler: async ({ params, query, principal, res }) => {
        const report = await buildRedemptionReport(deps, visibleStoreIds(principal), params.id, query);
        if (query.format !== 'csv') {
          return report;
        }
        res.status(200);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${redemptionReportFileName(report)}"`);
        res.setHeader('Cache-Control', 'no-store');
        res.send(redemptionReportCsv(report));
        return undefined;
      },
    }),
  ];
}
