import type { Page } from '../../../shared/schemas/common';
import type { Store } from '../../../shared/schemas/stores';
import type {
  CreateTransferRequest,
  ListTransfersQuery,
  ReceiveTransferRequest,
  Transfer,
} from '../../../shared/schemas/transfers';
import type { Db, Executor } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { encodeCursor } from '../../lib/cursor';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { getStore } from '../stores/stores.service';
import { findExistingProductIds } from './inventory.repo';
import { decodeKeysetCursor } from './inventory.service';
import { applyStockMovements } from './stock-ledger.service';
import {
  findTransferById,
  findTransferLines,
  findTransfers,
  insertTransfer,
  insertTransferLines,
  lockTransferForUpdate,
  markTransferCancelled,
  markTransferReceived,
  type TransferLineRow,
  type TransferRow,
  updateLineQuantityReceived,
} from './transfers.repo';

export type TransfersDeps = { db: Db };

/** Who is acting: their visible stores (null = admin, every store) and user id. */
export type TransferActor = { visible: string[] | null; userId: string; origin: RequestOrigin };

export function presentTransfer(row: TransferRow, lines: TransferLineRow[]): Transfer {
  return {
    id: row.id,
    status: row.status,
    fromStoreId: row.fromStoreId,
    toStoreId: row.toStoreId,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    receivedBy: row.receivedBy,
    receivedAt: row.receivedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    lines: lines.map((line) => ({
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      quantityReceived: line.quantityReceived,
    })),
    discrepancies: lines.flatMap((line) =>
      line.quantityReceived !== null && line.quantityReceived !== line.quantity
        ? [
            {
              productId: line.productId,
              quantity: line.quantity,
              quantityReceived: line.quantityReceived,
              difference: line.quantityReceived - line.quantity,
            },
          ]
        : [],
    ),
  };
}

async function loadTransfer(ex: Executor, row: TransferRow): Promise<Transfer> {
  return presentTransfer(row, await findTransferLines(ex, [row.id]));
}

function canSee(visible: string[] | null, row: TransferRow): boolean {
  return !visible || visible.includes(row.fromStoreId) || visible.includes(row.toStoreId);
}

async function storeOrFieldError(deps: TransfersDeps, id: string, path: string): Promise<Store> {
  try {
    return await getStore(deps, null, id);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ValidationError([{ path, message: 'no such store' }]);
    }
    throw error;
  }
}

/**
 * Sends stock from one store to another: the transfer, its lines and one transfer_out movement per line
 * commit together, under the source store's negative-stock policy. The sender must be assigned to the
 * source store (admins: any); the destination may be any other active store.
 */
export async function sendTransfer(
  deps: TransfersDeps,
  actor: TransferActor,
  request: CreateTransferRequest,
): Promise<Transfer> {
  if (request.fromStoreId === request.toStoreId) {
    throw new ValidationError([{ path: 'toStoreId', message: 'must be a different store than fromStoreId' }]);
  }
  if (actor.visible && !actor.visible.includes(request.fromStoreId)) {
    throw new ForbiddenError('You can only send transfers from a store you are assigned to');
  }
  const fromStore = await storeOrFieldError(deps, request.fromStoreId, 'fromStoreId');
  const toStore = await storeOrFieldError(deps, request.toStoreId, 'toStoreId');
  if (!toStore.active) {
    throw new ValidationError([{ path: 'toStoreId', message: 'is an inactive store' }]);
  }
  const seen = new Set<string>();
  const duplicates = request.lines.flatMap((line, index) => {
    const repeated = seen.has(line.productId);
    seen.add(line.productId);
    return repeated ? [{ path: `lines.${index}.productId`, message: 'is already on another line' }] : [];
  });
  if (duplicates.length > 0) {
    throw new ValidationError(duplicates);
  }
  return withTransaction(deps.db, async (tx) => {
    const known = await findExistingProductIds(tx, [...seen]);
    const unknown = request.lines.flatMap((line, index) =>
      known.has(line.productId) ? [] : [{ path: `lines.${index}.productId`, message: 'no such product' }],
    );
    if (unknown.length > 0) {
      throw new ValidationError(unknown);
    }
    const row = await insertTransfer(tx, {
      fromStoreId: request.fromStoreId,
      toStoreId: request.toStoreId,
      note: request.note,
      createdBy: actor.userId,
    });
    await insertTransferLines(tx, row.id, request.lines);
    await applyStockMovements(
      tx,
      request.lines.map((line) => ({
        storeId: request.fromStoreId,
        productId: line.productId,
        delta: -line.quantity,
        reason: 'transfer_out' as const,
        refType: 'transfer' as const,
        refId: row.id,
        userId: actor.userId,
      })),
      { allowNegative: fromStore.allowNegativeStock },
    );
    await recordAudit(tx, {
      action: 'transfer.sent',
      actorUserId: actor.userId,
      storeId: request.fromStoreId,
      entityType: 'transfer',
      entityId: row.id,
      details: { toStoreId: request.toStoreId, lines: request.lines, note: request.note },
      origin: actor.origin,
    });
    return loadTransfer(tx, row);
  });
}

/** A transfer the caller may see (staff of either store); anything else is 404. */
export async function getTransfer(
  deps: TransfersDeps,
  visible: string[] | null,
  id: string,
): Promise<Transfer> {
  const row = await findTransferById(deps.db, id);
  if (!row || !canSee(visible, row)) {
    throw new NotFoundError('Transfer');
  }
  return loadTransfer(deps.db, row);
}

