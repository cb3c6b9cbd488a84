import type { Category, Product, ProductLookup } from '../../../shared/schemas/catalog';
import type { CategoryRow, ProductLookupRow, ProductRow } from './catalog.repo';
// The image route's own URL builder: versioned, so browsers may cache it for good.
import { productImageUrl } from './product-images.service';

export function presentProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    brand: row.brand,
    categoryId: row.categoryId,
    species: row.species,
    barcodes: row.barcodes,
    priceCents: row.priceCents,
    costCents: row.costCents,
    taxClass: row.taxClass,
    unit: row.unit,
    active: row.active,
    isLotTracked: row.isLotTracked,
    imageUrl: productImageUrl(row.id, row.imageKey),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentProductLookup(
  row: ProductLookupRow,
  scanned: ProductLookup['scanned'],
): ProductLookup {
  return { ...presentProduct(row), onHand: row.onHand, scanned };
}

export function presentCategory(row: CategoryRow): Category {
  return { id: row.id, parentId: row.parentId, name: row.name, position: row.position };
}
