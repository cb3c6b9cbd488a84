// Baseline for the checkout: a bare node script that performs the writes of one POST /api/sales for a 5-line,
// 2-tender sale (card + cash) in one transaction through pg, with no HTTP, no framework, no validation, no
// pricing engine and no reads before the transaction. The statements are the ones the server issues inside
// its sale transaction (server/modules/sales/receipt-numbers.repo.ts, sales.repo.ts,
// inventory/stock-ledger.repo.ts), one round trip each:
//   begin · register_sequences update … returning · insert sales_transactions · insert 5 sales_transaction_items
//   · insert 2 sales_payments · lock the 5 inventory rows FOR UPDATE in (store, product) order
//   · insert 5 stock_movements · update the 5 inventory rows · commit
// Left out, because they are not writes: the reads before the transaction (idempotency probe, store, products),
// the shift's FOR SHARE lock and the no-op `insert … on conflict do nothing` of missing inventory rows.
//
// `CONNECTIONS` workers (the tills, one register each) loop one sale after another on a pg Pool of
// `DB_MAX_CONNECTIONS`, as the server's pool is sized. Prints one JSON line: sales/s, latency percentiles, errors.
// Environment: DATABASE_URL, DB_MAX_CONNECTIONS (10), CONNECTIONS (16), SECONDS (10), WARMUP_SECONDS (0),
// STORE_ID, CASHIER_ID, REGISTER_PREFIX (bench-base-).
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const env = process.env;
const connections = Number(env.CONNECTIONS ?? 16);
const seconds = Number(env.SECONDS ?? 10);
const warmupSeconds = Number(env.WARMUP_SECONDS ?? 0);
const storeId = env.STORE_ID;
const cashierId = env.CASHIER_ID;
const registerPrefix = env.REGISTER_PREFIX ?? 'bench-base-';
if (!env.DATABASE_URL || !storeId || !cashierId) {
  throw new Error('DATABASE_URL, STORE_ID and CASHIER_ID are needed');
}
const LINES = 5;
const CARD_CENTS = 500;

const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DB_MAX_CONNECTIONS ?? 10),
});

const TAKE_RECEIPT_NUMBER = `update register_sequences r set next_number = r.next_number + 1
  from stores s
  where r.store_id = $1 and r.register_id = $2 and s.id = r.store_id
  returning s.code, r.register_number, r.next_number - 1 as number`;
const INSERT_TRANSACTION = `insert into sales_transactions (id, kind, status, store_id, register_id, shift_id,
    cashier_id, customer_id, original_transaction_id, receipt_number, business_date, transaction_date,
    prices_include_tax, subtotal_cents, discount_cents, tax_cents, total_cents, rounding_cents, change_due_cents,
    request_hash, approved_by)
  values ($1, 'sale', 'completed', $2, $3, null, $4, null, null, $5, $6, $7, $8, $9, 0, $10, $11, 0, $12, $13, null)
  on conflict (id) do nothing
  returning transaction_date`;
const ITEM_COLUMNS = 16;
const INSERT_ITEMS = `insert into sales_transaction_items (transaction_id, line_number, product_id, sku, name,
    quantity, unit_price_cents, gross_cents, discount_cents, discount_reason, override_reason, tax_class, tax_rate,
    tax_cents, total_cents, cost_cents)
  values ${Array.from({ length: LINES }, (_, line) => `(${Array.from({ length: ITEM_COLUMNS }, (_, column) => `$${line * ITEM_COLUMNS + column + 1}`).join(', ')})`).join(', ')}
  returning id, line_number`;
const INSERT_PAYMENTS = `insert into sales_payments (transaction_id, position, method, amount_cents, reference)
  values ($1, 0, 'card', $2, $3), ($1, 1, 'cash', $4, null)`;
const LOCK_INVENTORY = `select i.store_id, i.product_id, i.on_hand, p.is_lot_tracked
  from inventory i join products p on p.id = i.product_id
  where (i.store_id, i.product_id) in (${Array.from({ length: LINES }, (_, line) => `($1::uuid, $${line + 2}::uuid)`).join(', ')})
  order by i.store_id, i.product_id
  for update of i`;
const INSERT_MOVEMENTS = `insert into stock_movements (store_id, product_id, delta, reason, ref_type, ref_id, user_id,
    lot_id, note)
  values ${Array.from({ length: LINES }, (_, line) => `($1, $${line * 2 + 4}, $${line * 2 + 5}, 'sale', 'sale', $2, $3, null, null)`).join(', ')}`;
const UPDATE_INVENTORY = `update inventory set on_hand = inventory.on_hand + v.delta, updated_at = now()
  from (values ${Array.from({ length: LINES }, (_, line) => `($1::uuid, $${line * 2 + 2}::uuid, $${line * 2 + 3}::int)`).join(', ')}) as v(store_id, product_id, delta)
  where inventory.store_id = v.store_id and inventory.product_id = v.product_id`;

function businessDateIn(timezone) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

