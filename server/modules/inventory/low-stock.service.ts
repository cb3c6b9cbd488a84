import { businessDateAt } from '../../../shared/time';
import type {
  ReorderSuggestionGroup,
  ReorderSuggestionItem,
  ReorderSuggestions,
} from '../../../shared/schemas/low-stock';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { NotFoundError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { createMailer, type Mailer } from '../../lib/mailer';
import {
  type ActiveStoreRow,
  findActiveStoreManagers,
  findActiveStores,
  findLowStockItems,
  type LowStockRow,
} from './low-stock.repo';
import { findStoreIdIfExists } from './stock-counts.repo';

/**
 * What to order of a low product. position = onHand + onOrder (open purchase orders); nothing while the
 * position is above the reorder point, otherwise max(reorderQuantity, reorderPoint − position + 1):
 * at least one order quantity, and always enough to lift the position above the reorder point.
 */
export function suggestedOrderQuantity(row: {
  onHand: number;
  reorderPoint: number;
  reorderQuantity: number;
  onOrder: number;
}): number {
  const position = row.onHand + row.onOrder;
  if (position > row.reorderPoint) {
    return 0;
  }
  return Math.max(row.reorderQuantity, row.reorderPoint - position + 1);
}

function presentItem(row: LowStockRow): ReorderSuggestionItem {
  return {
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    onHand: row.onHand,
    reorderPoint: row.reorderPoint,
    reorderQuantity: row.reorderQuantity,
    onOrder: row.onOrder,
    suggestedQuantity: suggestedOrderQuantity(row),
    unitCostCents: row.unitCostCents,
  };
}

/**
 * Low-stock products of a store that still need ordering (those covered by open purchase orders are
 * left out), grouped by preferred active supplier by name; products without one come last (supplier null).
 */
export async function listReorderSuggestions(
  deps: { db: Db },
  visibleStoreIds: string[] | null,
  storeId: string,
  now: Date = new Date(),
): Promise<ReorderSuggestions> {
  if (visibleStoreIds && !visibleStoreIds.includes(storeId)) {
    throw new NotFoundError('Store');
  }
  if (!(await findStoreIdIfExists(deps.db, storeId))) {
    throw new NotFoundError('Store');
  }
  const rows = await findLowStockItems(deps.db, storeId);
  const groups = new Map<string, ReorderSuggestionGroup>();
  for (const row of rows) {
    const item = presentItem(row);
    if (item.suggestedQuantity === 0) {
      continue;
    }
    const key = row.supplierId ?? '';
    const group = groups.get(key) ?? {
      supplier: row.supplierId ? { id: row.supplierId, name: row.supplierName ?? '' } : null,
      items: [],
      totalQuantity: 0,
      estimatedCostCents: 0,
    };
    group.items.push(item);
    group.totalQuantity += item.suggestedQuantity;
    group.estimatedCostCents += item.suggestedQuantity * item.unitCostCents;
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) => {
    if (!a.supplier || !b.supplier) {
      return a.supplier ? -1 : b.supplier ? 1 : 0;
    }
    return a.supplier.name.localeCompare(b.supplier.name) || a.supplier.id.localeCompare(b.supplier.id);
  });
  return { storeId, generatedAt: now.toISOString(), groups: sorted };
}

export type LowStockEmailSummary = {
  storesChecked: number;
  /** Stores for which at least one email went out. */
  storesEmailed: number;
  emailsSent: number;
  /** Stores with low stock but no active manager with an email address. */
  skipped: number;
  /** Messages the SMTP server did not accept. */
  failed: number;
};

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The subject, plain text and HTML of one store's low-stock email. */
export function composeLowStockEmail(
  store: ActiveStoreRow,
  items: LowStockRow[],
  now: Date,
): { subject: string; text: string; html: string } {
  const date = businessDateAt(now, store.timezone);
  const subject = `Low stock at ${store.code} — ${items.length} ${items.length === 1 ? 'item' : 'items'}`;
  const header = ['SKU', 'Name', 'On hand', 'Reorder point', 'Suggested quantity'];
  const rows = items.map((item) => [
    item.sku,
    item.name,
    String(item.onHand),
    String(item.reorderPoint),
    String(suggestedOrderQuantity(item)),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column >= 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const intro = `${items.length} ${items.length === 1 ? 'product is' : 'products are'} at or below the reorder point at ${store.name} (${store.code}) on ${date}.`;
  const note = 'Suggested quantities already count what open purchase orders will bring.';
  const text = [intro, '', line(header), ...rows.map(line), '', note, ''].join('\n');
  const cellStyle = 'style="padding:2px 8px;border:1px solid #ccc"';
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(intro)}</p>`,
    '<table style="border-collapse:collapse">',
    `<thead><tr>${header.map((title) => `<th ${cellStyle}>${escapeHtml(title)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map(
      (row) => `<tr>${row.map((cell) => `<td ${cellStyle}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
    ),
    '</tbody></table>',
    `<p>${escapeHtml(note)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/**
 * The daily low-stock email: for each active store with low-stock products, one message to each
 * active manager of the store who has an email address. Admins are not mailed (they see every store).
 * A failed send is logged and counted, and the others still go out. With mailer null (SMTP not
 * configured) nothing is sent and every store with low stock counts as skipped.
 */
export async function sendLowStockEmails(deps: {
  db: Db;
  config: Pick<Config, 'smtp'>;
  logger: Logger;
  mailer?: Mailer | null;
  now?: Date;
}): Promise<LowStockEmailSummary> {
  const log = deps.logger.child({ category: 'jobs', job: 'low-stock-email' });
  const now = deps.now ?? new Date();
  const mailer = deps.mailer === undefined ? createMailer(deps.config) : deps.mailer;
  const summary: LowStockEmailSummary = {
    storesChecked: 0,
    storesEmailed: 0,
    emailsSent: 0,
    skipped: 0,
    failed: 0,
  };
  try {
    for (const store of await findActiveStores(deps.db)) {
      summary.storesChecked++;
      const items = await findLowStockItems(deps.db, store.id);
      if (items.length === 0) {
        continue;
      }
      const recipients = (await findActiveStoreManagers(deps.db, store.id)).flatMap((manager) =>
        manager.email ? [manager.email] : [],
      );
      if (!mailer || recipients.length === 0) {
        summary.skipped++;
        log.warn('low-stock email skipped', {
          storeCode: store.code,
          items: items.length,
          reason: mailer ? 'no active manager with an email address' : 'SMTP is not configured',
        });
        continue;
      }
      const message = composeLowStockEmail(store, items, now);
      let sent = 0;
      for (const to of recipients) {
        try {
          await mailer.send({ to, ...message });
          sent++;
        } catch (error) {
          summary.failed++;
          log.error('low-stock email failed', {
            storeCode: store.code,
            to,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      summary.emailsSent += sent;
      summary.storesEmailed += sent > 0 ? 1 : 0;
    }
  } finally {
    if (deps.mailer === undefined) {
      mailer?.close();
    }
  }
  log.info('low-stock emails done', { ...summary });
  return summary;
}
