import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../server/db/transaction';
import { takeReceiptNumber } from '../../server/modules/sales/receipt-numbers.repo';
import { makeStore, type StoreFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let otherStore: StoreFixture;

beforeAll(async () => {
  t = await createTestApp({ env: { DB_MAX_CONNECTIONS: '10' } });
  store = await makeStore(t.database.db, { code: 'RCP1' });
  otherStore = await makeStore(t.database.db, { code: 'RCP2' });
});
afterAll(() => t.close());

const take = (storeId: string, registerId: string) =>
  withTransaction(t.database.db, (tx) => takeReceiptNumber(tx, { storeId, registerId }));

// On PostgreSQL (`npm run test:pg`) the 40 takes below really run at once on a pool of 10 connections.
describe('receipt numbers', () => {
  it('count per register, each register numbered in its store on its first sale', async () => {
    expect(await take(store.id, 'till-1')).toBe('RCP1-1-000001');
    expect(await take(store.id, 'till-1')).toBe('RCP1-1-000002');
    expect(await take(store.id, 'till-2')).toBe('RCP1-2-000001');
    expect(await take(otherStore.id, 'till-1')).toBe('RCP2-1-000001');
    expect(await take(store.id, 'till-1')).toBe('RCP1-1-000003');
  });

  it('a rolled-back sale gives its number back', async () => {
    await expect(
      withTransaction(t.database.db, async (tx) => {
        await takeReceiptNumber(tx, { storeId: store.id, registerId: 'till-1' });
        throw new Error('payment failed');
      }),
    ).rejects.toThrow('payment failed');
    expect(await take(store.id, 'till-1')).toBe('RCP1-1-000004');
  });

  it('sales at once on existing and brand-new registers never share a number', async () => {
    const registers = ['till-1', 'till-2', 'till-3', 'till-4'];
    const numbers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => take(store.id, registers[i % registers.length]!)),
    );
    expect(new Set(numbers).size).toBe(40);
    // Each register's numbers are consecutive, and the new registers got distinct register numbers.
    const byRegister = new Map<string, number[]>();
    for (const number of numbers) {
      const [, register, sequence] = number.split('-');
      byRegister.set(register!, [...(byRegister.get(register!) ?? []), Number(sequence)]);
    }
    expect([...byRegister.keys()].sort()).toEqual(['1', '2', '3', '4']);
    expect(byRegister.get('1')!.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 5));
    expect(byRegister.get('3')!.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(numbers.every((n) => /^RCP1-[1-4]-\d{6}$/.test(n))).toBe(true);
  });
});
