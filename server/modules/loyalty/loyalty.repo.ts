import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import {
  categories,
  customers,
  loyaltyAccounts,
  loyaltyProgramStores,
  loyaltyPrograms,
  loyaltyPurchases,
  loyaltyRewards,
  products,
  salesTransactionItems,
  salesTransactions,
  stores,
} from '../../db/schema';
import type { LoyaltyQualifying } from '../../db/schema/loyalty';

function uuidArray(ids: readonly string[]): SQL {
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
}

// ---------------------------------------------------------------------------------------------------------
// Programs

export type ProgramRow = typeof loyaltyPrograms.$inferSelect & { storeIds: string[] };

const programStoreIds = sql<string[]>`coalesce((select array_agg(ps.store_id order by ps.store_id)
  from ${loyaltyProgramStores} ps where ps.program_id = ${loyaltyPrograms.id}), '{}'::uuid[])`;

const programColumns = {
  id: loyaltyPrograms.id,
  name: loyaltyPrograms.name,
  qualifying: loyaltyPrograms.qualifying,
  buyQuantity: loyaltyPrograms.buyQuantity,
  rewardQuantity: loyaltyPrograms.rewardQuantity,
  windowMonths: loyaltyPrograms.windowMonths,
  active: loyaltyPrograms.active,
  createdAt: loyaltyPrograms.createdAt,
  updatedAt: loyaltyPrograms.updatedAt,
  storeIds: programStoreIds,
};

/** Both drivers hand a uuid[] back as an array, but PGlite may keep the text form; read either. */
function toProgram(row: Omit<ProgramRow, 'storeIds'> & { storeIds: unknown }): ProgramRow {
  const raw = row.storeIds;
  const storeIds = Array.isArray(raw)
    ? raw.map(String)
    : String(raw ?? '{}')
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter((id) => id.length > 0);
  return { ...row, storeIds };
}

/** Programs with at least one store in storeIds (null: any), by lower(name), id after `after`. */
export async function findPrograms(
  ex: Executor,
  filter: {
    storeIds: string[] | null;
    active?: boolean;
    after?: { name: string; id: string };
    limit: number;
  },
): Promise<ProgramRow[]> {
  const conditions: SQL[] = [];
  if (filter.storeIds) {
    if (filter.storeIds.length === 0) {
      return [];
    }
    conditions.push(
      sql`exists (select 1 from ${loyaltyProgramStores} ps where ps.program_id = ${loyaltyPrograms.id}
        and ps.store_id = any(${uuidArray(filter.storeIds)}))`,
    );
  }
  if (filter.active !== undefined) {
    conditions.push(eq(loyaltyPrograms.active, filter.active));
  }
  if (filter.after) {
    conditions.push(
      sql`(lower(${loyaltyPrograms.name}), ${loyaltyPrograms.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`,
    );
  }
  const rows = await ex
    .select(programColumns)
    .from(loyaltyPrograms)
    .where(and(...conditions))
    .orderBy(sql`lower(${loyaltyPrograms.name})`, asc(loyaltyPrograms.id))
    .limit(filter.limit);
  return rows.map(toProgram);
}

export async function findProgramById(
  ex: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ProgramRow | undefined> {
  const query = ex.select(programColumns).from(loyaltyPrograms).where(eq(loyaltyPrograms.id, id)).limit(1);
  const [row] = options.forUpdate ? await query.for('update', { of: loyaltyPrograms }) : await query;
  return row ? toProgram(row) : undefined;
}

export async function insertProgram(
  ex: Executor,
  program: {
    name: string;
    qualifying: LoyaltyQualifying;
    buyQuantity: number;
    rewardQuantity: number;
    windowMonths: number | null;
  },
): Promise<string> {
  const [row] = await ex.insert(loyaltyPrograms).values(program).returning({ id: loyaltyPrograms.id });
  return row!.id;
}

export async function updateProgramColumns(
  ex: Executor,
  id: string,
  changes: { name?: string; active?: boolean; windowMonths?: number | null },
): Promise<void> {
  await ex
    .update(loyaltyPrograms)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(loyaltyPrograms.id, id));
}

export async function replaceProgramStores(
  ex: Executor,
  programId: string,
  storeIds: string[],
): Promise<void> {
  await ex.delete(loyaltyProgramStores).where(eq(loyaltyProgramStores.programId, programId));
  await ex.insert(loyaltyProgramStores).values(storeIds.map((storeId) => ({ programId, storeId })));
}

