import { eq, sql } from 'drizzle-orm';
import { type Executor, type FixedStatement, runFixedStatement, type Tx } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { salesPayments, salesTransactionItems, salesTransactions } from '../../db/schema';

export type SaleIdentity = {
  id: string;
  kind: 'sale' | 'return';
  storeId: string;
  requestHash: string;
};

/** Who already holds this client id, and for which request: the idempotency check. */
export async function findTransactionIdentity(ex: Executor, id: string): Promise<SaleIdentity | undefined> {
  const [row] = await ex
    .select({
      id: salesTransactions.id,
      kind: salesTransactions.kind,
      storeId: salesTransactions.storeId,
      requestHash: salesTransactions.requestHash,
    })
    .from(salesTransactions)
    .where(eq(salesTransactions.id, id))
    .limit(1);
  return row;
}

export type ProductForSale = {
  id: string;
  sku: string;
  name: string;
  brand: string | null;
  categoryId: string | null;
  priceCents: number;
  costCents: number;
  taxClass: 'standard' | 'reduced' | 'exempt';
  unit: 'each' | 'weight';
  active: boolean;
};

// The checkout's statements have a fixed text whatever the number of lines: rows travel as one array per
// column and are expanded by unnest. They run as fixed statements (runFixedStatement): prepared once per
// connection, and never rebuilt by the query builder, whose cost per call exceeds theirs.

const CHECKOUT_CONTEXT: FixedStatement = {
  name: 'checkout_context',
  text: `select exists (select 1 from sales_transactions where id = $1) as id_taken,
      (select coalesce(json_agg(json_build_object('id', id, 'sku', sku, 'name', name, 'brand', brand,
          'categoryId', category_id, 'priceCents', price_cents, 'costCents', cost_cents,
          'taxClass', tax_class, 'unit', unit, 'active', active)), '[]'::json)
        from products where id = any($2::uuid[])) as products`,
};

const INSERT_TRANSACTION: FixedStatement = {
  name: 'insert_sales_transaction',
  text: `insert into sales_transactions (id, kind, status, store_id, register_id, shift_id, cashier_id, customer_id,
      original_transaction_id, receipt_number, business_date, transaction_date, prices_include_tax,
      subtotal_cents, discount_cents, tax_cents, total_cents, rounding_cents, change_due_cents, request_hash,
      approved_by, return_reason)
    values ($1, $2, 'completed', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
      $20, $21)
    on conflict (id) do nothing
    returning id`,
};

const INSERT_ITEMS: FixedStatement = {
  name: 'insert_sales_transaction_items',
  text: `insert into sales_transaction_items (transaction_id, line_number, product_id, sku, name, unit, quantity,
      unit_price_cents, gross_cents, discount_cents, discount_reason, override_reason, tax_class, tax_rate,
      tax_cents, total_cents, cost_cents, reward_program_id, restock, original_item_id, category_id)
    select * from unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[],
      $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[],
      $15::bigint[], $16::bigint[], $17::bigint[], $18::uuid[], $19::boolean[], $20::uuid[], $21::uuid[])
    returning id, line_number`,
};

const INSERT_PAYMENTS: FixedStatement = {
  name: 'insert_sales_payments',
  text: `insert into sales_payments (transaction_id, position, method, amount_cents, reference)
    select * from unnest($1::uuid[], $2::int[], $3::text[], $4::bigint[], $5::text[])`,
};

/** The catalog as a sale prices it: the current price, cost and tax class of each product. */
export async function findProductsForSale(ex: Executor, ids: string[]): Promise<ProductForSale[]> {
  const rows = await queryRows<{
    id: string;
    sku: string;
    name: string;
    brand: string | null;
    category_id: string | null;
    price_cents: string | number;
    cost_cents: string | number;
    tax_class: ProductForSale['taxClass'];
    unit: ProductForSale['unit'];
    active: boolean;
  }>(
    ex,
    sql`select id, sku, name, brand, category_id, price_cents, cost_cents, tax_class, unit, active
        from products where id = any(${sql.param(ids)}::uuid[])`,
  );
  return rows.map((row) => ({
    id: row.id,
    sku: row.sku,
    name: row.name,
    brand: row.brand,
    categoryId: row.category_id,
    priceCents: Number(row.price_cents),
    costCents: Number(row.cost_cents),
    taxClass: row.tax_class,
    unit: row.unit,
    active: row.active,
  }));
}

/**
 * What a checkout reads before its transaction, in one round trip: whether the id is already taken (a
 * retry), and the catalog rows of its products.
 */
export async function findCheckoutContext(
  ex: Executor,
  saleId: string,
  productIds: string[],
): Promise<{ idTaken: boolean; products: ProductForSale[] }> {
  const [row] = await runFixedStatement<{ id_taken: boolean; products: ProductForSale[] }>(
    ex,
    CHECKOUT_CONTEXT,
    [saleId, productIds],
  );
  return { idTaken: Boolean(row?.id_taken), products: row?.products ?? [] };
}

export type NewTransaction = typeof salesTransactions.$inferInsert & { transactionDate: Date };

/**
 * Inserts the transaction unless its id is taken. A concurrent request with the same id waits here for the
 * first one to commit or roll back (the primary key's lock); false means the id is now taken.
 */
