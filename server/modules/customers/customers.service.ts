import type { Page } from '../../../shared/schemas/common';
import {
  type CreateCustomerRequest,
  type CreatePetRequest,
  type Customer,
  type CustomerDetail,
  type CustomerQuery,
  type ListCustomersQuery,
  type Pet,
  phoneDigits,
  type UpdateCustomerRequest,
  type UpdatePetRequest,
} from '../../../shared/schemas/customers';
import type { Db, Executor, Tx } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { BusinessRuleError, NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { listLoyaltyProgress } from '../loyalty/loyalty.service';
import { presentCustomer, presentPet } from './customers.presenters';
import {
  addStoreCredit,
  type CustomerRow,
  customerExists,
  deletePetRow,
  findCustomerById,
  findCustomersByName,
  findPetsOfCustomers,
  insertCustomer,
  insertPets,
  lockStoreCredit,
  searchCustomers,
  touchCustomer,
  updateCustomerColumns,
  updatePetColumns,
} from './customers.repo';

export type CustomersDeps = { db: Db };

/** Who is acting: their user id, the stores they may see (null = all) and where the request came from. */
export type CustomerActor = { userId: string; visible: string[] | null; origin: RequestOrigin };

async function withPets(ex: Executor, rows: CustomerRow[]): Promise<Customer[]> {
  const pets = await findPetsOfCustomers(
    ex,
    rows.map((row) => row.id),
  );
  return rows.map((row) => presentCustomer(row, pets));
}

async function detailOf(
  ex: Executor,
  row: CustomerRow,
  scope: { visible: string[] | null; storeId?: string },
): Promise<CustomerDetail> {
  const [customer] = await withPets(ex, [row]);
  const loyalty = await listLoyaltyProgress(ex, row.id, {
    storeIds: scope.storeId ? [scope.storeId] : scope.visible,
    storeId: scope.storeId,
  });
  return { ...customer!, loyalty };
}

/**
 * Without q: every customer by name (keyset pages). With q: the best matches first (exact phone or email,
 * then names as typed, then containing q, then names resembling q), in offset pages: the ranking has no
 * stable key to resume from.
 */
export async function listCustomers(deps: CustomersDeps, query: ListCustomersQuery): Promise<Page<Customer>> {
  if (!query.q) {
    const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
    const rows = await findCustomersByName(deps.db, {
      after: after ? { name: String(after[0]), id: String(after[1]) } : undefined,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: await withPets(deps.db, items),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
    };
  }
  const offset = query.cursor ? Number(decodeCursor(query.cursor, 1)[0]) : 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  const q = query.q;
  const rows = await withTransaction(deps.db, (tx) =>
    searchCustomers(tx, { q, digits: phoneDigits(q), offset, limit: query.limit + 1 }),
  );
  const items = rows.slice(0, query.limit);
  return {
    items: await withPets(deps.db, items),
    nextCursor: rows.length > query.limit ? encodeCursor([offset + query.limit]) : null,
  };
}

/** A customer with pets, store credit and loyalty progress in the caller's stores' programs (or storeId's). */
export async function getCustomer(
  deps: CustomersDeps,
  visible: string[] | null,
  id: string,
  query: CustomerQuery,
): Promise<CustomerDetail> {
  if (query.storeId && visible && !visible.includes(query.storeId)) {
    throw new NotFoundError('Store');
  }
  const row = await findCustomerById(deps.db, id);
  if (!row) {
    throw new NotFoundError('Customer');
  }
  return detailOf(deps.db, row, { visible, storeId: query.storeId });
}

/** Audit entries name the fields given, never their values: contact details stay out of the log. */
function changedFields(request: object): string[] {
  return Object.keys(request).sort();
}

export async function createCustomer(
  deps: CustomersDeps,
  request: CreateCustomerRequest,
  actor: CustomerActor,
): Promise<CustomerDetail> {
  return withTransaction(deps.db, async (tx) => {
    const row = await insertCustomer(tx, {
      name: request.name,
      phone: request.phone ?? null,
      email: request.email ?? null,
      notes: request.notes,
      marketingConsent: request.marketingConsent,
      marketingConsentAt: request.marketingConsent ? new Date() : null,
    });
    await insertPets(tx, row.id, request.pets);
    await recordAudit(tx, {
      action: 'customer.created',
      actorUserId: actor.userId,
      entityType: 'customer',
      entityId: row.id,
      details: {
        fields: changedFields(request).filter(
          (key) => key !== 'pets' && request[key as keyof CreateCustomerRequest] != null,
        ),
        pets: request.pets.length,
        marketingConsent: request.marketingConsent,
      },
      origin: actor.origin,
    });
    return detailOf(tx, row, { visible: actor.visible });
  });
}

/** Changing marketingConsent stamps marketingConsentAt (when consent was given or withdrawn). */
export async function updateCustomer(
  deps: CustomersDeps,
  id: string,
  request: UpdateCustomerRequest,
  actor: CustomerActor,
): Promise<CustomerDetail> {
  return withTransaction(deps.db, async (tx) => {
    const before = await findCustomerById(tx, id);
    if (!before) {
      throw new NotFoundError('Customer');
    }
    const consentChanged =
      request.marketingConsent !== undefined && request.marketingConsent !== before.marketingConsent;
    const row = await updateCustomerColumns(tx, id, request, { consentChanged });
    if (!row) {
      throw new NotFoundError('Customer');
    }
    await recordAudit(tx, {
      action: 'customer.updated',
      actorUserId: actor.userId,
      entityType: 'customer',
      entityId: id,
      details: {
        changed: changedFields(request),
        ...(consentChanged ? { marketingConsent: request.marketingConsent } : {}),
      },
      origin: actor.origin,
    });
    return detailOf(tx, row, { visible: actor.visible });
  });
}

async function requireCustomerRow(ex: Executor, id: string): Promise<void> {
  if (!(await customerExists(ex, id))) {
    throw new NotFoundError('Customer');
  }
}

export async function addPet(
  deps: CustomersDeps,
  customerId: string,
  request: CreatePetRequest,
  actor: CustomerActor,
): Promise<Pet> {
  return withTransaction(deps.db, async (tx) => {
    await requireCustomerRow(tx, customerId);
    const [row] = await insertPets(tx, customerId, [request]);
    await touchCustomer(tx, customerId);
    await recordAudit(tx, {
      action: 'customer.updated',
      actorUserId: actor.userId,
      entityType: 'customer',
      entityId: customerId,
      details: { pet: { id: row!.id, change: 'added' } },
      origin: actor.origin,
    });
    return presentPet(row!);
  });
}

export async function updatePet(
  deps: CustomersDeps,
  customerId: string,
  petId: string,
  request: UpdatePetRequest,
  actor: CustomerActor,
): Promise<Pet> {
  return withTransaction(deps.db, async (tx) => {
    await requireCustomerRow(tx, customerId);
    const row = await updatePetColumns(tx, customerId, petId, request);
    if (!row) {
      throw new NotFoundError('Pet');
    }
    await touchCustomer(tx, customerId);
    await recordAudit(tx, {
      action: 'customer.updated',
      actorUserId: actor.userId,
      entityType: 'customer',
      entityId: customerId,
      details: { pet: { id: petId, change: 'updated', changed: changedFields(request) } },
      origin: actor.origin,
    });
    return presentPet(row);
  });
}

export async function removePet(
  deps: CustomersDeps,
  customerId: string,
  petId: string,
  actor: CustomerActor,
): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    await requireCustomerRow(tx, customerId);
    if (!(await deletePetRow(tx, customerId, petId))) {
      throw new NotFoundError('Pet');
    }
    await touchCustomer(tx, customerId);
    await recordAudit(tx, {
      action: 'customer.updated',
      actorUserId: actor.userId,
      entityType: 'customer',
      entityId: customerId,
      details: { pet: { id: petId, change: 'removed' } },
      origin: actor.origin,
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// For the sales and returns modules, inside their transaction

/** The customer exists (for a sale's customerId): NotFoundError('Customer') otherwise. */
export async function requireCustomer(ex: Executor, customerId: string): Promise<void> {
  await requireCustomerRow(ex, customerId);
}

function assertPositiveCents(amountCents: number): void {
  if (!Number.isInteger(amountCents) || amountCents <= 0) {
    throw new RangeError(`store credit amounts are positive integer cents, got ${amountCents}`);
  }
}

/**
 * Locks the customer row; takes amountCents of store credit; not enough → BusinessRuleError code
 * 'TENDER_SHORT' with details [{path, message: 'store credit balance is N cents'}]; unknown customer →
 * NotFoundError('Customer'). Two tills spending the same credit queue on the row lock.
 */
export async function debitStoreCredit(
  tx: Tx,
  input: { customerId: string; amountCents: number; path: string },
): Promise<void> {
  assertPositiveCents(input.amountCents);
  const balance = await lockStoreCredit(tx, input.customerId);
  if (balance === undefined) {
    throw new NotFoundError('Customer');
  }
  if (balance < input.amountCents) {
    throw new BusinessRuleError('TENDER_SHORT', 'Not enough store credit', [
      { path: input.path, message: `store credit balance is ${balance} cents` },
    ]);
  }
  await addStoreCredit(tx, input.customerId, -input.amountCents);
}

/** Adds store credit (a refund as store credit); unknown customer → NotFoundError('Customer'). */
export async function creditStoreCredit(
  tx: Tx,
  input: { customerId: string; amountCents: number },
): Promise<void> {
  assertPositiveCents(input.amountCents);
  if (!(await addStoreCredit(tx, input.customerId, input.amountCents))) {
    throw new NotFoundError('Customer');
  }
}
