import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { products, transferLines, transfers } from '../../db/schema';
import type { TransferStatus } from '../../db/schema/transfers';

export type TransferRow = typeof transfers.$inferSelect;
export type TransferLineRow = {
  id: string;
  transferId: string;
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  quantityReceived: number | null;
};

export async function insertTransfer(
  ex: Executor,
  transfer: { fromStoreId: string; toStoreId: string; note: string | null; createdBy: string },
): Promise<TransferRow> {
  const [row] = await ex.insert(transfers).values(transfer).returning();
  return row!;
}

export async function insertTransferLines(
  ex: Executor,
  transferId: string,
  lines: { productId: string; quantity: number }[],
): Promise<void> {
  await ex.insert(transferLines).values(lines.map((line) => ({ transferId, ...line })));
}

export async function findTransferById(ex: Executor, id: string): Promise<TransferRow | undefined> {
  const [row] = await ex.select().from(transfers).where(eq(transfers.id, id)).limit(1);
  return row;
}

/** Locks the transfer so a receive and a cancel (or two receives) cannot both act on it. */
export async function lockTransferForUpdate(ex: Executor, id: string): Promise<TransferRow | undefined> {
  const [row] = await ex.select().from(transfers).where(eq(transfers.id, id)).limit(1).for('update');
  return row;
}

/** Lines of the given transfers with product SKU and name, in insertion-independent (SKU) order. */
export async function findTransferLines(ex: Executor, transferIds: string[]): Promise<TransferLineRow[]> {
  if (transferIds.length === 0) {
    return [];
  }
  return ex
    .select({
      id: transferLines.id,
      transferId: transferLines.transferId,
      productId: transferLines.productId,
      sku: products.sku,
      name: products.name,
      quantity: transferLines.quantity,
      quantityReceived: transferLines.quantityReceived,
    })
    .from(transferLines)
    .innerJoin(products, eq(products.id, transferLines.productId))
    .where(inArray(transferLines.transferId, transferIds))
    .orderBy(asc(products.sku));
}

export async function updateLineQuantityReceived(
  ex: Executor,
  transferId: string,
  received: { productId: string; quantityReceived: number }[],
): Promise<void> {
  if (received.length === 0) {
    return;
  }
  const values = sql.join(
    received.map((line) => sql`(${line.productId}::uuid, ${line.quantityReceived}::int)`),
    sql`, `,
  );
  await ex.execute(
    sql`update ${transferLines} set quantity_received = v.quantity_received
        from (values ${values}) as v(product_id, quantity_received)
        where ${transferLines.transferId} = ${transferId} and ${transferLines.productId} = v.product_id`,
  );
}

export async function markTransferReceived(ex: Executor, id: string, receivedBy: string): Promise<void> {
  await ex
    .update(transfers)
    .set({ status: 'received', receivedBy, receivedAt: sql`now()` })
    .where(eq(transfers.id, id));
}

export async function markTransferCancelled(ex: Executor, id: string): Promise<void> {
  await ex
    .update(transfers)
    .set({ status: 'cancelled', cancelledAt: sql`now()` })
    .where(eq(transfers.id, id));
}

export type TransferFilter = {
  /** null = every store (admins); otherwise transfers from or to one of these. */
  storeIds: string[] | null;
  storeId?: string;
  status?: TransferStatus;
  after?: { createdKey: string; id: string };
  limit: number;
};

/** Newest first, keyset-paginated on (created_at, id); createdKey keeps the microseconds for the cursor. */
export async function findTransfers(
  ex: Executor,
  filter: TransferFilter,
): Promise<(TransferRow & { createdKey: string })[]> {
  const conditions: SQL[] = [];
  if (filter.storeIds) {
    if (filter.storeIds.length === 0) {
      return [];
    }
    conditions.push(
      sql`(${inArray(transfers.fromStoreId, filter.storeIds)} or ${inArray(transfers.toStoreId, filter.storeIds)})`,
    );
  }
  if (filter.storeId) {
    conditions.push(
      sql`(${transfers.fromStoreId} = ${filter.storeId} or ${transfers.toStoreId} = ${filter.storeId})`,
    );
  }
  if (filter.status) {
    conditions.push(eq(transfers.status, filter.status));
  }
  if (filter.after) {
    conditions.push(
      sql`(${transfers.createdAt}, ${transfers.id}) < (${filter.after.createdKey}::timestamptz, ${filter.after.id}::uuid)`,
    );
  }
  const keys = await queryRows<{ id: string; created_key: string }>(
    ex,
    sql`select ${transfers.id} as id,
          to_char(${transfers.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key
        from ${transfers}
        ${conditions.length > 0 ? sql`where ${and(...conditions)}` : sql``}
        order by ${transfers.createdAt} desc, ${transfers.id} desc
        limit ${filter.limit}`,
  );
  if (keys.length === 0) {
    return [];
  }
  const rows = await ex
    .select()
    .from(transfers)
    .where(
      inArray(
        transfers.id,
        keys.map((key) => key.id),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return keys.map((key) => ({ ...byId.get(key.id)!, createdKey: key.created_key }));
}
