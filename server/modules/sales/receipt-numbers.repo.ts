import { sql } from 'drizzle-orm';
import { formatReceiptNumber, receiptPrefix } from '../../../shared/receipt-number';
import { type Executor, type FixedStatement, runFixedStatement, type Tx } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { registerSequences, stores } from '../../db/schema';

/** Every sale and return takes a number: a fixed statement, prepared once per connection. */
const TAKE_NEXT_NUMBER: FixedStatement = {
  name: 'take_receipt_number',
  text: `update register_sequences r set next_number = r.next_number + 1
    from stores s
    where r.store_id = $1 and r.register_id = $2 and s.id = r.store_id
    returning s.code, r.register_number, r.next_number - 1 as number`,
};

/**
 * The next receipt number of a register, `<store code>-<register number>-<sequence>` (S001-1-000123): short
 * enough to read out, unique per store, and each register counts on its own, so a till that sold offline can
 * print final numbers. Call it inside the sale's transaction: the register's row stays locked until commit,
 * so numbers are never given twice and a rolled-back sale gives its number back.
 *
 * A register's first sale gives it the store's next register number; the store row is locked for that (and
 * only that), so two new registers starting at once get different numbers.
 */
export async function takeReceiptNumber(
  tx: Tx,
  target: { storeId: string; registerId: string },
): Promise<string> {
  const taken = await runFixedStatement<{ code: string; register_number: number; number: number }>(
    tx,
    TAKE_NEXT_NUMBER,
    [target.storeId, target.registerId],
  );
  const row = taken[0] ?? (await registerFirstSale(tx, target));
  return formatReceiptNumber(receiptPrefix(row.code, row.register_number), row.number);
}

async function registerFirstSale(
  tx: Tx,
  target: { storeId: string; registerId: string },
): Promise<{ code: string; register_number: number; number: number }> {
  const [store] = await queryRows<{ code: string }>(
    tx,
    sql`select code from ${stores} where id = ${target.storeId} for no key update`,
  );
  if (!store) {
    throw new Error(`store ${target.storeId} does not exist`);
  }
  // Another transaction may have registered this register while we waited for the store lock.
  const [row] = await queryRows<{ register_number: number; number: number }>(
    tx,
    sql`insert into ${registerSequences} (store_id, register_id, register_number, next_number)
        values (${target.storeId}, ${target.registerId},
          (select coalesce(max(register_number), 0) + 1 from ${registerSequences} where store_id = ${target.storeId}),
          2)
        on conflict (store_id, register_id) do update set next_number = ${registerSequences.nextNumber} + 1
        returning register_number, next_number - 1 as number`,
  );
  return { code: store.code, register_number: row!.register_number, number: row!.number };
}

/**
 * Locks the register's row and, when `prefix` is the register's own, moves its counter past `sequence` (it
 * never goes back). Fixed statements, like takeReceiptNumber; the transaction rolls the counter back if the
 * number is refused.
 */
const CLAIM_NUMBER: FixedStatement = {
  name: 'claim_receipt_number',
  text: `update register_sequences r
    set next_number = case when s.code || '-' || r.register_number || '-' = $3
      then greatest(r.next_number, $4::integer + 1) else r.next_number end
    from stores s
    where r.store_id = $1 and r.register_id = $2 and s.id = r.store_id
    returning s.code, r.register_number`,
};

const FIND_NUMBER_OWNER: FixedStatement = {
  name: 'find_receipt_number_owner',
  text: 'select id from sales_transactions where store_id = $1 and receipt_number = $2',
};

/**
 * A number the register gave a sale itself (offline): the register's prefix, and which sale or return of
 * the store already carries the number (null: none). Call it inside the sale's transaction. The owner is
 * read after the register's row is locked, in a statement of its own, so it sees every sale of this register
 * that committed before: two sales with one number cannot both pass.
 */
export async function claimReceiptNumber(
  tx: Tx,
  target: { storeId: string; registerId: string },
  claimed: { receiptNumber: string; prefix: string; sequence: number },
): Promise<{ registerPrefix: string; ownerId: string | null }> {
  const values = [target.storeId, target.registerId, claimed.prefix, claimed.sequence];
  let [row] = await runFixedStatement<{ code: string; register_number: number }>(tx, CLAIM_NUMBER, values);
  if (!row) {
    await registerRegister(tx, target);
    [row] = await runFixedStatement<{ code: string; register_number: number }>(tx, CLAIM_NUMBER, values);
  }
  const registerPrefix = receiptPrefix(row!.code, row!.register_number);
  if (registerPrefix !== claimed.prefix) {
    return { registerPrefix, ownerId: null };
  }
  const [owner] = await runFixedStatement<{ id: string }>(tx, FIND_NUMBER_OWNER, [
    target.storeId,
    claimed.receiptNumber,
  ]);
  return { registerPrefix, ownerId: owner?.id ?? null };
}

/** A register's prefix and the number its next sale carries, or undefined when it never sold. */
export async function findReceiptSequence(
  ex: Executor,
  target: { storeId: string; registerId: string },
): Promise<{ prefix: string; nextNumber: number } | undefined> {
  const [row] = await queryRows<{ code: string; register_number: number; next_number: number }>(
    ex,
    sql`select s.code, r.register_number, r.next_number
        from ${registerSequences} r join ${stores} s on s.id = r.store_id
        where r.store_id = ${target.storeId} and r.register_id = ${target.registerId}`,
  );
  return row
    ? { prefix: receiptPrefix(row.code, row.register_number), nextNumber: Number(row.next_number) }
    : undefined;
}

/**
 * Gives a register that never sold the store's next register number, its counter at 1 (the same rule as a
 * first sale: the store row is locked so two new registers get different numbers).
 */
export async function registerRegister(
  tx: Tx,
  target: { storeId: string; registerId: string },
): Promise<void> {
  const [store] = await queryRows<{ code: string }>(
    tx,
    sql`select code from ${stores} where id = ${target.storeId} for no key update`,
  );
  if (!store) {
    throw new Error(`store ${target.storeId} does not exist`);
  }
  await tx.execute(
    sql`insert into ${registerSequences} (store_id, register_id, register_number, next_number)
        values (${target.storeId}, ${target.registerId},
          (select coalesce(max(register_number), 0) + 1 from ${registerSequences} where store_id = ${target.storeId}),
          1)
        on conflict (store_id, register_id) do nothing`,
  );
}
