import { createServer, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CODES } from '../../shared/errors';
import {
  makeCustomer,
  makeLoyaltyProgram,
  makeProduct,
  makeSale,
  makeShift,
  makeStockCount,
  makeStore,
  makePurchaseOrder,
  makeTransfer,
  makeUser,
  makeCategory,
} from '../helpers/factories';
import { createTestApp } from '../helpers/test-app';
import {
  acceptedTypes,
  deepArrays,
  deepObject,
  fieldsOf,
  generate,
  HUGE_STRING,
  type IdHints,
  type JsonSchema,
  NASTY_IDS,
  NASTY_NUMBERS,
  NASTY_QUERY_VALUES,
  NASTY_STRINGS,
  pick,
  prng,
  type Random,
  randomUuid,
  resolve,
  setAt,
  VALUES_BY_TYPE,
} from './support/generate';

/**
 * Bad input never breaks the API: every operation in /api/openapi.json gets valid requests and many invalid
 * ones, as each role. Never a 5xx; every error in the contract's shape (VALIDATION_FAILED naming the field);
 * a rejected write leaves the database as it was (row counts of every table, stock and ledger sums).
 * FUZZ_SEED reproduces a run; FUZZ_RUNS sets the random cases per operation on top of the fixed mutations.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);

const t = await createTestApp();
const db = t.database.db;
const server: Server = createServer(t.app).listen(0);
afterAll(async () => {
  await new Promise((done) => server.close(done));
  await t.close();
  printSummary();
});

// --- the world: two stores, a user of each role, stock, an open shift, a sale, a customer, a transfer… ---
const storeA = await makeStore(db, { name: 'Fuzz A' });
const storeB = await makeStore(db, { name: 'Fuzz B' });
const users = {
  admin: await makeUser(db, { role: 'admin' }),
  manager: await makeUser(db, { role: 'manager', storeIds: [storeA.id] }),
  cashier: await makeUser(db, { role: 'cashier', storeIds: [storeA.id] }),
};
// Paths naming a user get this one, so a generated PATCH cannot deactivate the callers themselves.
const victim = await makeUser(db, { role: 'cashier', storeIds: [storeB.id] });
const category = await makeCategory(db);
const product = await makeProduct(db, { categoryId: category.id });
const shift = await makeShift(db, { storeId: storeA.id, openedBy: users.admin.id, registerId: 'till-1' });
const sale = await makeSale(db, { storeId: storeA.id, cashierId: users.cashier.id, shiftId: shift.id });
const customer = await makeCustomer(db);
const transfer = await makeTransfer(db, {
  fromStoreId: storeA.id,
  toStoreId: storeB.id,
  createdBy: users.admin.id,
  lines: [{ productId: product.id, quantity: 1 }],
});
const purchaseOrder = await makePurchaseOrder(db, { storeId: storeA.id, createdBy: users.admin.id });
const stockCount = await makeStockCount(db, { storeId: storeA.id, startedBy: users.admin.id });
const program = await makeLoyaltyProgram(db, { storeIds: [storeA.id] });
const supplierId = await firstId('suppliers');
type Role = 'anonymous' | 'cashier' | 'manager' | 'admin';
const ROLES: Role[] = ['anonymous', 'cashier', 'manager', 'admin'];
const tokens: Partial<Record<Role, string>> = {};
{
  // Stock through the API, so inventory rows and the ledger agree.
  const admin = await tokenFor('admin');
  const response = await request(server)
    .post(`/api/stores/${storeA.id}/inventory/adjustments`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ lines: [{ productId: product.id, delta: 50, reason: 'received' }], note: 'fuzz world' });
  if (response.status !== 201) {
    throw new Error(`seeding stock: ${response.status} ${response.text}`);
  }
}

/** db.execute answers { rows } on both drivers (node-postgres and PGlite). */
type Rows = { rows: Record<string, unknown>[] };

async function firstId(table: string): Promise<string> {
  const result = (await db.execute(sql.raw(`select id from ${table} limit 1`))) as unknown as Rows;
  return String((result.rows[0] as { id: string }).id);
}

