import { z } from 'zod';
import { type Customer, customerSchema } from '../../../../../shared/schemas/customers';
import {
  type CreateReturnInput,
  type Return,
  returnSchema,
  type Sale,
  saleSchema,
} from '../../../../../shared/schemas/sales';
import { http } from '../../../api/http';

export type { CreateReturnInput, Customer, Return, Sale };

/** The sale a receipt belongs to (its number is printed and barcoded on it); 404 when the store has none. */
export function getSaleByReceipt(receiptNumber: string, storeId: string): Promise<Sale> {
  return http.get(
    `/api/sales/by-receipt/${encodeURIComponent(receiptNumber)}?${new URLSearchParams({ storeId })}`,
    { parse: (body) => saleSchema.parse(body) },
  );
}

/**
 * Records the return. As with sales the body's `id` is the idempotency key: the very same body sent again
 * after a dropped connection answers the return already recorded instead of refunding twice.
 */
export function createReturn(input: CreateReturnInput): Promise<Return> {
  return http.post('/api/returns', { body: input, parse: (body) => returnSchema.parse(body) });
}

const customerPageSchema = z.object({ items: z.array(customerSchema), nextCursor: z.string().nullable() });

/** Customers by phone digits, email or name: who gets the store credit of a return without a receipt. */
export async function searchCustomers(query: string): Promise<Customer[]> {
  const page = await http.get(`/api/customers?${new URLSearchParams({ q: query, limit: '5' })}`, {
    parse: (body) => customerPageSchema.parse(body),
  });
  return page.items;
}
