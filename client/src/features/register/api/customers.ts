import { z } from 'zod';
import {
  type CreateCustomerRequest,
  type Customer,
  type CustomerDetail,
  customerDetailSchema,
  customerSchema,
} from '../../../../../shared/schemas/customers';
import { type LoyaltyProgram, loyaltyProgramSchema } from '../../../../../shared/schemas/loyalty';
import { http } from '../../../api/http';

export type { CreateCustomerRequest, Customer, CustomerDetail, LoyaltyProgram };

const customerPageSchema = z.object({ items: z.array(customerSchema), nextCursor: z.string().nullable() });
const programPageSchema = z.object({
  items: z.array(loyaltyProgramSchema),
  nextCursor: z.string().nullable(),
});

/** Customers by phone digits, email or name, as typed; the best few. */
export async function searchCustomers(query: string, signal?: AbortSignal): Promise<Customer[]> {
  const params = new URLSearchParams({ q: query, limit: '8' });
  const page = await http.get(`/api/customers?${params}`, {
    signal,
    parse: (body) => customerPageSchema.parse(body),
  });
  return page.items;
}

/** The customer with pets and their frequent-buyer progress in this store's programs. */
export function getCustomer(id: string, storeId: string, signal?: AbortSignal): Promise<CustomerDetail> {
  const params = new URLSearchParams({ storeId });
  return http.get(`/api/customers/${encodeURIComponent(id)}?${params}`, {
    signal,
    parse: (body) => customerDetailSchema.parse(body),
  });
}

export function createCustomer(input: CreateCustomerRequest): Promise<CustomerDetail> {
  return http.post('/api/customers', { body: input, parse: (body) => customerDetailSchema.parse(body) });
}

/** The store's running programs, with what qualifies for each. */
export async function listLoyaltyPrograms(storeId: string, signal?: AbortSignal): Promise<LoyaltyProgram[]> {
  const params = new URLSearchParams({ storeId, active: 'true', limit: '100' });
  const page = await http.get(`/api/loyalty-programs?${params}`, {
    signal,
    parse: (body) => programPageSchema.parse(body),
  });
  return page.items;
}