const hints: IdHints = {
  storeId: storeA.id,
  fromStoreId: storeA.id,
  toStoreId: storeB.id,
  productId: product.id,
  categoryId: category.id,
  parentId: category.id,
  customerId: customer.id,
  supplierId,
  shiftId: shift.id,
  saleId: sale.id,
  originalSaleId: sale.id,
  programId: program.id,
  userId: victim.id,
  storeIds: storeA.id,
};

/** The valid value of a path parameter, by the collection it sits under. */
function pathValue(path: string, name: string): string {
  if (name === 'storeId') {
    return storeA.id;
  }
  if (name === 'productId') {
    return product.id;
  }
  if (name === 'purchaseOrderId') {
    return purchaseOrder.id;
  }
  if (name === 'countId') {
    return stockCount.id;
  }
  if (name === 'registerId') {
    return 'till-1';
  }
  if (name === 'receiptNumber') {
    return sale.receiptNumber;
  }
  if (name === 'petId') {
    return randomUuid(prng(1));
  }
  const collection = /^\/api\/([^/]+)/.exec(path)?.[1];
  switch (collection) {
    case 'stores':
      return storeA.id;
    case 'users':
      return victim.id;
    case 'products':
      return product.id;
    case 'transfers':
      return transfer.id;
    case 'suppliers':
      return supplierId;
    case 'shifts':
      return shift.id;
    case 'customers':
      return customer.id;
    case 'loyalty-programs':
      return program.id;
    case 'sales':
      return sale.id;
    default:
      return randomUuid(prng(2));
  }
}

// --- callers: bearer tokens, re-issued when an operation (logout, lock) ended one ---

async function tokenFor(role: Exclude<Role, 'anonymous'>): Promise<string> {
  const response = await request(server)
    .post('/api/auth/token')
    .send({ username: users[role].username, password: users[role].password });
  if (response.status !== 200) {
    throw new Error(`token for ${role}: ${response.status} ${response.text}`);
  }
  tokens[role] = response.body.token as string;
  return tokens[role]!;
}

async function refreshTokens(): Promise<void> {
  for (const role of ['cashier', 'manager', 'admin'] as const) {
    const token = tokens[role];
    const alive = token
      ? (await request(server).get('/api/stores').set('Authorization', `Bearer ${token}`)).status === 200
      : false;
    if (!alive) {
      await tokenFor(role);
    }
  }
}
await refreshTokens();

// --- the database fingerprint: row counts of every table, stock and ledger sums ---
const tableList = (await db.execute(
  sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
)) as unknown as Rows;
const TABLES = (tableList.rows as { table_name: string }[]).map((row) => row.table_name);
// A refused sign-in or second-factor code is audited on purpose (PCI DSS 10.2.1.4): that row is the one write a
// rejection may make.
const AUDIT_OF_REFUSALS = ` where action not in ('auth.login_failed', 'auth.mfa_failed', 'auth.lockout', 'auth.login_refused_locked')`;
const fingerprintSql = sql.raw(
  `select ${TABLES.map((name) => `(select count(*) from "${name}"${name === 'audit_log' ? AUDIT_OF_REFUSALS : ''})::text as "${name}"`).join(', ')},
   (select coalesce(sum(on_hand), 0) from inventory)::text as "Σ inventory.on_hand",
   (select coalesce(sum(delta), 0) from stock_movements)::text as "Σ stock_movements.delta",
   (select coalesce(sum(hashtext(product_id::text || ':' || on_hand)), 0) from inventory)::text as "# inventory"`,
);
async function fingerprint(): Promise<Record<string, string>> {
  const result = (await db.execute(fingerprintSql)) as unknown as Rows;
  return result.rows[0] as Record<string, string>;
}
let lastFingerprint = await fingerprint();

// --- one case: a request to send and what we know about it ---
type Case = {
  label: string;
  role: Role;
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  /** A JSON value (sent as application/json), or raw text with its content type. */
  json?: unknown;
  raw?: { body: string | Buffer; contentType?: string };
  /** The field this case broke, when it broke one on purpose: a VALIDATION_FAILED must name it. */
  mutated?: string;
  /** Certainly invalid for the schema: a 2xx is a finding. */
  mustReject?: boolean;
  expectStatus?: number;
};

