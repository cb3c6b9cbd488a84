import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute } from '../../server/http/route';
import { signIn } from '../helpers/auth';
import {
  makePurchaseOrder,
  makeSale,
  makeShift,
  makeStockCount,
  makeStore,
  makeTransfer,
  makeUser,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * The security matrix (issue 8): every route the app mounts × five callers (anonymous, a cashier of store A,
 * a manager of store A, a manager of store B, an admin), each answer's class compared with the EXPECTED table
 * below — written out by hand, not read from the routes' own declarations, so a route whose declaration is
 * loosened (or a new route nobody classified) fails here. Objects are in store A; the store B manager must get
 * 404 for every store-scoped route his role may otherwise call.
 */

/** Who may call a route. SIGNED_IN and STAFF allow the same three roles; both are kept to mirror the routes. */
const PUBLIC = { anonymous: true, roles: ['cashier', 'manager', 'admin'] } as const;
const SIGNED_IN = { anonymous: false, roles: ['cashier', 'manager', 'admin'] } as const;
const STAFF = SIGNED_IN;
const MANAGERS = { anonymous: false, roles: ['manager', 'admin'] } as const;
const ADMIN = { anonymous: false, roles: ['admin'] } as const;

type Scope = 'store' | 'transfer' | 'shift' | 'sale';
type Expectation = { access: { anonymous: boolean; roles: readonly string[] }; scope?: Scope };

/**
 * Every route, its access rule and the store-owned object its path names (if any). A route added to the app
 * without a row here fails the first test, naming it: add the row with the access it must have.
 */
const EXPECTED: Record<string, Expectation> = {
  'GET /api/health': { access: PUBLIC },
  'POST /api/auth/login': { access: PUBLIC },
  'POST /api/auth/token': { access: PUBLIC },
  // The second sign-in step: anyone may try a challenge id with a code (the challenge is the credential).
  'POST /api/auth/login/mfa': { access: PUBLIC },
  'POST /api/auth/token/mfa': { access: PUBLIC },
  // Two-factor enrolment and management: managers and admins only; cashiers sign in with one step.
  'GET /api/auth/mfa': { access: MANAGERS },
  'POST /api/auth/mfa/enrolment': { access: MANAGERS },
  'POST /api/auth/mfa/enrolment/confirm': { access: MANAGERS },
  'POST /api/auth/mfa/disable': { access: MANAGERS },
  'POST /api/auth/mfa/recovery-codes': { access: MANAGERS },
  'POST /api/auth/logout': { access: SIGNED_IN },
  'GET /api/auth/me': { access: SIGNED_IN },
  'POST /api/auth/lock': { access: SIGNED_IN },
  'POST /api/auth/unlock': { access: SIGNED_IN },
  'GET /api/stores': { access: SIGNED_IN },
  'POST /api/stores': { access: ADMIN },
  'GET /api/stores/:id': { access: SIGNED_IN, scope: 'store' },
  'PATCH /api/stores/:id': { access: ADMIN, scope: 'store' },
  'GET /api/users': { access: ADMIN },
  'POST /api/users': { access: ADMIN },
  'GET /api/users/:id': { access: ADMIN },
  'PATCH /api/users/:id': { access: ADMIN },
  'POST /api/users/:id/unlock': { access: ADMIN },
  'GET /api/audit-log': { access: MANAGERS },
  'GET /api/categories': { access: SIGNED_IN },
  'POST /api/categories': { access: MANAGERS },
  'GET /api/products': { access: SIGNED_IN },
  'POST /api/products': { access: MANAGERS },
  'GET /api/products/lookup': { access: SIGNED_IN },
  'GET /api/products/:id': { access: SIGNED_IN },
  'PATCH /api/products/:id': { access: MANAGERS },
  'GET /api/stores/:storeId/catalog/changes': { access: STAFF, scope: 'store' },
  'POST /api/products/import': { access: MANAGERS },
  'GET /api/products/export': { access: MANAGERS },
  'PUT /api/products/:id/image': { access: MANAGERS },
  'GET /api/products/:id/image': { access: PUBLIC },
  'DELETE /api/products/:id/image': { access: MANAGERS },
  'GET /api/stores/:storeId/inventory': { access: STAFF, scope: 'store' },
  'GET /api/stores/:storeId/inventory/movements': { access: STAFF, scope: 'store' },
  'POST /api/stores/:storeId/inventory/adjustments': { access: MANAGERS, scope: 'store' },
  'PATCH /api/stores/:storeId/inventory/:productId': { access: MANAGERS, scope: 'store' },
  'POST /api/transfers': { access: MANAGERS },
  'GET /api/transfers': { access: STAFF },
  'GET /api/transfers/:id': { access: STAFF, scope: 'transfer' },
  'POST /api/transfers/:id/receive': { access: MANAGERS, scope: 'transfer' },
  'POST /api/transfers/:id/cancel': { access: MANAGERS, scope: 'transfer' },
  'GET /api/suppliers': { access: MANAGERS },
  'POST /api/suppliers': { access: MANAGERS },
  'PATCH /api/suppliers/:id': { access: MANAGERS },
  'PUT /api/suppliers/:id/products/:productId': { access: MANAGERS },
  'POST /api/stores/:storeId/purchase-orders': { access: MANAGERS, scope: 'store' },
  'GET /api/stores/:storeId/purchase-orders': { access: MANAGERS, scope: 'store' },
  'GET /api/stores/:storeId/purchase-orders/:purchaseOrderId': { access: MANAGERS, scope: 'store' },
  'PATCH /api/stores/:storeId/purchase-orders/:purchaseOrderId': { access: MANAGERS, scope: 'store' },
  'POST /api/stores/:storeId/purchase-orders/:purchaseOrderId/order': { access: MANAGERS, scope: 'store' },
  'POST /api/stores/:storeId/purchase-orders/:purchaseOrderId/cancel': { access: MANAGERS, scope: 'store' },
  'POST /api/stores/:storeId/purchase-orders/:purchaseOrderId/receive': { access: MANAGERS, scope: 'store' },
  'POST /api/stores/:storeId/receipts': { access: MANAGERS, scope: 'store' },
  'GET /api/stores/:storeId/lots/expiring': { access: STAFF, scope: 'store' },
  'GET /api/lots/recall': { access: MANAGERS },
  'POST /api/stores/:storeId/stock-counts': { access: MANAGERS, scope: 'store' },
  'GET /api/stores/:storeId/stock-counts': { access: STAFF, scope: 'store' },
  'GET /api/stores/:storeId/stock-counts/:countId': { access: STAFF, scope: 'store' },
  'PUT /api/stores/:storeId/stock-counts/:countId/lines': { access: STAFF, scope: 'store' },
  'POST /api/stores/:storeId/stock-counts/:countId/submit': { access: MANAGERS, scope: 'store' },
  'POST /api/stores/:storeId/stock-counts/:countId/cancel': { access: MANAGERS, scope: 'store' },
  'GET /api/stores/:storeId/reorder-suggestions': { access: MANAGERS, scope: 'store' },
  'POST /api/parked-carts': { access: STAFF },
  'GET /api/parked-carts': { access: STAFF },
  'POST /api/parked-carts/:id/recall': { access: STAFF },
  'DELETE /api/parked-carts/:id': { access: STAFF },
  'POST /api/shifts': { access: STAFF },
  'GET /api/shifts/current': { access: STAFF },
  'GET /api/shifts': { access: STAFF },
  'GET /api/shifts/:id': { access: STAFF, scope: 'shift' },
  'POST /api/shifts/:id/cash-movements': { access: STAFF, scope: 'shift' },
  'POST /api/shifts/:id/no-sale': { access: STAFF, scope: 'shift' },
  'POST /api/shifts/:id/close': { access: STAFF, scope: 'shift' },
  'GET /api/shifts/:id/report': { access: STAFF, scope: 'shift' },
  'GET /api/customers': { access: STAFF },
  'POST /api/customers': { access: STAFF },
  'GET /api/customers/:id': { access: STAFF },
  'PATCH /api/customers/:id': { access: STAFF },
  'POST /api/customers/:id/pets': { access: STAFF },
  'PATCH /api/customers/:id/pets/:petId': { access: STAFF },
  'DELETE /api/customers/:id/pets/:petId': { access: STAFF },
  'POST /api/loyalty-programs': { access: MANAGERS },
  'GET /api/loyalty-programs': { access: STAFF },
  'GET /api/loyalty-programs/:id': { access: STAFF },
  'PATCH /api/loyalty-programs/:id': { access: MANAGERS },
  'GET /api/loyalty-programs/:id/members': { access: MANAGERS },
  'GET /api/loyalty-programs/:id/redemptions': { access: MANAGERS },
  'GET /api/sales': { access: STAFF },
  'GET /api/sales/by-receipt/:receiptNumber': { access: STAFF },
  'GET /api/sales/:id': { access: STAFF, scope: 'sale' },
  'POST /api/sales': { access: STAFF },
  'POST /api/sales/:id/void': { access: STAFF, scope: 'sale' },
  'POST /api/stores/:storeId/registers/:registerId/receipt-sequence': { access: STAFF, scope: 'store' },
  'POST /api/returns': { access: STAFF },
  'GET /api/returns/:id': { access: STAFF },
  'GET /api/reports/daily-sales': { access: MANAGERS },
  'GET /api/reports/dashboard': { access: MANAGERS },
  'GET /api/reports/sales': { access: MANAGERS },
  'GET /api/reports/tax': { access: MANAGERS },
  'GET /api/reports/tenders': { access: MANAGERS },
  'GET /api/reports/discounts': { access: MANAGERS },
  'GET /api/reports/voids-returns': { access: MANAGERS },
  'GET /api/reports/shrink': { access: MANAGERS },
  'GET /api/reports/shift-over-short': { access: MANAGERS },
  'GET /api/reports/inventory-valuation': { access: MANAGERS },
  'GET /api/sales/:id/receipt': { access: STAFF, scope: 'sale' },
  'POST /api/sales/:id/receipt/email': { access: STAFF, scope: 'sale' },
  'GET /api/openapi.json': { access: PUBLIC },
};

type Caller = 'anonymous' | 'cashier' | 'managerA' | 'managerB' | 'admin';
const CALLERS: readonly Caller[] = ['anonymous', 'cashier', 'managerA', 'managerB', 'admin'];
type Outcome = 401 | 403 | 404 | 'allowed';

let t: TestApp;
let storeA: StoreFixture;
let storeB: StoreFixture;
const users = {} as Record<Exclude<Caller, 'anonymous'>, UserFixture>;

beforeAll(async () => {
  t = await createTestApp();
  storeA = await makeStore(t.database.db);
  storeB = await makeStore(t.database.db);
  users.admin = await makeUser(t.database.db, { role: 'admin' });
  users.managerA = await makeUser(t.database.db, { role: 'manager', storeIds: [storeA.id] });
  users.managerB = await makeUser(t.database.db, { role: 'manager', storeIds: [storeB.id] });
  users.cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [storeA.id] });
});
afterAll(() => t?.close());

