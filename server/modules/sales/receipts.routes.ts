import { createHash } from 'node:crypto';
import { idParams } from '../../../shared/schemas/common';
import { emailReceiptRequestSchema, emailReceiptResponseSchema } from '../../../shared/schemas/sales';
import { requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import { AppError } from '../../lib/errors';
import { createMailer, type Mailer } from '../../lib/mailer';
import { parseScopedBody, scopeFirstBody } from '../../http/scope-first-body';
import type { ModuleDeps } from '../module-deps';
import { RECEIPT_STYLESHEET, renderReceiptHtml, renderReceiptText } from './receipt-render';
import {
  buildReceiptView,
  emailReceipt,
  type LoyaltyProgressFinder,
  noLoyaltyProgress,
} from './receipts.service';
import { SALE_SCOPE } from './sale-reads.routes';
import { getSaleForStaff } from './sale-reads.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;
const RECEIPT_TYPES = ['text/html', 'text/plain'] as const;

/**
 * The receipt page may use its own stylesheet (allowed by hash) and nothing else: no scripts, no fetches.
 * Unlike other API answers it may be framed by the app itself, so the register can print it from a hidden
 * iframe.
 */
const RECEIPT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(RECEIPT_STYLESHEET).digest('base64')}'`,
  "frame-ancestors 'self'",
].join('; ');

export type ReceiptRoutesDeps = ModuleDeps & {
  /** Frequent-buyer progress printed on receipts of sales with a customer; none by default. */
  findLoyaltyProgress?: LoyaltyProgressFinder;
  /** Defaults to SMTP from config (null when not configured). */
  mailer?: Mailer | null;
};

export function receiptRoutes(deps: ReceiptRoutesDeps): AnyRoute[] {
  const receipts = {
    db: deps.db,
    logger: deps.logger,
    mailer: deps.mailer === undefined ? createMailer(deps.config) : deps.mailer,
    findLoyaltyProgress: deps.findLoyaltyProgress ?? noLoyaltyProgress,
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/sales/:id/receipt',
      summary:
        'The receipt: Accept text/html → a printable 80 mm page (the default for */*), text/plain → 42 columns',
      tags: ['sales'],
      access: STAFF,
      storeScope: SALE_SCOPE,
      params: idParams,
      rawResponse: RECEIPT_TYPES,
      handler: async ({ params, principal, req, res }) => {
        const view = await buildReceiptView(receipts, visibleStoreIds(principal), params.id);
        res.setHeader('Vary', 'Accept');
        const type = req.accepts([...RECEIPT_TYPES]);
        if (type === 'text/plain') {
          res.status(200).type('text/plain; charset=utf-8').send(renderReceiptText(view));
          return undefined;
        }
        if (type === 'text/html') {
          res.setHeader('Content-Security-Policy', RECEIPT_CSP);
          res.setHeader('X-Frame-Options', 'SAMEORIGIN');
          res.status(200).type('text/html; charset=utf-8').send(renderReceiptHtml(view));
          return undefined;
        }
        throw new AppError(406, 'VALIDATION_FAILED', 'A receipt is text/html or text/plain', [
          { path: 'accept', message: 'must accept text/html or text/plain' },
        ]);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/sales/:id/receipt/email',
      summary: 'Email the receipt (text and HTML) through SMTP; 503 when mail is not set up or refused',
      tags: ['sales'],
      access: STAFF,
      storeScope: SALE_SCOPE,
      params: idParams,
      body: scopeFirstBody(emailReceiptRequestSchema),
      successStatus: 202,
      response: emailReceiptResponseSchema,
      handler: async ({ params, body, principal, req }) => {
        const visible = visibleStoreIds(principal);
        // Another store's sale is 404 before anything about the body is said.
        await getSaleForStaff(deps.db, visible, params.id);
        return emailReceipt(
          receipts,
          { visible, userId: principal.userId, origin: requestOrigin(req) },
          params.id,
          parseScopedBody(emailReceiptRequestSchema, body),
        );
      },
    }),
  ];
}