const errorShape = z
  .object({
    error: z
      .object({
        code: z.enum(ERROR_CODES),
        message: z.string().min(1),
        details: z.array(z.object({ path: z.string(), message: z.string() }).strict()).optional(),
        requestId: z.string().min(1),
      })
      .strict(),
  })
  .strict();

const stats = {
  requests: 0,
  operations: new Set<string>(),
  totalOperations: 0,
  byClass: {} as Record<string, number>,
  byRole: {} as Record<string, number>,
  byStatus: {} as Record<string, number>,
  rejectedWritesChecked: 0,
};

async function send(c: Case): Promise<request.Response> {
  const url = c.query ? `${c.path}?${c.query}` : c.path;
  let pending = request(server)[c.method as 'get'](url);
  if (c.role !== 'anonymous') {
    pending = pending.set('Authorization', `Bearer ${tokens[c.role]}`);
  }
  if (c.headers) {
    pending = pending.set(c.headers);
  }
  if (c.raw) {
    if (c.raw.contentType !== undefined) {
      pending = pending.set('Content-Type', c.raw.contentType);
    }
    return pending.send(c.raw.body as string);
  }
  if (c.json !== undefined) {
    return pending.set('Content-Type', 'application/json').send(JSON.stringify(c.json));
  }
  return pending;
}

/** Sends one case and returns what is wrong with the answer (empty when nothing is). */
async function check(c: Case, operation: string): Promise<string[]> {
  const problems: string[] = [];
  let response: request.Response;
  try {
    response = await send(c);
  } catch (error) {
    return [`the request failed at the socket: ${String(error)}`];
  }
  stats.requests += 1;
  stats.operations.add(operation);
  const statusClass = `${String(response.status)[0]}xx`;
  stats.byClass[statusClass] = (stats.byClass[statusClass] ?? 0) + 1;
  stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
  stats.byRole[c.role] = (stats.byRole[c.role] ?? 0) + 1;
  const summary = `${response.status} ${response.text.slice(0, 300)}`;
  if (response.status >= 500) {
    // The server's own log line for this request says what broke.
    const requestId = (response.body as { error?: { requestId?: string } })?.error?.requestId;
    const logged = t.logs.find((line) => line.requestId === requestId && line.level === 'error');
    const err = logged?.err as { message?: string; cause?: { message?: string; code?: string } } | undefined;
    const cause = err?.cause?.message ? `${err.cause.code ?? ''} ${err.cause.message}` : err?.message;
    problems.push(`server error: ${summary} — logged: ${String(cause ?? 'nothing').slice(0, 300)}`);
  }
  if (c.expectStatus !== undefined && response.status !== c.expectStatus) {
    problems.push(`expected ${c.expectStatus}, got ${summary}`);
  }
  if (c.mustReject && response.status < 400) {
    problems.push(`an invalid request was accepted: ${summary}`);
  }
  if (response.status >= 400) {
    const parsed = errorShape.safeParse(response.body);
    if (!parsed.success) {
      problems.push(`error not in the contract's shape (${response.headers['content-type']}): ${summary}`);
    } else if (parsed.data.error.code === 'VALIDATION_FAILED') {
      const paths = (parsed.data.error.details ?? []).map((detail) => detail.path);
      if (paths.length === 0) {
        problems.push(`VALIDATION_FAILED without details: ${summary}`);
      }
      if (c.mutated !== undefined && !paths.some((p) => related(p, c.mutated!))) {
        problems.push(`VALIDATION_FAILED does not name the broken field ${c.mutated}: ${summary}`);
      }
    }
  }
  if (c.method !== 'get') {
    const now = await fingerprint();
    if (response.status >= 400) {
      stats.rejectedWritesChecked += 1;
      const changed = Object.keys(now).filter((key) => now[key] !== lastFingerprint[key]);
      if (changed.length > 0) {
        problems.push(
          `a rejected write (${response.status}) changed the database: ${changed
            .map((key) => `${key} ${lastFingerprint[key]}→${now[key]}`)
            .join(', ')}`,
        );
      }
    }
    lastFingerprint = now;
  }
  return problems;
}

