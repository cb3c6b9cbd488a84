import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/roles';
import type { AnyRoute, StoreScope } from '../../server/http/route';
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
 * Walks every registered route for every role and store relation, and compares what the API answers
 * with what the route declares. A route added without the right declaration fails here.
 */
let t: TestApp;
let ownStore: StoreFixture;
let otherStore: StoreFixture;
const usersByRole = {} as Record<Role, UserFixture>;

beforeAll(async () => {
  t = await createTestApp();
  ownStore = await makeStore(t.database.db);
  otherStore = await makeStore(t.database.db);
  usersByRole.admin = await makeUser(t.database.db, { role: 'admin' });
  usersByRole.manager = await makeUser(t.database.db, { role: 'manager', storeIds: [ownStore.id] });
  usersByRole.cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [ownStore.id] });
});
afterAll(() => t.close());

// Every route × every role, a sign-in per call: it grows with the API, so it gets more time than one test.
const MATRIX_TIMEOUT_MS = 180_000;

const NOWHERE_ID = '00000000-0000-4000-8000-00000000abcd';

/** The id of a store-owned object of this kind in the given store; a new kind of scope needs a line here. */
async function scopedObjectId(scope: StoreScope, store: StoreFixture): Promise<string> {
  switch (scope.resource) {
    case 'store':
      return store.id;
    case 'transfer': {
      // In transit from `store` to a store nobody in the matrix is assigned to.
      const destination = await makeStore(t.database.db);
      const transfer = await makeTransfer(t.database.db, {
        fromStoreId: store.id,
        toStoreId: destination.id,
        createdBy: usersByRole.admin.id,
      });
      return transfer.id;
    }
    case 'shift': {
      // A new register each time: a register has at most one open shift.
      const shift = await makeShift(t.database.db, { storeId: store.id, openedBy: usersByRole.admin.id });
      return shift.id;
    }
    case 'sale': {
      const sale = await makeSale(t.database.db, { storeId: store.id, cashierId: usersByRole.admin.id });
      return sale.id;
    }
    default:
      throw new Error(`the matrix does not know how to make a ${String(scope.resource)}`);
  }
}

/** A stock count nested under a store path (/api/stores/:storeId/stock-counts/:countId) belongs to that store. */
async function stockCountIn(store: StoreFixture): Promise<string> {
  const count = await makeStockCount(t.database.db, { storeId: store.id, startedBy: usersByRole.admin.id });
  return count.id;
}

/** A purchase order nested under a store path (/api/stores/:storeId/purchase-orders/:purchaseOrderId). */
async function purchaseOrderIn(store: StoreFixture): Promise<string> {
  const order = await makePurchaseOrder(t.database.db, {
    storeId: store.id,
    createdBy: usersByRole.admin.id,
  });
  return order.id;
}

async function pathFor(route: AnyRoute, store: StoreFixture): Promise<string> {
  let path = route.path;
  for (const [match, name] of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
    const scope = route.storeScope;
    const value =
      scope && scope.param === name
        ? await scopedObjectId(scope, store)
        : name === 'countId'
          ? await stockCountIn(store)
          : name === 'purchaseOrderId'
            ? await purchaseOrderIn(store)
            : NOWHERE_ID;
    path = path.replace(match, value);
  }
  return path;
}

async function call(
  route: AnyRoute,
  role: Role | 'anonymous',
  store: StoreFixture,
): Promise<request.Response> {
  const path = await pathFor(route, store);
  if (role === 'anonymous') {
    return request(t.app)
      [route.method](path)
      .send(route.body ? {} : undefined);
  }
  // A fresh session per call: some routes (logout) end the caller's session.
  const client = await signIn(t.app, usersByRole[role].username, usersByRole[role].password);
  const pending = client.agent[route.method](path).set(client.csrf);
  return route.body ? pending.send({}) : pending;
}

function isAllowed(route: AnyRoute, role: Role | 'anonymous'): boolean {
  switch (route.access.kind) {
    case 'public':
      return true;
    case 'authenticated':
      return role !== 'anonymous';
    case 'roles':
      return role !== 'anonymous' && route.access.roles.includes(role);
  }
}

const ROLES_AND_ANONYMOUS = ['anonymous', 'cashier', 'manager', 'admin'] as const;

describe('authorization matrix', () => {
  it('every route declares its access, and every :storeId path parameter declares a store scope', () => {
    expect(t.routes.length).toBeGreaterThan(10);
    for (const route of t.routes) {
      expect(['public', 'authenticated', 'roles'], `${route.method} ${route.path}`).toContain(
        route.access.kind,
      );
      if (route.access.kind === 'roles') {
        expect(route.access.roles.length, `${route.method} ${route.path}`).toBeGreaterThan(0);
      }
      if (/:storeId\b/.test(route.path)) {
        expect(route.storeScope?.param, `${route.method} ${route.path}`).toBe('storeId');
      }
    }
  });

  it(
    'each role gets exactly the access its route declares (401 anonymous, 403 wrong role)',
    async () => {
      const mismatches: string[] = [];
      for (const route of t.routes) {
        for (const role of ROLES_AND_ANONYMOUS) {
          const response = await call(route, role, ownStore);
          if (/\$2[aby]\$|passwordHash|pinHash/.test(response.text)) {
            mismatches.push(
              `${route.method.toUpperCase()} ${route.path} as ${role}: the response holds a secret`,
            );
          }
          const expected = isAllowed(route, role) ? 'allowed' : role === 'anonymous' ? 401 : 403;
          const actual = response.status === 401 || response.status === 403 ? response.status : 'allowed';
          if (actual !== expected) {
            mismatches.push(
              `${route.method.toUpperCase()} ${route.path} as ${role}: expected ${expected}, got ${response.status}`,
            );
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
    MATRIX_TIMEOUT_MS,
  );

  it(
    "another store's object answers 404 to managers and cashiers, and is found for its own staff",
    async () => {
      const mismatches: string[] = [];
      for (const route of t.routes.filter((r) => r.storeScope)) {
        for (const role of ['cashier', 'manager'] as const) {
          if (!isAllowed(route, role)) {
            continue;
          }
          const other = await call(route, role, otherStore);
          if (other.status !== 404) {
            mismatches.push(
              `${route.method.toUpperCase()} ${route.path} as ${role}, other store: expected 404, got ${other.status}`,
            );
          }
          const own = await call(route, role, ownStore);
          if (own.status === 404 || own.status === 403) {
            mismatches.push(
              `${route.method.toUpperCase()} ${route.path} as ${role}, own store: got ${own.status}`,
            );
          }
        }
        if (isAllowed(route, 'admin')) {
          const adminOther = await call(route, 'admin', otherStore);
          if (adminOther.status === 404 || adminOther.status === 403) {
            mismatches.push(`${route.method.toUpperCase()} ${route.path} as admin: got ${adminOther.status}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
    MATRIX_TIMEOUT_MS,
  );
});
