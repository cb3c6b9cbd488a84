import { parseReceiptNumber } from '../../../shared/receipt-number';
import type { ReceiptSequence, ReceiptSequenceParams } from '../../../shared/schemas/sales';
import type { Tx } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { BusinessRuleError, ConflictError } from '../../lib/errors';
import { getStore } from '../stores/stores.service';
import {
  claimReceiptNumber,
  findReceiptSequence,
  registerRegister,
  takeReceiptNumber,
} from './receipt-numbers.repo';
import type { SalesDeps } from './sale-actor';

function notThisRegisters(message: string): BusinessRuleError {
  return new BusinessRuleError('VALIDATION_FAILED', 'The receipt number is not one of this register', [
    { path: 'receiptNumber', message },
  ]);
}

/**
 * The receipt number of a sale or return being written in `tx`. Without `given`, the register's next one.
 * With it (a register that numbered the sale itself, offline), it must be the register's prefix and a
 * sequence number (422 naming receiptNumber), not carried by another sale or return of the store (409
 * RECEIPT_NUMBER_TAKEN), and the register's counter moves past it. Null: the number is already this very
 * transaction's (a concurrent copy of the request committed first), so the caller replays it.
 */
export async function assignReceiptNumber(
  tx: Tx,
  target: { storeId: string; registerId: string; transactionId: string },
  given: string | undefined,
): Promise<string | null> {
  if (given === undefined) {
    return takeReceiptNumber(tx, target);
  }
  const parsed = parseReceiptNumber(given);
  if (!parsed) {
    throw notThisRegisters(
      "must be the register's prefix and a number of at least 6 digits, as S001-1-000124",
    );
  }
  const claim = await claimReceiptNumber(tx, target, { receiptNumber: given, ...parsed });
  if (claim.registerPrefix !== parsed.prefix) {
    throw notThisRegisters(
      `is not a number of register ${target.registerId}: its numbers start ${claim.registerPrefix}`,
    );
  }
  if (claim.ownerId === target.transactionId) {
    return null;
  }
  if (claim.ownerId) {
    throw new ConflictError(`Receipt number ${given} is already used in this store`, 'RECEIPT_NUMBER_TAKEN', [
      { path: 'receiptNumber', message: 'is already on another sale or return of this store' },
    ]);
  }
  return given;
}

/**
 * Where an offline register's numbering stands: its prefix and the number its next sale should carry. A
 * register that never sold is given its register number now (the counter does not move). 404 for a store
 * the caller may not see.
 */
export async function reserveReceiptSequence(
  deps: SalesDeps,
  visible: string[] | null,
  target: ReceiptSequenceParams,
): Promise<ReceiptSequence> {
  await getStore(deps, visible, target.storeId);
  const known = await findReceiptSequence(deps.db, target);
  if (known) {
    return known;
  }
  return withTransaction(deps.db, async (tx) => {
    await registerRegister(tx, target);
    const registered = await findReceiptSequence(tx, target);
    if (!registered) {
      throw new Error(`register ${target.registerId} vanished after it was registered`);
    }
    return registered;
  });
}