/** A detail path names the mutated field, a field inside it, or the object that holds it. */
function related(detailPath: string, mutated: string): boolean {
  return (
    detailPath === mutated ||
    detailPath.startsWith(`${mutated}.`) ||
    mutated.startsWith(`${detailPath}.`) ||
    (detailPath === '(root)' && mutated === '(root)')
  );
}

// --- the cases of one operation ---
type Operation = {
  method: string;
  template: string;
  access: 'public' | 'authenticated' | Role[];
  pathParams: string[];
  queryParams: { name: string; required: boolean; schema: JsonSchema }[];
  jsonBody?: JsonSchema;
  rawBody?: string[];
};

function allowed(op: Operation, role: Role): boolean {
  if (op.access === 'public') {
    return true;
  }
  if (op.access === 'authenticated') {
    return role !== 'anonymous';
  }
  return role !== 'anonymous' && op.access.includes(role);
}

function buildPath(op: Operation, override: Record<string, string> = {}): string {
  return op.template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) =>
    name in override ? override[name]! : encodeURIComponent(pathValue(op.template, name)),
  );
}

function buildQuery(op: Operation, random: Random, values: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const param of op.queryParams) {
    if (param.name in values) {
      continue;
    }
    if (param.required || random() < 0.4) {
      const value = generate(param.schema, param.name, hints, random);
      params.set(param.name, Array.isArray(value) ? String(value[0]) : String(value));
    }
  }
  const rest = Object.entries(values)
    .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
    .join('&');
  return [params.toString(), rest].filter(Boolean).join('&');
}

/** A role that reaches validation (admin may call everything) and, to spread the load, one more at random. */
function rolesFor(random: Random): Role[] {
  return ['admin', pick(random, ['anonymous', 'cashier', 'manager'] as Role[])];
}