export async function insertTransactionIfNew(tx: Tx, row: NewTransaction): Promise<boolean> {
  const inserted = await runFixedStatement<{ id: string }>(tx, INSERT_TRANSACTION, [
    row.id,
    row.kind,
    row.storeId,
    row.registerId,
    row.shiftId ?? null,
    row.cashierId,
    row.customerId ?? null,
    row.originalTransactionId ?? null,
    row.receiptNumber,
    row.businessDate,
    row.transactionDate.toISOString(),
    row.pricesIncludeTax ?? false,
    row.subtotalCents,
    row.discountCents ?? 0,
    row.taxCents ?? 0,
    row.totalCents,
    row.roundingCents ?? 0,
    row.changeDueCents ?? 0,
    row.requestHash,
    row.approvedBy ?? null,
    row.returnReason ?? null,
  ]);
  return inserted.length > 0;
}

export type NewTransactionItem = {
  transactionId: string;
  lineNumber: number;
  productId: string;
  sku: string;
  name: string;
  unit: 'each' | 'weight';
  quantity: number;
  unitPriceCents: number;
  grossCents: number;
  discountCents: number;
  discountReason: string | null;
  overrideReason: string | null;
  taxClass: 'standard' | 'reduced' | 'exempt';
  taxRate: string;
  taxCents: number;
  totalCents: number;
  costCents: number;
  rewardProgramId: string | null;
  restock: boolean | null;
  originalItemId: string | null;
  categoryId: string | null;
};

/** Inserts the lines (one statement for any number) and returns their ids in line order. */
export async function insertTransactionItems(tx: Tx, items: NewTransactionItem[]): Promise<string[]> {
  const column = <K extends keyof NewTransactionItem>(key: K) => items.map((item) => item[key]);
  const rows = await runFixedStatement<{ id: string; line_number: number }>(tx, INSERT_ITEMS, [
    column('transactionId'),
    column('lineNumber'),
    column('productId'),
    column('sku'),
    column('name'),
    column('unit'),
    column('quantity'),
    column('unitPriceCents'),
    column('grossCents'),
    column('discountCents'),
    column('discountReason'),
    column('overrideReason'),
    column('taxClass'),
    column('taxRate'),
    column('taxCents'),
    column('totalCents'),
    column('costCents'),
    column('rewardProgramId'),
    column('restock'),
    column('originalItemId'),
    column('categoryId'),
  ]);
  const byLine = new Map(rows.map((row) => [Number(row.line_number), row.id]));
  return items.map((item) => byLine.get(item.lineNumber)!);
}

export type NewPayment = {
  transactionId: string;
  position: number;
  method: 'cash' | 'card' | 'store_credit';
  amountCents: number;
  reference: string | null;
};

export async function insertPayments(tx: Tx, payments: NewPayment[]): Promise<void> {
  const column = <K extends keyof NewPayment>(key: K) => payments.map((payment) => payment[key]);
  await runFixedStatement(tx, INSERT_PAYMENTS, [
    column('transactionId'),
    column('position'),
    column('method'),
    column('amountCents'),
    column('reference'),
  ]);
}

export type SaleForVoid = {
  id: string;
  kind: 'sale' | 'return';
  storeId: string;
  status: 'completed' | 'voided';
  businessDate: string;
  customerId: string | null;
  shiftId: string | null;
  registerId: string;
  pricesIncludeTax: boolean;
};

/** Locks a sale before voiding it, so a void and a return against it cannot both go through. */
export async function lockTransactionForUpdate(tx: Tx, id: string): Promise<SaleForVoid | undefined> {
  const [row] = await queryRows<{
    id: string;
    kind: 'sale' | 'return';
    store_id: string;
    status: 'completed' | 'voided';
    business_date: string;
    customer_id: string | null;
    shift_id: string | null;
    register_id: string;
    prices_include_tax: boolean;
  }>(
    tx,
    sql`select id, kind, store_id, status, business_date::text as business_date, customer_id, shift_id, register_id,
          prices_include_tax
        from ${salesTransactions} where id = ${id} for update`,
  );
  return row
    ? {
        id: row.id,
        kind: row.kind,
        storeId: row.store_id,
        status: row.status,
        businessDate: row.business_date,
        customerId: row.customer_id,
        shiftId: row.shift_id,
        registerId: row.register_id,
        pricesIncludeTax: row.prices_include_tax,
      }
    : undefined;
}

/** Returns recorded against a sale (any status): a sale that has them can no longer be voided. */
export async function countReturnsAgainst(ex: Executor, saleId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    ex,
    sql`select count(*)::int as count from ${salesTransactions}
        where original_transaction_id = ${saleId} and kind = 'return'`,
  );
  return row?.count ?? 0;
}

export async function findItemsOf(
  ex: Executor,
  transactionId: string,
): Promise<{ id: string; productId: string; quantity: number }[]> {
  return ex
    .select({
      id: salesTransactionItems.id,
      productId: salesTransactionItems.productId,
      quantity: salesTransactionItems.quantity,
    })
    .from(salesTransactionItems)
    .where(eq(salesTransactionItems.transactionId, transactionId))
    .orderBy(salesTransactionItems.lineNumber);
}

export async function findPaymentsOf(
  ex: Executor,
  transactionId: string,
): Promise<{ method: 'cash' | 'card' | 'store_credit'; amountCents: number }[]> {
  return ex
    .select({ method: salesPayments.method, amountCents: salesPayments.amountCents })
    .from(salesPayments)
    .where(eq(salesPayments.transactionId, transactionId))
    .orderBy(salesPayments.position);
}

export async function markTransactionVoided(
  tx: Tx,
  id: string,
  voided: { by: string; reason: string; at: Date },
): Promise<void> {
  await tx
    .update(salesTransactions)
    .set({ status: 'voided', voidedBy: voided.by, voidReason: voided.reason, voidedAt: voided.at })
    .where(eq(salesTransactions.id, id));
}
