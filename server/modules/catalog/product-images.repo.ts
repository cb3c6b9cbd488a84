import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { products } from '../../db/schema';

/** The product's image key (null: no image); undefined when there is no such product. */
export async function findProductImageKey(
  ex: Executor,
  productId: string,
): Promise<string | null | undefined> {
  const [row] = await ex
    .select({ imageKey: products.imageKey })
    .from(products)
    .where(eq(products.id, productId))
    .limit(1);
  return row ? row.imageKey : undefined;
}

/** Locks the product row for an image change; undefined when there is no such product. */
export async function lockProductImageKeyForUpdate(
  ex: Executor,
  productId: string,
): Promise<{ sku: string; imageKey: string | null } | undefined> {
  const [row] = await ex
    .select({ sku: products.sku, imageKey: products.imageKey })
    .from(products)
    .where(eq(products.id, productId))
    .for('update')
    .limit(1);
  return row;
}

export async function updateProductImageKey(
  ex: Executor,
  productId: string,
  imageKey: string | null,
): Promise<void> {
  await ex.update(products).set({ imageKey, updatedAt: sql`now()` }).where(eq(products.id, productId));
}