const keyOf = (route: AnyRoute) => `${route.method.toUpperCase()} ${route.path}`;
const NOWHERE_ID = '00000000-0000-4000-8000-00000000abcd';

/** A fresh object of the kind the path names, in store A (a new one per call: calls may close or void it). */
async function objectIn(kind: Scope | 'countId' | 'purchaseOrderId', store: StoreFixture): Promise<string> {
  const db = t.database.db;
  switch (kind) {
    case 'store':
      return store.id;
    case 'transfer': {
      const destination = await makeStore(db);
      return (
        await makeTransfer(db, {
          fromStoreId: store.id,
          toStoreId: destination.id,
          createdBy: users.admin.id,
        })
      ).id;
    }
    case 'shift':
      return (await makeShift(db, { storeId: store.id, openedBy: users.admin.id })).id;
    case 'sale':
      return (await makeSale(db, { storeId: store.id, cashierId: users.admin.id })).id;
    case 'countId':
      return (await makeStockCount(db, { storeId: store.id, startedBy: users.admin.id })).id;
    case 'purchaseOrderId':
      return (await makePurchaseOrder(db, { storeId: store.id, createdBy: users.admin.id })).id;
  }
}

async function pathFor(route: AnyRoute, expected: Expectation): Promise<string> {
  let path = route.path;
  for (const [match, name] of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
    const kind =
      route.storeScope?.param === name && expected.scope
        ? expected.scope
        : name === 'countId' || name === 'purchaseOrderId'
          ? name
          : null;
    path = path.replace(match, kind ? await objectIn(kind, storeA) : NOWHERE_ID);
  }
  return path;
}

