import { sql } from 'drizzle-orm';
import { type FixedStatement, runFixedStatement, type Tx } from '../../db/client';
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
  return `${row.code}-${row.register_number}-${String(row.number).padStart(6, '0')}`;
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