function casesFor(op: Operation, random: Random): Case[] {
  const cases: Case[] = [];
  const base = { method: op.method, path: buildPath(op) };
  const validBody = () => (op.jsonBody ? generate(op.jsonBody, '', hints, random) : undefined);
  const add = (c: Omit<Case, 'role' | 'method' | 'path'> & { path?: string }, roles = rolesFor(random)) => {
    for (const role of roles) {
      cases.push({ ...base, ...c, role });
    }
  };
  const anonymousRejected = (role: Role) => !allowed(op, role);

  // Valid requests, as every role (the roles not allowed must get 401/403/404 in the contract's shape).
  for (let i = 0; i < 2; i += 1) {
    const body = validBody();
    const query = buildQuery(op, random);
    for (const role of ROLES) {
      cases.push({
        ...base,
        role,
        label: `valid #${i}`,
        json: body,
        query,
        mustReject: anonymousRejected(role),
      });
    }
  }

  // Body mutations.
  if (op.jsonBody) {
    const body = validBody();
    for (const field of fieldsOf(op.jsonBody, body)) {
      const name = field.path.join('.');
      const accepts = acceptedTypes(field.schema);
      const wrong = Object.entries(VALUES_BY_TYPE).filter(
        ([type]) => !accepts.has(type) && !(type === 'integer' && accepts.has('number')),
      );
      for (const [type, value] of wrong.slice(0, 3)) {
        add({
          label: `${name} as ${type}`,
          json: setAt(body, field.path, value),
          mutated: name,
          mustReject: true,
        });
      }
      if (field.required) {
        add({
          label: `${name} missing`,
          json: setAt(body, field.path, undefined, true),
          mutated: name,
          mustReject: true,
        });
      }
      const real = resolve(field.schema);
      if (accepts.has('string')) {
        add({ label: `${name} 100 kB`, json: setAt(body, field.path, HUGE_STRING) });
        add({ label: `${name} nasty string`, json: setAt(body, field.path, pick(random, NASTY_STRINGS)) });
      }
      if (real.type === 'integer' || real.type === 'number') {
        for (const value of [pick(random, NASTY_NUMBERS), pick(random, NASTY_NUMBERS)]) {
          add({ label: `${name} = ${JSON.stringify(value)}`, json: setAt(body, field.path, value) });
        }
      }
      if (real.type === 'object') {
        add({
          label: `${name} extra field`,
          json: setAt(body, [...field.path, 'zzExtra'], 1),
          mutated: `${name}.zzExtra`,
          mustReject: true,
        });
      }
    }
    add({
      label: 'extra top-level field',
      json: { ...(body as object), zzExtra: true },
      mutated: 'zzExtra',
      mustReject: true,
    });
    for (const [label, value] of [
      ['array body', []],
      ['null body', null],
      ['string body', 'x'],
      ['number body', 5],
    ] as const) {
      add({ label, json: value, mustReject: true });
    }
  } else if (!op.rawBody) {
    add({ label: 'a body where none is taken', json: { zz: 1 }, mutated: '(root)', mustReject: true });
  }

  // Bodies that are not what they claim, for every write.
  // A body whose fields are all optional may be left out, so an unreadable one is not certainly an error.
  const bodyRequired = Boolean(op.jsonBody && (resolve(op.jsonBody).required ?? []).length > 0);
  if (op.method !== 'get') {
    const cases413 = {
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
      contentType: 'application/json',
    };
    add({
      label: 'malformed JSON',
      raw: { body: '{"a":', contentType: 'application/json' },
      mustReject: true,
    });
    add({
      label: 'single quotes',
      raw: { body: "{'a':1}", contentType: 'application/json' },
      mustReject: true,
    });
    add({ label: '2 MB JSON', raw: cases413, mustReject: true }, ['admin', 'anonymous']);
    add({
      label: '10k nested arrays',
      raw: { body: deepArrays(10_000), contentType: 'application/json' },
      mustReject: true,
    });
    add({
      label: '5k nested objects',
      raw: { body: deepObject(5_000), contentType: 'application/json' },
      mustReject: true,
    });
    add({
      label: 'text/plain',
      raw: { body: JSON.stringify(validBody() ?? {}), contentType: 'text/plain' },
      mustReject: bodyRequired,
    });
    add({
      label: 'multipart',
      raw: {
        body: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n',
        contentType: 'multipart/form-data; boundary=b',
      },
      mustReject: bodyRequired,
    });
    add({
      label: 'no content type',
      raw: { body: JSON.stringify(validBody() ?? {}), contentType: '' },
      mustReject: bodyRequired,
    });
    add({
      label: 'JSON with a BOM and NULs',
      raw: { body: '\uFEFF{"a":"\u0000"}', contentType: 'application/json' },
      mustReject: true,
    });
  }
  if (op.rawBody) {
    for (const type of op.rawBody) {
      add({
        label: `${type}: junk`,
        raw: { body: Buffer.from([0, 255, 1, 254, 0x0a, 0x2c]), contentType: type },
      });
      add({ label: `${type}: empty`, raw: { body: '', contentType: type } });
    }
    add({ label: 'raw route given JSON', json: { a: 1 } });
  }

  // Path parameters: traversal and junk, each parameter in turn.
  for (const name of op.pathParams) {
    for (const value of NASTY_IDS) {
      add(
        {
          label: `path ${name}=${value.slice(0, 40)}`,
          path: buildPath(op, { [name]: value }),
          json: validBody(),
        },
        ['admin'],
      );
    }
    add({
      label: `path ${name} raw traversal`,
      path: buildPath(op, { [name]: '../../../../etc/passwd' }),
      json: validBody(),
    });
  }

  // Query parameters: wrong types, junk, repeated and nested forms, an unknown one.
  for (const param of op.queryParams) {
    for (const value of [pick(random, NASTY_QUERY_VALUES), pick(random, NASTY_QUERY_VALUES)]) {
      add({
        label: `query ${param.name}=${value.slice(0, 20)}`,
        query: buildQuery(op, random, { [param.name]: encodeURIComponent(value) }),
        json: validBody(),
      });
    }
    add({
      label: `query ${param.name} repeated`,
      query: buildQuery(op, random, { [param.name]: `1&${param.name}=2` }),
      json: validBody(),
    });
    add({
      label: `query ${param.name} nested`,
      query: `${encodeURIComponent(param.name)}[a][b]=1`,
      json: validBody(),
    });
  }
  add({ label: 'unknown query parameter', query: 'zzUnknown=1&__proto__[x]=1', json: validBody() });

  // Random combinations on top: FUZZ_RUNS per operation.
  for (let run = 0; run < RUNS; run += 1) {
    const body = validBody();
    const fields = op.jsonBody ? fieldsOf(op.jsonBody, body) : [];
    const junk = pick(random, [
      ...Object.values(VALUES_BY_TYPE),
      ...NASTY_STRINGS,
      ...NASTY_NUMBERS,
      HUGE_STRING.slice(0, 5000),
    ]);
    const json = fields.length > 0 ? setAt(body, pick(random, fields).path, junk) : body;
    const query = buildQuery(
      op,
      random,
      op.queryParams.length > 0 && random() < 0.5
        ? { [pick(random, op.queryParams).name]: encodeLoosely(String(junk).slice(0, 200)) }
        : {},
    );
    add({ label: `random #${run}`, json, query }, [pick(random, ROLES)]);
  }
  return cases;
}