async function call(route: AnyRoute, expected: Expectation, caller: Caller): Promise<request.Response> {
  const path = await pathFor(route, expected);
  if (caller === 'anonymous') {
    return request(t.app)
      [route.method](path)
      .send(route.body ? {} : undefined);
  }
  // A fresh session per call: logout ends it, lock locks it.
  const client = await signIn(t.app, users[caller].username, users[caller].password);
  const pending = client.agent[route.method](path).set(client.csrf);
  return route.body ? pending.send({}) : pending;
}

function expectedOutcome(expected: Expectation, caller: Caller): Outcome {
  if (caller === 'anonymous') {
    return expected.access.anonymous ? 'allowed' : 401;
  }
  const role = caller === 'managerA' || caller === 'managerB' ? 'manager' : caller;
  if (!expected.access.roles.includes(role)) {
    return 403;
  }
  return caller === 'managerB' && expected.scope ? 404 : 'allowed';
}

/** 401/403 are refusals; 404 counts as a refusal only where the table expects the other-store 404. */
function actualOutcome(status: number, wanted: Outcome): Outcome {
  if (status === 401 || status === 403) {
    return status;
  }
  if (wanted === 404) {
    return status === 404 ? 404 : 'allowed';
  }
  return 'allowed';
}

describe('security matrix: every route × anonymous, cashier, manager A, manager B, admin', () => {
  it('every mounted route has a row in the table, and every row is a mounted route', () => {
    const mounted = t.routes.map(keyOf);
    const missing = mounted.filter((key) => !(key in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((key) => !mounted.includes(key));
    expect(
      missing,
      `routes without a row in EXPECTED (add them with their access rule): ${missing.join(', ')}`,
    ).toEqual([]);
    expect(stale, `rows in EXPECTED for routes that no longer exist: ${stale.join(', ')}`).toEqual([]);
    expect(new Set(mounted).size).toBe(mounted.length);
  });

  it('every store-scoped row names the parameter the route declares, and no route is scoped without a row saying so', () => {
    const mismatches: string[] = [];
    for (const route of t.routes) {
      const expected = EXPECTED[keyOf(route)];
      if (!expected) {
        continue;
      }
      if ((expected.scope ?? null) !== (route.storeScope?.resource ?? null)) {
        mismatches.push(
          `${keyOf(route)}: table ${expected.scope ?? 'unscoped'}, route ${route.storeScope?.resource ?? 'unscoped'}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('each caller gets the class of answer the table expects (401 / 403 / 404 for another store / allowed)', async () => {
    const mismatches: string[] = [];
    const tally: Record<string, number> = {};
    let calls = 0;
    for (const route of t.routes) {
      const expected = EXPECTED[keyOf(route)];
      if (!expected) {
        mismatches.push(`${keyOf(route)}: no row in EXPECTED`);
        continue;
      }
      for (const caller of CALLERS) {
        const wanted = expectedOutcome(expected, caller);
        const response = await call(route, expected, caller);
        calls += 1;
        const actual = actualOutcome(response.status, wanted);
        tally[String(wanted)] = (tally[String(wanted)] ?? 0) + 1;
        if (actual !== wanted) {
          mismatches.push(
            `${keyOf(route)} as ${caller}: expected ${wanted}, got ${response.status} ${response.text.slice(0, 120)}`,
          );
        }
        if (/\$2[aby]\$|passwordHash|pinHash/.test(response.text)) {
          mismatches.push(`${keyOf(route)} as ${caller}: the answer holds a secret`);
        }
      }
    }
    console.log(
      `[security matrix] ${t.routes.length} routes × ${CALLERS.length} callers = ${calls} calls; expected classes ${JSON.stringify(tally)}`,
    );
    expect(mismatches).toEqual([]);
  }, 300_000);
});
