import type { EmailReceiptRequest, EmailReceiptResponse } from '../../../shared/schemas/sales';
import type { Db, Executor } from '../../db/client';
import { UnavailableError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Mailer } from '../../lib/mailer';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { getStore } from '../stores/stores.service';
import { type ReceiptView, renderReceiptHtml, renderReceiptText } from './receipt-render';
import { findUserName } from './sale-reads.repo';
import { getSaleForStaff } from './sale-reads.service';

/** A customer's frequent-buyer progress at a store, printed under the tenders. */
export type LoyaltyProgressFinder = (
  ex: Executor,
  customerId: string,
  storeId: string,
) => Promise<ReceiptView['loyalty']>;

/** Until the loyalty module is wired in: receipts print no progress. */
export const noLoyaltyProgress: LoyaltyProgressFinder = async () => [];

export type ReceiptsDeps = {
  db: Db;
  logger: Logger;
  /** null when SMTP is not configured: emailing answers 503, printing still works. */
  mailer: Mailer | null;
  findLoyaltyProgress: LoyaltyProgressFinder;
};

/** Who asks: their visible stores (null = admin, every store), user id and where the request came from. */
export type ReceiptActor = { visible: string[] | null; userId: string; origin: RequestOrigin };

/**
 * Everything a sale's receipt prints: the sale (another store's is 404), the store as it is now (name,
 * address, header and footer), the cashier's name, which lines were weighed, and the customer's loyalty
 * progress when the sale has a customer.
 */
export async function buildReceiptView(
  deps: Pick<ReceiptsDeps, 'db' | 'findLoyaltyProgress'>,
  visible: string[] | null,
  saleId: string,
): Promise<ReceiptView> {
  const sale = await getSaleForStaff(deps.db, visible, saleId);
  const [store, cashierName, loyalty] = await Promise.all([
    getStore(deps, null, sale.storeId),
    findUserName(deps.db, sale.cashierId),
    sale.customerId ? deps.findLoyaltyProgress(deps.db, sale.customerId, sale.storeId) : [],
  ]);
  return {
    sale,
    store: {
      code: store.code,
      name: store.name,
      address: store.address,
      timezone: store.timezone,
      currency: store.currency,
      receiptHeader: store.receiptHeader,
      receiptFooter: store.receiptFooter,
    },
    cashierName: cashierName ?? '',
    loyalty,
  };
}

/** "jane.doe@example.com" → "j***@example.com": enough to tell messages apart in logs, not to mail anyone. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at > 0 ? `${email[0]}***${email.slice(at)}` : '***';
}

/** The message of a send failure without the address (SMTP replies often quote it back). */
function scrubbed(error: unknown, email: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(email).join(maskEmail(email));
}

/** The subject, plain text and HTML of a receipt email. */
export function composeReceiptEmail(view: ReceiptView): { subject: string; text: string; html: string } {
  // Header values must stay on one line whatever the store's name holds.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const storeName = view.store.name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return {
    subject: `Your receipt ${view.sale.receiptNumber} from ${storeName}`,
    text: renderReceiptText(view),
    html: renderReceiptHtml(view),
  };
}

/**
 * Emails a sale's receipt (text and HTML parts) through SMTP. Staff of the sale's store only (else 404).
 * No SMTP configured, or the server refusing the message → 503 UNAVAILABLE. Once the server has accepted
 * it, an audit entry 'receipt.emailed' with the address is the record that it was sent; application logs
 * only ever see the address masked.
 */
export async function emailReceipt(
  deps: ReceiptsDeps,
  actor: ReceiptActor,
  saleId: string,
  request: EmailReceiptRequest,
): Promise<EmailReceiptResponse> {
  const log = deps.logger.child({ category: 'sales' });
  const view = await buildReceiptView(deps, actor.visible, saleId);
  if (!deps.mailer) {
    throw new UnavailableError(
      'Email is not set up on this server (SMTP is not configured); print the receipt instead',
    );
  }
  const to = request.email;
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({ to, ...composeReceiptEmail(view) }));
  } catch (error) {
    log.warn('receipt email refused', {
      saleId: view.sale.id,
      receiptNumber: view.sale.receiptNumber,
      to: maskEmail(to),
      error: scrubbed(error, to),
    });
    throw new UnavailableError('The mail server did not accept the receipt; try again later or print it');
  }
  await recordAudit(deps.db, {
    action: 'receipt.emailed',
    actorUserId: actor.userId,
    storeId: view.sale.storeId,
    entityType: 'sale',
    entityId: view.sale.id,
    details: { to },
    origin: actor.origin,
  });
  log.info('receipt emailed', {
    saleId: view.sale.id,
    receiptNumber: view.sale.receiptNumber,
    to: maskEmail(to),
    messageId,
  });
  return { sentTo: to, messageId };
}