/** encodeURIComponent, except that a lone surrogate goes out as its raw (invalid) UTF-8 bytes instead of throwing. */
function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(
      /[^A-Za-z0-9]/g,
      (ch) => `%${(ch.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`,
    );
  }
}

// --- the operations, read from the served document ---
const documentResponse = await request(server).get('/api/openapi.json');
const openapi = documentResponse.body as {
  paths: Record<
    string,
    Record<
      string,
      {
        description: string;
        parameters?: { name: string; in: string; required: boolean; schema: JsonSchema }[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
};
const operations: Operation[] = [];
for (const [template, methods] of Object.entries(openapi.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    const description = op.description;
    const access: Operation['access'] = description.startsWith('No sign-in')
      ? 'public'
      : description.startsWith('Any signed-in')
        ? 'authenticated'
        : (description
            .replace(/^Roles: /, '')
            .replace(/\.$/, '')
            .split(', ') as Role[]);
    const content = op.requestBody?.content ?? {};
    operations.push({
      method,
      template,
      access,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      queryParams: (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map(({ name, required, schema }) => ({ name, required, schema })),
      jsonBody: content['application/json']?.schema,
      rawBody: content['application/json']
        ? undefined
        : Object.keys(content).length > 0
          ? Object.keys(content)
          : undefined,
    });
  }
}
stats.totalOperations = operations.length;

// Logout and lock end the caller's token; they go last so the rest run with live tokens.
const LAST = new Set(['post /api/auth/logout', 'post /api/auth/lock']);
operations.sort(
  (a, b) => Number(LAST.has(`${a.method} ${a.template}`)) - Number(LAST.has(`${b.method} ${b.template}`)),
);

describe(`API fuzz (seed ${SEED}, FUZZ_RUNS ${RUNS})`, () => {
  it('the document lists the API', () => {
    expect(documentResponse.status).toBe(200);
    expect(operations.length).toBeGreaterThan(50);
  });

  operations.forEach((op, index) => {
    const name = `${op.method.toUpperCase()} ${op.template}`;
    it(name, { timeout: 300_000 }, async () => {
      const random = prng(SEED + index);
      const problems: string[] = [];
      for (const c of casesFor(op, random)) {
        for (const problem of await check(c, name)) {
          problems.push(
            `[${c.role}] ${c.label} → ${c.method.toUpperCase()} ${c.path.slice(0, 120)}${c.query ? `?${c.query.slice(0, 80)}` : ''}: ${problem}`,
          );
        }
      }
      await refreshTokens();
      lastFingerprint = await fingerprint();
      expect(problems, `reproduce with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`).toEqual([]);
    });
  });
});

function printSummary(): void {
  const lines = [
    `API fuzz summary (seed ${SEED}, FUZZ_RUNS ${RUNS}, ${t.database.kind})`,
    `operations covered: ${stats.operations.size} of ${stats.totalOperations} in /api/openapi.json`,
    `requests sent: ${stats.requests}`,
    `by status class: ${Object.entries(stats.byClass)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `by status: ${Object.entries(stats.byStatus)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `by role: ${Object.entries(stats.byRole)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `rejected writes checked against the database fingerprint (${TABLES.length} tables, stock and ledger sums): ${stats.rejectedWritesChecked}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}