async function setup() {
  const store = (
    await pool.query('select id, code, timezone, tax_rates, prices_include_tax from stores where id = $1', [
      storeId,
    ])
  ).rows[0];
  if (!store) {
    throw new Error(`store ${storeId} not found`);
  }
  const catalog = (
    await pool.query(
      `select id, sku, name, price_cents::int as price, cost_cents::int as cost, tax_class
       from products where sku like 'GEN-%' and active and unit = 'each' order by sku`,
    )
  ).rows;
  // The registers get their sequence rows up front, as a till's first sale would give them.
  const registers = Array.from(
    { length: connections },
    (_, index) => `${registerPrefix}${String(index + 1).padStart(2, '0')}`,
  );
  for (const registerId of registers) {
    await pool.query(
      `insert into register_sequences (store_id, register_id, register_number, next_number)
       values ($1, $2, (select coalesce(max(register_number), 0) + 1 from register_sequences where store_id = $1), 1)
       on conflict (store_id, register_id) do nothing`,
      [storeId, registerId],
    );
  }
  return { store, catalog, registers };
}

function pickLines(catalog) {
  const picked = new Set();
  while (picked.size < LINES) {
    picked.add(Math.floor(Math.random() * catalog.length));
  }
  return [...picked].map((index) => ({
    product: catalog[index],
    quantity: 1 + Math.floor(Math.random() * 3),
  }));
}

async function recordOneSale({ store, catalog }, registerId) {
  const id = randomUUID();
  const lines = pickLines(catalog);
  let subtotal = 0;
  let tax = 0;
  const itemValues = [];
  lines.forEach(({ product, quantity }, index) => {
    const gross = product.price * quantity;
    const rate = store.tax_rates[product.tax_class] ?? '0';
    const lineTax = store.prices_include_tax ? 0 : Math.round((gross * Number(rate)) / 100);
    subtotal += gross;
    tax += lineTax;
    itemValues.push(
      id,
      index + 1,
      product.id,
      product.sku,
      product.name,
      quantity,
      product.price,
      gross,
      0,
      null,
      null,
      product.tax_class,
      rate,
      lineTax,
      gross + lineTax,
      product.cost * quantity,
    );
  });
  const total = subtotal + tax;
  const cash = Math.ceil((total - CARD_CENTS) / 1000) * 1000 + 1000;
  const change = CARD_CENTS + cash - total;
  // The server hashes the request body for idempotency; the same amount of work here.
  const requestHash = createHash('sha256')
    .update(JSON.stringify({ id, registerId, lines: lines.map((l) => [l.product.id, l.quantity]) }))
    .digest('hex');
  const sorted = [...lines].sort((a, b) => a.product.id.localeCompare(b.product.id));
  const client = await pool.connect();
  try {
    await client.query('begin');
    const taken = (await client.query(TAKE_RECEIPT_NUMBER, [storeId, registerId])).rows[0];
    const receiptNumber = `${taken.code}-${taken.register_number}-${String(taken.number).padStart(6, '0')}`;
    await client.query(INSERT_TRANSACTION, [
      id,
      storeId,
      registerId,
      cashierId,
      receiptNumber,
      businessDateIn(store.timezone),
      new Date(),
      store.prices_include_tax,
      subtotal,
      tax,
      total,
      change,
      requestHash,
    ]);
    await client.query(INSERT_ITEMS, itemValues);
    await client.query(INSERT_PAYMENTS, [id, CARD_CENTS, 'AUTH000001', cash]);
    await client.query(LOCK_INVENTORY, [storeId, ...sorted.map((l) => l.product.id)]);
    await client.query(INSERT_MOVEMENTS, [
      storeId,
      id,
      cashierId,
      ...lines.flatMap((l) => [l.product.id, -l.quantity]),
    ]);
    await client.query(UPDATE_INVENTORY, [storeId, ...sorted.flatMap((l) => [l.product.id, -l.quantity])]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (100 clock ticks a second). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The backend pids of the pool's connections: all of them are checked out at once, so each is seen. */
async function backendPids() {
  const clients = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
  try {
    return await Promise.all(
      clients.map(async (client) => (await client.query('select pg_backend_pid() as pid')).rows[0].pid),
    );
  } finally {
    for (const client of clients) {
      client.release();
    }
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Every till sells one sale after another until the deadline; latencies of each sale's transaction. */
async function drive(context, durationSeconds) {
  const latencies = [];
  let errors = 0;
  let firstError;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  await Promise.all(
    context.registers.map(async (registerId) => {
      while (performance.now() < deadline) {
        const at = performance.now();
        try {
          await recordOneSale(context, registerId);
          latencies.push(performance.now() - at);
        } catch (error) {
          errors++;
          firstError ??= String(error);
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / elapsedSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
    total: latencies.length + errors,
    ...(firstError ? { firstError } : {}),
  };
}

try {
  const context = await setup();
  if (warmupSeconds > 0) {
    await drive(context, warmupSeconds);
  }
  const pids = await backendPids();
  const backendsBefore = pids.map(cpuMs);
  const selfBefore = process.cpuUsage();
  const result = await drive(context, seconds);
  const self = process.cpuUsage(selfBefore);
  const postgresMs = pids.reduce((sum, pid, index) => sum + cpuMs(pid) - backendsBefore[index], 0);
  const sales = result.total - result.errors;
  // Where the CPU went, in ms per sale, as the runner reports it for the server.
  result.cpu = {
    script: (self.user + self.system) / 1000 / sales,
    'script in kernel': self.system / 1000 / sales,
    postgres: postgresMs / sales,
  };
  console.log(JSON.stringify(result));
} finally {
  await pool.end();
}