/** Transfers from or to the caller's stores, newest first; a storeId the caller cannot see yields nothing. */
export async function listTransfers(
  deps: TransfersDeps,
  visible: string[] | null,
  query: ListTransfersQuery,
): Promise<Page<Transfer>> {
  const after = decodeKeysetCursor(query.cursor, (key) => !Number.isNaN(Date.parse(key)));
  const rows = await findTransfers(deps.db, {
    storeIds: visible,
    storeId: query.storeId,
    status: query.status,
    after: after ? { createdKey: after.key, id: after.id } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const lines = await findTransferLines(
    deps.db,
    items.map((row) => row.id),
  );
  const last = items.at(-1);
  return {
    items: items.map((row) =>
      presentTransfer(
        row,
        lines.filter((line) => line.transferId === row.id),
      ),
    ),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdKey, last.id]) : null,
  };
}

/** Locks the transfer and checks the caller may act for `side` and that it is still in transit. */
async function lockInTransit(
  ex: Executor,
  actor: TransferActor,
  id: string,
  side: 'fromStoreId' | 'toStoreId',
): Promise<TransferRow> {
  const row = await lockTransferForUpdate(ex, id);
  if (!row || !canSee(actor.visible, row)) {
    throw new NotFoundError('Transfer');
  }
  if (actor.visible && !actor.visible.includes(row[side])) {
    throw new ForbiddenError(
      side === 'toStoreId'
        ? 'Only staff of the receiving store can receive a transfer'
        : 'Only staff of the sending store can cancel a transfer',
    );
  }
  if (row.status !== 'in_transit') {
    throw new ConflictError(`The transfer is already ${row.status}`);
  }
  return row;
}

/**
 * Receives a transfer at its destination: every line must be listed once with what arrived (0 allowed);
 * transfer_in movements add what arrived, and differences from what was sent are recorded on the lines
 * and returned as discrepancies. Only once: a received or cancelled transfer answers 409.
 */
export async function receiveTransfer(
  deps: TransfersDeps,
  actor: TransferActor,
  id: string,
  request: ReceiveTransferRequest,
): Promise<Transfer> {
  return withTransaction(deps.db, async (tx) => {
    const row = await lockInTransit(tx, actor, id, 'toStoreId');
    const lines = await findTransferLines(tx, [row.id]);
    const onTransfer = new Set(lines.map((line) => line.productId));
    const seen = new Set<string>();
    const details = request.lines.flatMap((line, index) => {
      const path = `lines.${index}.productId`;
      if (!onTransfer.has(line.productId)) {
        return [{ path, message: 'is not on this transfer' }];
      }
      if (seen.has(line.productId)) {
        return [{ path, message: 'is already on another line' }];
      }
      seen.add(line.productId);
      return [];
    });
    const missing = lines.filter((line) => !seen.has(line.productId));
    if (details.length === 0 && missing.length > 0) {
      details.push({
        path: 'lines',
        message: `must list every product of the transfer; missing ${missing.map((line) => line.sku).join(', ')}`,
      });
    }
    if (details.length > 0) {
      throw new ValidationError(details);
    }
    await updateLineQuantityReceived(tx, row.id, request.lines);
    const arrived = request.lines.filter((line) => line.quantityReceived > 0);
    if (arrived.length > 0) {
      await applyStockMovements(
        tx,
        arrived.map((line) => ({
          storeId: row.toStoreId,
          productId: line.productId,
          delta: line.quantityReceived,
          reason: 'transfer_in' as const,
          refType: 'transfer' as const,
          refId: row.id,
          userId: actor.userId,
        })),
        { allowNegative: true },
      );
    }
    await markTransferReceived(tx, row.id, actor.userId);
    const received = await loadTransfer(tx, (await findTransferById(tx, row.id))!);
    await recordAudit(tx, {
      action: 'transfer.received',
      actorUserId: actor.userId,
      storeId: row.toStoreId,
      entityType: 'transfer',
      entityId: row.id,
      details: { fromStoreId: row.fromStoreId, lines: request.lines, discrepancies: received.discrepancies },
      origin: actor.origin,
    });
    return received;
  });
}

/**
 * Cancels a transfer still in transit (staff of the sending store): everything sent goes back to the
 * source with transfer_in movements noted as a cancellation.
 */
export async function cancelTransfer(
  deps: TransfersDeps,
  actor: TransferActor,
  id: string,
): Promise<Transfer> {
  return withTransaction(deps.db, async (tx) => {
    const row = await lockInTransit(tx, actor, id, 'fromStoreId');
    const lines = await findTransferLines(tx, [row.id]);
    if (lines.length > 0) {
      await applyStockMovements(
        tx,
        lines.map((line) => ({
          storeId: row.fromStoreId,
          productId: line.productId,
          delta: line.quantity,
          reason: 'transfer_in' as const,
          refType: 'transfer' as const,
          refId: row.id,
          userId: actor.userId,
          note: 'transfer cancelled: returned to the sending store',
        })),
        { allowNegative: true },
      );
    }
    await markTransferCancelled(tx, row.id);
    await recordAudit(tx, {
      action: 'transfer.cancelled',
      actorUserId: actor.userId,
      storeId: row.fromStoreId,
      entityType: 'transfer',
      entityId: row.id,
      details: { toStoreId: row.toStoreId },
      origin: actor.origin,
    });
    return loadTransfer(tx, (await findTransferById(tx, row.id))!);
  });
}
