import type { Request } from 'express';
import { idParams, page } from '../../../shared/schemas/common';
import {
  cashMovementRequestSchema,
  cashMovementSchema,
  closeShiftRequestSchema,
  closeShiftResponseSchema,
  currentShiftQuerySchema,
  listShiftsQuerySchema,
  noSaleRequestSchema,
  openShiftRequestSchema,
  shiftReportSchema,
  shiftSchema,
} from '../../../shared/schemas/shifts';
import { type Principal, requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import { parseScopedBody, scopeFirstBody } from '../../http/scope-first-body';
import type { ModuleDeps } from '../module-deps';
import { renderShiftReportHtml, renderShiftReportText } from './shift-report-print';
import {
  closeShift,
  getCurrentShift,
  getShift,
  getShiftReport,
  listShifts,
  openShift,
  recordCashMovement,
  recordNoSale,
  type ShiftActor,
} from './shifts.service';

// Running the drawer is the cashier's job: every member of the store's staff opens, counts and closes.
const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;
const SHIFT_SCOPE = { param: 'id', resource: 'shift' } as const;
const TAGS = ['shifts'];
// The printable page needs its inline <style>; everything else stays as locked down as any API answer, except
// that the app itself may frame it: the register prints the Z report from an iframe, as it prints receipts.
const PRINT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'";

function actorOf(principal: Principal, req: Request): ShiftActor {
  return { userId: principal.userId, visible: visibleStoreIds(principal), origin: requestOrigin(req) };
}

export function shiftRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/shifts',
      summary:
        'Open a shift on a register with its opening float; one open shift per register (409 otherwise)',
      tags: TAGS,
      access: STAFF,
      body: openShiftRequestSchema,
      successStatus: 201,
      response: shiftSchema,
      handler: ({ body, principal, req }) => openShift(deps, actorOf(principal, req), body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shifts/current',
      summary: 'The open shift of a register, or 404',
      tags: TAGS,
      access: STAFF,
      query: currentShiftQuerySchema,
      response: shiftSchema,
      handler: ({ query, principal }) => getCurrentShift(deps, visibleStoreIds(principal), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shifts',
      summary: "Shifts of the caller's stores, newest first; from/to are business dates",
      tags: TAGS,
      access: STAFF,
      query: listShiftsQuerySchema,
      response: page(shiftSchema),
      handler: ({ query, principal }) => listShifts(deps, visibleStoreIds(principal), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shifts/:id',
      summary: 'Get a shift',
      tags: TAGS,
      access: STAFF,
      storeScope: SHIFT_SCOPE,
      params: idParams,
      response: shiftSchema,
      handler: ({ params, principal }) => getShift(deps, visibleStoreIds(principal), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shifts/:id/cash-movements',
      summary: 'Pay cash into or out of the drawer of an open shift, with the reason (audit-logged)',
      tags: TAGS,
      access: STAFF,
      storeScope: SHIFT_SCOPE,
      params: idParams,
      body: scopeFirstBody(cashMovementRequestSchema),
      successStatus: 201,
      response: cashMovementSchema,
      handler: async ({ params, body, principal, req }) => {
        await getShift(deps, visibleStoreIds(principal), params.id);
        return recordCashMovement(
          deps,
          actorOf(principal, req),
          params.id,
          parseScopedBody(cashMovementRequestSchema, body),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/shifts/:id/no-sale',
      summary: 'Record opening the drawer without a sale (audit-logged); open shifts only',
      tags: TAGS,
      access: STAFF,
      storeScope: SHIFT_SCOPE,
      params: idParams,
      body: scopeFirstBody(noSaleRequestSchema),
      successStatus: 201,
      response: cashMovementSchema,
      handler: async ({ params, body, principal, req }) => {
        await getShift(deps, visibleStoreIds(principal), params.id);
        // The body is optional: a bare POST records a no-sale without a reason.
        return recordNoSale(
          deps,
          actorOf(principal, req),
          params.id,
          parseScopedBody(noSaleRequestSchema, body ?? {}),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/shifts/:id/close',
      summary: 'Close a shift with the counted cash: expected vs counted → over/short, and the Z report',
      tags: TAGS,
      access: STAFF,
      storeScope: SHIFT_SCOPE,
      params: idParams,
      body: scopeFirstBody(closeShiftRequestSchema),
      response: closeShiftResponseSchema,
      handler: async ({ params, body, principal, req }) => {
        await getShift(deps, visibleStoreIds(principal), params.id);
        return closeShift(
          deps,
          actorOf(principal, req),
          params.id,
          parseScopedBody(closeShiftRequestSchema, body),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/shifts/:id/report',
      summary:
        'X report while the shift is open, Z once closed. JSON by default; Accept: text/plain gives 42 columns for a receipt printer, text/html a printable 80 mm page',
      tags: TAGS,
      access: STAFF,
      storeScope: SHIFT_SCOPE,
      params: idParams,
      response: shiftReportSchema,
      rawResponse: ['text/plain', 'text/html'],
      handler: async ({ params, principal, req, res }) => {
        const report = await getShiftReport(deps, visibleStoreIds(principal), params.id);
        res.vary('Accept');
        const format = req.accepts(['application/json', 'text/plain', 'text/html']);
        if (format === 'text/plain') {
          res.status(200).type('text/plain; charset=utf-8').send(renderShiftReportText(report));
          return undefined;
        }
        if (format === 'text/html') {
          res.setHeader('Content-Security-Policy', PRINT_PAGE_CSP);
          res.setHeader('X-Frame-Options', 'SAMEORIGIN');
          res.status(200).type('text/html; charset=utf-8').send(renderShiftReportHtml(report));
          return undefined;
        }
        return report;
      },
    }),
  ];
}
