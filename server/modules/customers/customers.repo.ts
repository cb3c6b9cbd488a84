import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { customers, pets } from '../../db/schema';
import type { PetSpecies } from '../../db/schema/customers';

export type CustomerRow = typeof customers.$inferSelect;
export type PetRow = typeof pets.$inferSelect;

export async function insertCustomer(ex: Executor, row: typeof customers.$inferInsert): Promise<CustomerRow> {
  const [saved] = await ex.insert(customers).values(row).returning();
  return saved!;
}

export async function findCustomerById(ex: Executor, id: string): Promise<CustomerRow | undefined> {
  const [row] = await ex.select().from(customers).where(eq(customers.id, id)).limit(1);
  return row;
}

export async function customerExists(ex: Executor, id: string): Promise<boolean> {
  const rows = await ex.select({ id: customers.id }).from(customers).where(eq(customers.id, id)).limit(1);
  return rows.length > 0;
}

export async function updateCustomerColumns(
  ex: Executor,
  id: string,
  changes: Partial<Omit<typeof customers.$inferInsert, 'id'>>,
  options: { consentChanged: boolean },
): Promise<CustomerRow | undefined> {
  const [row] = await ex
    .update(customers)
    .set({
      ...changes,
      ...(options.consentChanged ? { marketingConsentAt: sql`now()` } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(customers.id, id))
    .returning();
  return row;
}

/** Locks the customer row and reads the store credit balance (undefined: no such customer). */
export async function lockStoreCredit(ex: Executor, id: string): Promise<number | undefined> {
  const [row] = await ex
    .select({ storeCreditCents: customers.storeCreditCents })
    .from(customers)
    .where(eq(customers.id, id))
    .limit(1)
    .for('update');
  return row === undefined ? undefined : Number(row.storeCreditCents);
}

/** Adds (or with a negative amount takes) store credit; false when there is no such customer. */
export async function addStoreCredit(ex: Executor, id: string, amountCents: number): Promise<boolean> {
  const rows = await ex
    .update(customers)
    .set({ storeCreditCents: sql`${customers.storeCreditCents} + ${amountCents}`, updatedAt: sql`now()` })
    .where(eq(customers.id, id))
    .returning({ id: customers.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------------------
// Search

/** Ordered by lower(name), id; `after` is the last row of the previous page. */
export async function findCustomersByName(
  ex: Executor,
  filter: { after?: { name: string; id: string }; limit: number },
): Promise<CustomerRow[]> {
  const conditions: SQL[] = [];
  if (filter.after) {
    conditions.push(
      sql`(lower(${customers.name}), ${customers.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`,
    );
  }
  return ex
    .select()
    .from(customers)
    .where(and(...conditions))
    .orderBy(sql`lower(${customers.name})`, asc(customers.id))
    .limit(filter.limit);
}

/** Word similarity from which a name is a match for a mistyped query ("Jonh" finds "John Smith": 0.4). */
export const NAME_WORD_SIMILARITY_THRESHOLD = 0.3;

function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Customers matching q, best first: 0 the exact phone (digits) or email; 1 the name as typed or starting with
 * q; 2 a name, email or phone containing q; 3 a name resembling q (trigram word similarity, for typos). The
 * name tests use the trigram index; among equally similar words, the name closest as a whole comes first; phone and email are compared on their normalised forms.
 * Sets pg_trgm.word_similarity_threshold for the rest of the transaction: run it in its own.
 */
export async function searchCustomers(
  ex: Executor,
  search: { q: string; digits: string; offset: number; limit: number },
): Promise<CustomerRow[]> {
  const lower = search.q.toLowerCase();
  const contains = `%${likeEscape(lower)}%`;
  const prefix = `${likeEscape(lower)}%`;
  // Phones are searched by digits only when q is a phone number as people write them (no letters).
  const phoneLike = /^[0-9 ()+.-]+$/.test(search.q) && search.digits.length >= 3;
  const phoneExact = phoneLike ? sql`c.phone = ${search.digits}` : sql`false`;
  const phoneContains = phoneLike ? sql`c.phone like ${`%${search.digits}%`}` : sql`false`;
  await ex.execute(
    sql`select set_config('pg_trgm.word_similarity_threshold', ${String(NAME_WORD_SIMILARITY_THRESHOLD)}, true)`,
  );
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`select c.id from (
        select c.id, c.name,
          case
            when ${phoneExact} or lower(c.email) = ${lower} then 0
            when lower(c.name) = ${lower} or lower(c.name) like ${prefix} then 1
            when c.name ilike ${contains} or lower(c.email) like ${contains} or ${phoneContains} then 2
            else 3
          end as rank,
          word_similarity(${lower}, lower(c.name)) as similarity,
          similarity(${lower}, lower(c.name)) as closeness
        from ${customers} c
        where ${phoneExact} or ${phoneContains} or lower(c.email) like ${contains}
          or c.name ilike ${contains} or ${search.q} <% c.name
      ) c
      order by c.rank, c.similarity desc, c.closeness desc, lower(c.name), c.id
      offset ${search.offset} limit ${search.limit}`,
  );
  if (rows.length === 0) {
    return [];
  }
  const found = await ex
    .select()
    .from(customers)
    .where(
      inArray(
        customers.id,
        rows.map((row) => row.id),
      ),
    );
  const byId = new Map(found.map((row) => [row.id, row]));
  return rows.flatMap((row) => {
    const customer = byId.get(row.id);
    return customer ? [customer] : [];
  });
}

// ---------------------------------------------------------------------------------------------------------
// Pets

export async function insertPets(
  ex: Executor,
  customerId: string,
  rows: { name: string; species: PetSpecies; breed?: string | null; birthDate?: string | null }[],
): Promise<PetRow[]> {
  if (rows.length === 0) {
    return [];
  }
  return ex
    .insert(pets)
    .values(
      rows.map((row) => ({
        customerId,
        name: row.name,
        species: row.species,
        breed: row.breed ?? null,
        birthDate: row.birthDate ?? null,
      })),
    )
    .returning();
}

/** Pets of these customers, in the order they were added (by name among those added together). */
export async function findPetsOfCustomers(ex: Executor, customerIds: string[]): Promise<PetRow[]> {
  if (customerIds.length === 0) {
    return [];
  }
  return ex
    .select()
    .from(pets)
    .where(inArray(pets.customerId, customerIds))
    .orderBy(asc(pets.createdAt), asc(pets.name), asc(pets.id));
}

export async function updatePetColumns(
  ex: Executor,
  customerId: string,
  petId: string,
  changes: Partial<Pick<typeof pets.$inferInsert, 'name' | 'species' | 'breed' | 'birthDate'>>,
): Promise<PetRow | undefined> {
  const [row] = await ex
    .update(pets)
    .set(changes)
    .where(and(eq(pets.id, petId), eq(pets.customerId, customerId)))
    .returning();
  return row;
}

export async function deletePetRow(ex: Executor, customerId: string, petId: string): Promise<boolean> {
  const rows = await ex
    .delete(pets)
    .where(and(eq(pets.id, petId), eq(pets.customerId, customerId)))
    .returning({ id: pets.id });
  return rows.length > 0;
}

/** Touches the customer's updated_at (a pet changed). */
export async function touchCustomer(ex: Executor, id: string): Promise<void> {
  await ex.update(customers).set({ updatedAt: sql`now()` }).where(eq(customers.id, id));
}