/** Active programs that run in the store: the ones a sale there can count towards or redeem. */
export async function findActiveProgramsOfStore(ex: Executor, storeId: string): Promise<ProgramRow[]> {
  const rows = await ex
    .select(programColumns)
    .from(loyaltyPrograms)
    .innerJoin(loyaltyProgramStores, eq(loyaltyProgramStores.programId, loyaltyPrograms.id))
    .where(and(eq(loyaltyProgramStores.storeId, storeId), eq(loyaltyPrograms.active, true)))
    .orderBy(asc(loyaltyPrograms.id));
  return rows.map(toProgram);
}

export async function findExistingStoreIds(ex: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await ex.select({ id: stores.id }).from(stores).where(inArray(stores.id, ids));
  return new Set(rows.map((row) => row.id));
}

export async function findExistingProductIds(ex: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await ex.select({ id: products.id }).from(products).where(inArray(products.id, ids));
  return new Set(rows.map((row) => row.id));
}

export async function categoryExists(ex: Executor, id: string): Promise<boolean> {
  const rows = await ex.select({ id: categories.id }).from(categories).where(eq(categories.id, id)).limit(1);
  return rows.length > 0;
}

/** The store's calendar date now (its time zone): the date windows are measured from outside a sale. */
export async function findStoreToday(ex: Executor, storeId: string): Promise<string | undefined> {
  const rows = await queryRows<{ today: string }>(
    ex,
    sql`select to_char((now() at time zone ${stores.timezone})::date, 'YYYY-MM-DD') as today
      from ${stores} where ${stores.id} = ${storeId}`,
  );
  return rows[0]?.today;
}

// ---------------------------------------------------------------------------------------------------------
// Accounts: the per-customer, per-program lock

/**
 * Creates the customer's accounts in these programs if missing and locks them, in program-id order so two
 * transactions touching the same accounts queue instead of deadlocking. Every change to an account's
 * purchases or rewards happens under this lock, so two sales can never take the same reward.
 */
