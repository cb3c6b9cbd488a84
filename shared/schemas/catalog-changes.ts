import { z } from 'zod';
import { PRODUCT_UNITS, TAX_CLASSES } from './catalog';
import { uuid } from './common';

/** Most products one page of the catalog feed carries. */
export const MAX_CATALOG_CHANGES_LIMIT = 5000;

export const catalogChangesParamsSchema = z.object({ storeId: uuid() }).strict();

/**
 * `GET /api/stores/:storeId/catalog/changes`: the products changed after `since` (a cursor this feed
 * returned; absent or empty: from the beginning), oldest change first.
 */
export const catalogChangesQuerySchema = z
  .object({
    since: z.string().max(200, 'is not a cursor this feed returned').optional(),
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(MAX_CATALOG_CHANGES_LIMIT, `must be at most ${MAX_CATALOG_CHANGES_LIMIT}`)
      .default(2000),
  })
  .strict();
export type CatalogChangesQuery = z.infer<typeof catalogChangesQuerySchema>;

/** A product as the register keeps it offline: what it sells by, never its cost. */
export const registerProductSchema = z.object({
  id: uuid(),
  sku: z.string(),
  name: z.string(),
  brand: z.string(),
  categoryId: uuid().nullable(),
  unit: z.enum(PRODUCT_UNITS),
  priceCents: z.number().int(),
  taxClass: z.enum(TAX_CLASSES),
  active: z.boolean(),
  barcodes: z.array(z.string()),
  updatedAt: z.iso.datetime(),
});
export type RegisterProduct = z.infer<typeof registerProductSchema>;

export const catalogChangesSchema = z.object({
  products: z.array(registerProductSchema),
  /** Opaque: pass it as `since` next time. It echoes `since` when nothing changed ("" for an empty catalog). */
  cursor: z.string(),
  /** More changes are ready now: ask again with `cursor` straight away. */
  hasMore: z.boolean(),
});
export type CatalogChanges = z.infer<typeof catalogChangesSchema>;