export async function lockAccounts(ex: Executor, customerId: string, programIds: string[]): Promise<void> {
  const sorted = [...new Set(programIds)].sort();
  if (sorted.length === 0) {
    return;
  }
  await ex
    .insert(loyaltyAccounts)
    .values(sorted.map((programId) => ({ customerId, programId })))
    .onConflictDoNothing();
  await queryRows(
    ex,
    sql`select ${loyaltyAccounts.programId} from ${loyaltyAccounts}
      where ${loyaltyAccounts.customerId} = ${customerId} and ${loyaltyAccounts.programId} = any(${uuidArray(sorted)})
      order by ${loyaltyAccounts.programId} for update`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Purchases (qualifying units)

export type PurchaseRow = {
  id: string;
  customerId: string;
  programId: string;
  transactionId: string;
  itemId: string;
  units: number;
  unitValueCents: number;
  businessDate: string;
  unitsConsumed: number;
  unitsReturned: number;
};

const purchaseColumns = {
  id: loyaltyPurchases.id,
  customerId: loyaltyPurchases.customerId,
  programId: loyaltyPurchases.programId,
  transactionId: loyaltyPurchases.transactionId,
  itemId: loyaltyPurchases.itemId,
  units: loyaltyPurchases.units,
  unitValueCents: loyaltyPurchases.unitValueCents,
  businessDate: loyaltyPurchases.businessDate,
  unitsConsumed: loyaltyPurchases.unitsConsumed,
  unitsReturned: loyaltyPurchases.unitsReturned,
};

export async function insertPurchases(
  ex: Executor,
  rows: Omit<PurchaseRow, 'id' | 'unitsConsumed' | 'unitsReturned'>[],
): Promise<void> {
  if (rows.length > 0) {
    await ex.insert(loyaltyPurchases).values(rows);
  }
}

/** The age order of units: oldest business date first, then the order they were recorded in. */
const oldestFirst = [
  asc(loyaltyPurchases.businessDate),
  asc(loyaltyPurchases.createdAt),
  asc(loyaltyPurchases.id),
];

/** Units neither consumed nor returned, bought after `after` (null: any date), oldest first. */
export async function findFreePurchases(
  ex: Executor,
  customerId: string,
  programId: string,
  after: string | null,
): Promise<PurchaseRow[]> {
  const conditions = [
    eq(loyaltyPurchases.customerId, customerId),
    eq(loyaltyPurchases.programId, programId),
    sql`${loyaltyPurchases.unitsConsumed} + ${loyaltyPurchases.unitsReturned} < ${loyaltyPurchases.units}`,
  ];
  if (after !== null) {
    conditions.push(sql`${loyaltyPurchases.businessDate} > ${after}::date`);
  }
  return ex
    .select(purchaseColumns)
    .from(loyaltyPurchases)
    .where(and(...conditions))
    .orderBy(...oldestFirst);
}

/** Purchases with consumed units, newest first: the units given back first when a card is revoked. */
export async function findConsumedPurchasesNewestFirst(
  ex: Executor,
  customerId: string,
  programId: string,
): Promise<PurchaseRow[]> {
  return ex
    .select(purchaseColumns)
    .from(loyaltyPurchases)
    .where(
      and(
        eq(loyaltyPurchases.customerId, customerId),
        eq(loyaltyPurchases.programId, programId),
        sql`${loyaltyPurchases.unitsConsumed} > 0`,
      ),
    )
    .orderBy(
      sql`${loyaltyPurchases.businessDate} desc`,
      sql`${loyaltyPurchases.createdAt} desc`,
      sql`${loyaltyPurchases.id} desc`,
    );
}

export async function findPurchasesOfItems(ex: Executor, itemIds: string[]): Promise<PurchaseRow[]> {
  if (itemIds.length === 0) {
    return [];
  }
  return ex
    .select(purchaseColumns)
    .from(loyaltyPurchases)
    .where(inArray(loyaltyPurchases.itemId, itemIds))
    .orderBy(...oldestFirst);
}

export async function findPurchasesOfTransaction(
  ex: Executor,
  transactionId: string,
): Promise<PurchaseRow[]> {
  return ex
    .select(purchaseColumns)
    .from(loyaltyPurchases)
    .where(eq(loyaltyPurchases.transactionId, transactionId))
    .orderBy(...oldestFirst);
}

/** Moves units between free, consumed and returned; the table's CHECK keeps every count within the row. */
export async function adjustPurchaseUnits(
  ex: Executor,
  id: string,
  change: { consumed?: number; returned?: number },
): Promise<void> {
  await ex
    .update(loyaltyPurchases)
    .set({
      unitsConsumed: sql`${loyaltyPurchases.unitsConsumed} + ${change.consumed ?? 0}`,
      unitsReturned: sql`${loyaltyPurchases.unitsReturned} + ${change.returned ?? 0}`,
    })
    .where(eq(loyaltyPurchases.id, id));
}

// ---------------------------------------------------------------------------------------------------------
// Rewards (one free unit per row)

export type RewardRow = typeof loyaltyRewards.$inferSelect;

/** Available rewards worth at least minValueCents, oldest first, locked. */
export async function lockAvailableRewards(
  ex: Executor,
  customerId: string,
  programId: string,
  minValueCents: number,
  limit: number,
): Promise<RewardRow[]> {
  return ex
    .select()
    .from(loyaltyRewards)
    .where(
      and(
        eq(loyaltyRewards.customerId, customerId),
        eq(loyaltyRewards.programId, programId),
        eq(loyaltyRewards.status, 'available'),
        sql`${loyaltyRewards.maxValueCents} >= ${minValueCents}`,
      ),
    )
    .orderBy(asc(loyaltyRewards.earnedAt), asc(loyaltyRewards.id))
    .limit(limit)
    .for('update');
}

/** How many rewards the customer has available in the program, and the most one of them may be worth. */
export async function summariseAvailableRewards(
  ex: Executor,
  customerId: string,
  programId: string,
): Promise<{ count: number; maxValueCents: number }> {
  const [row] = await ex
    .select({
      count: sql<number>`count(*)::int`,
      maxValueCents: sql<number>`coalesce(max(${loyaltyRewards.maxValueCents}), 0)::int`,
    })
    .from(loyaltyRewards)
    .where(
      and(
        eq(loyaltyRewards.customerId, customerId),
        eq(loyaltyRewards.programId, programId),
        eq(loyaltyRewards.status, 'available'),
      ),
    );
  return { count: Number(row?.count ?? 0), maxValueCents: Number(row?.maxValueCents ?? 0) };
}

export async function markRewardsRedeemed(
  ex: Executor,
  ids: string[],
  redemption: { transactionId: string; itemId: string; valueCents: number },
): Promise<void> {
  if (ids.length === 0) {
    return;
  }
  await ex
    .update(loyaltyRewards)
    .set({
      status: 'redeemed',
      redeemedTransactionId: redemption.transactionId,
      redeemedItemId: redemption.itemId,
      redeemedValueCents: redemption.valueCents,
      redeemedAt: sql`now()`,
    })
    .where(inArray(loyaltyRewards.id, ids));
}

export async function insertRewards(
  ex: Executor,
  rows: (typeof loyaltyRewards.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) {
    await ex.insert(loyaltyRewards).values(rows);
  }
}

/**
 * Earned (not goodwill) rewards still available, in the order a return takes them back: those earned by
 * `preferTransactionIds` first (the sale being returned or voided), then the newest.
 */
export async function findRevocableRewards(
  ex: Executor,
  customerId: string,
  programId: string,
  preferTransactionIds: string[],
): Promise<RewardRow[]> {
  const preferred =
    preferTransactionIds.length > 0
      ? sql`coalesce(${loyaltyRewards.earnedTransactionId} = any(${uuidArray(preferTransactionIds)}), false) desc`
      : sql`1`;
  return ex
    .select()
    .from(loyaltyRewards)
    .where(
      and(
        eq(loyaltyRewards.customerId, customerId),
        eq(loyaltyRewards.programId, programId),
        eq(loyaltyRewards.status, 'available'),
        sql`${loyaltyRewards.approvedBy} is null`,
      ),
    )
    .orderBy(preferred, sql`${loyaltyRewards.earnedAt} desc`, sql`${loyaltyRewards.id} desc`)
    .for('update');
}

export async function revokeRewards(ex: Executor, ids: string[]): Promise<void> {
  if (ids.length > 0) {
    await ex.update(loyaltyRewards).set({ status: 'revoked' }).where(inArray(loyaltyRewards.id, ids));
  }
}

/** Rewards redeemed on these sale lines, goodwill first (the first to be taken back); locked on request. */
export async function findRewardsRedeemedOnItems(
  ex: Executor,
  itemIds: string[],
  options: { forUpdate?: boolean } = {},
): Promise<RewardRow[]> {
  if (itemIds.length === 0) {
    return [];
  }
  const query = ex
    .select()
    .from(loyaltyRewards)
    .where(and(inArray(loyaltyRewards.redeemedItemId, itemIds), eq(loyaltyRewards.status, 'redeemed')))
    .orderBy(sql`${loyaltyRewards.approvedBy} is null`, asc(loyaltyRewards.earnedAt), asc(loyaltyRewards.id));
  return options.forUpdate ? query.for('update') : query;
}

/**
 * Undoes redemptions: an earned reward becomes available again for a later sale; a goodwill one (granted
 * only for that sale) is revoked. The redemption columns are cleared either way, as the table requires.
 */
export async function undoRedemptions(ex: Executor, rewards: RewardRow[]): Promise<void> {
  const cleared = {
    redeemedTransactionId: null,
    redeemedItemId: null,
    redeemedValueCents: null,
    redeemedAt: null,
  };
  const earned = rewards.filter((reward) => reward.approvedBy === null).map((reward) => reward.id);
  const goodwill = rewards.filter((reward) => reward.approvedBy !== null).map((reward) => reward.id);
  if (earned.length > 0) {
    await ex
      .update(loyaltyRewards)
      .set({ status: 'available', ...cleared })
      .where(inArray(loyaltyRewards.id, earned));
  }
  if (goodwill.length > 0) {
    await ex
      .update(loyaltyRewards)
      .set({ status: 'revoked', ...cleared })
      .where(inArray(loyaltyRewards.id, goodwill));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sales (read only: which customer and store a sale belongs to)

export async function findSaleParty(
  ex: Executor,
  saleId: string,
): Promise<{ customerId: string | null; storeId: string } | undefined> {
  const [row] = await ex
    .select({ customerId: salesTransactions.customerId, storeId: salesTransactions.storeId })
    .from(salesTransactions)
    .where(eq(salesTransactions.id, saleId))
    .limit(1);
  return row;
}

/** The sale's line ids: a void takes back what was redeemed on each of them. */
export async function findItemIdsOfTransaction(ex: Executor, transactionId: string): Promise<string[]> {
  const rows = await ex
    .select({ id: salesTransactionItems.id })
    .from(salesTransactionItems)
    .where(eq(salesTransactionItems.transactionId, transactionId));
  return rows.map((row) => row.id);
}

// ---------------------------------------------------------------------------------------------------------
// Progress

export type ProgressRow = {
  programId: string;
  programName: string;
  buyQuantity: number;
  rewardQuantity: number;
  windowMonths: number | null;
  unitsTowardNext: number;
  rewardsAvailable: number;
  rewardsRedeemed: number;
};

/**
 * The customer's standing in each active program they have an account in and that runs in one of storeIds
 * (null: any store). Units count when bought after `asOf` minus the window (PostgreSQL clamps month ends the
 * way windowStart does: 31 March − 1 month = 28/29 February).
 */
export async function findProgress(
  ex: Executor,
  customerId: string,
  filter: { storeIds: string[] | null; asOf: string },
): Promise<ProgressRow[]> {
  if (filter.storeIds && filter.storeIds.length === 0) {
    return [];
  }
  const storeCondition = filter.storeIds
    ? sql`and exists (select 1 from ${loyaltyProgramStores} ps where ps.program_id = p.id
        and ps.store_id = any(${uuidArray(filter.storeIds)}))`
    : sql``;
  const rows = await queryRows<{
    program_id: string;
    program_name: string;
    buy_quantity: number;
    reward_quantity: number;
    window_months: number | null;
    units_toward_next: number | string;
    rewards_available: number | string;
    rewards_redeemed: number | string;
  }>(
    ex,
    sql`select p.id as program_id, p.name as program_name, p.buy_quantity, p.reward_quantity, p.window_months,
        (select coalesce(sum(lp.units - lp.units_consumed - lp.units_returned), 0)
           from ${loyaltyPurchases} lp
          where lp.customer_id = a.customer_id and lp.program_id = p.id
            and (p.window_months is null
                 or lp.business_date > (${filter.asOf}::date - make_interval(months => p.window_months))::date)
        ) as units_toward_next,
        (select count(*) from ${loyaltyRewards} r where r.customer_id = a.customer_id and r.program_id = p.id
            and r.status = 'available') as rewards_available,
        (select count(*) from ${loyaltyRewards} r where r.customer_id = a.customer_id and r.program_id = p.id
            and r.status = 'redeemed') as rewards_redeemed
      from ${loyaltyAccounts} a
      join ${loyaltyPrograms} p on p.id = a.program_id
      where a.customer_id = ${customerId} and p.active ${storeCondition}
      order by lower(p.name), p.id`,
  );
  return rows.map((row) => ({
    programId: row.program_id,
    programName: row.program_name,
    buyQuantity: Number(row.buy_quantity),
    rewardQuantity: Number(row.reward_quantity),
    windowMonths: row.window_months === null ? null : Number(row.window_months),
    unitsTowardNext: Number(row.units_toward_next),
    rewardsAvailable: Number(row.rewards_available),
    rewardsRedeemed: Number(row.rewards_redeemed),
  }));
}

export type MemberRow = {
  customerId: string;
  customerName: string;
  unitsTowardNext: number;
  rewardsAvailable: number;
  rewardsRedeemed: number;
  lastPurchaseDate: string | null;
};

/**
 * Every customer with an account in the program, by name then id (keyset after `after`), with the same
 * standing findProgress computes for one customer: free units within the window ending `asOf`, rewards.
 */
export async function findMembers(
  ex: Executor,
  program: { id: string; windowMonths: number | null },
  filter: { asOf: string; after?: { name: string; id: string }; limit: number },
): Promise<MemberRow[]> {
  const windowCondition =
    program.windowMonths === null
      ? sql``
      : sql`and lp.business_date > (${filter.asOf}::date - make_interval(months => ${program.windowMonths}))::date`;
  const afterCondition = filter.after
    ? sql`and (lower(c.name), c.id) > (${filter.after.name}, ${filter.after.id}::uuid)`
    : sql``;
  const rows = await queryRows<{
    customer_id: string;
    customer_name: string;
    units_toward_next: number | string;
    rewards_available: number | string;
    rewards_redeemed: number | string;
    last_purchase_date: string | null;
  }>(
    ex,
    sql`select c.id as customer_id, c.name as customer_name,
        (select coalesce(sum(lp.units - lp.units_consumed - lp.units_returned), 0)
           from ${loyaltyPurchases} lp
          where lp.customer_id = a.customer_id and lp.program_id = a.program_id ${windowCondition}
        ) as units_toward_next,
        (select count(*) from ${loyaltyRewards} r where r.customer_id = a.customer_id
            and r.program_id = a.program_id and r.status = 'available') as rewards_available,
        (select count(*) from ${loyaltyRewards} r where r.customer_id = a.customer_id
            and r.program_id = a.program_id and r.status = 'redeemed') as rewards_redeemed,
        (select to_char(max(lp.business_date), 'YYYY-MM-DD') from ${loyaltyPurchases} lp
          where lp.customer_id = a.customer_id and lp.program_id = a.program_id
            and lp.units_returned < lp.units) as last_purchase_date
      from ${loyaltyAccounts} a
      join ${customers} c on c.id = a.customer_id
      where a.program_id = ${program.id} ${afterCondition}
      order by lower(c.name), c.id
      limit ${filter.limit}`,
  );
  return rows.map((row) => ({
    customerId: row.customer_id,
    customerName: row.customer_name,
    unitsTowardNext: Number(row.units_toward_next),
    rewardsAvailable: Number(row.rewards_available),
    rewardsRedeemed: Number(row.rewards_redeemed),
    lastPurchaseDate: row.last_purchase_date,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Redemption report

export type RedemptionReportRow = {
  redeemedDate: string;
  storeId: string;
  storeCode: string;
  transactionId: string;
  receiptNumber: string;
  customerId: string;
  customerName: string;
  productId: string;
  sku: string;
  productName: string;
  brand: string;
  units: number;
  valueGivenCents: number;
  goodwill: boolean;
};

/**
 * Redeemed rewards of the program on sales whose business date is within [from, to], one row per sale line
 * and kind (earned or goodwill). The sale's business date decides, not redeemed_at: a sale queued offline
 * is recorded (and its rewards redeemed) after the day it was made.
 */
export async function findRedemptions(
  ex: Executor,
  programId: string,
  filter: { from: string; to: string; storeIds: string[] | null },
): Promise<RedemptionReportRow[]> {
  if (filter.storeIds && filter.storeIds.length === 0) {
    return [];
  }
  const storeCondition = filter.storeIds ? sql`and st.store_id = any(${uuidArray(filter.storeIds)})` : sql``;
  const rows = await queryRows<{
    redeemed_date: string;
    store_id: string;
    store_code: string;
    transaction_id: string;
    receipt_number: string;
    customer_id: string;
    customer_name: string;
    product_id: string;
    sku: string;
    product_name: string;
    brand: string;
    units: number | string;
    value_given_cents: number | string;
    goodwill: boolean;
  }>(
    ex,
    sql`select to_char(st.business_date, 'YYYY-MM-DD') as redeemed_date, st.store_id, s.code as store_code,
        st.id as transaction_id, st.receipt_number, c.id as customer_id, c.name as customer_name,
        i.product_id, i.sku, i.name as product_name, coalesce(pr.brand, '') as brand,
        count(*) as units, coalesce(sum(r.redeemed_value_cents), 0) as value_given_cents,
        (r.approved_by is not null) as goodwill
      from ${loyaltyRewards} r
      join ${salesTransactions} st on st.id = r.redeemed_transaction_id
      join ${salesTransactionItems} i on i.id = r.redeemed_item_id
      join ${stores} s on s.id = st.store_id
      join ${customers} c on c.id = r.customer_id
      left join ${products} pr on pr.id = i.product_id
      where r.program_id = ${programId} and r.status = 'redeemed'
        and st.business_date between ${filter.from}::date and ${filter.to}::date
        and st.status = 'completed' ${storeCondition}
      group by st.business_date, st.store_id, s.code, st.id, st.receipt_number, c.id, c.name,
        i.id, i.line_number, i.product_id, i.sku, i.name, pr.brand, (r.approved_by is not null)
      order by st.business_date, s.code, st.receipt_number, i.line_number, goodwill`,
  );
  return rows.map((row) => ({
    redeemedDate: row.redeemed_date,
    storeId: row.store_id,
    storeCode: row.store_code,
    transactionId: row.transaction_id,
    receiptNumber: row.receipt_number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    productId: row.product_id,
    sku: row.sku,
    productName: row.product_name,
    brand: row.brand,
    units: Number(row.units),
    valueGivenCents: Number(row.value_given_cents),
    goodwill: Boolean(row.goodwill),
  }));
}
