import {
  categorySchema,
  createCategoryRequestSchema,
  createProductRequestSchema,
  listProductsQuerySchema,
  lookupProductQuerySchema,
  productLookupSchema,
  productSchema,
  updateProductRequestSchema,
} from '../../../shared/schemas/catalog';
import {
  catalogChangesParamsSchema,
  catalogChangesQuerySchema,
  catalogChangesSchema,
} from '../../../shared/schemas/catalog-changes';
import { idParams, page } from '../../../shared/schemas/common';
import { requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import { listCatalogChanges } from './catalog-changes.service';
import {
  createCategory,
  createProduct,
  getProduct,
  listCategories,
  listProducts,
  lookupProductByCode,
  updateProduct,
} from './catalog.service';

const MANAGERS = { kind: 'roles', roles: ['manager', 'admin'] } as const;
const SIGNED_IN = { kind: 'authenticated' } as const;
const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;

export function catalogRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/categories',
      summary: 'The whole category tree, depth first (each category after its parent)',
      tags: ['catalog'],
      access: SIGNED_IN,
      response: page(categorySchema),
      handler: () => listCategories(deps),
    }),
    defineRoute({
      method: 'post',
      path: '/api/categories',
      summary: 'Create a category (names are unique among siblings)',
      tags: ['catalog'],
      access: MANAGERS,
      body: createCategoryRequestSchema,
      successStatus: 201,
      response: categorySchema,
      handler: ({ body, principal, req }) => createCategory(deps, body, principal.userId, requestOrigin(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/products',
      summary:
        'Products by name (keyset cursor), or ranked search with q over name, brand, SKU and barcode (offset cursor)',
      tags: ['catalog'],
      access: SIGNED_IN,
      query: listProductsQuerySchema,
      response: page(productSchema),
      handler: ({ query }) => listProducts(deps, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/products',
      summary: 'Create a product with its barcodes',
      tags: ['catalog'],
      access: MANAGERS,
      body: createProductRequestSchema,
      successStatus: 201,
      response: productSchema,
      handler: ({ body, principal, req }) => createProduct(deps, body, principal.userId, requestOrigin(req)),
    }),
    // Before /api/products/:id, which would otherwise take "lookup" for an id.
    defineRoute({
      method: 'get',
      path: '/api/products/lookup',
      summary: 'The scan path: a barcode, scale label or SKU → the product and its on-hand at the store',
      tags: ['catalog'],
      access: SIGNED_IN,
      query: lookupProductQuerySchema,
      response: productLookupSchema,
      handler: ({ query, principal }) => lookupProductByCode(deps, visibleStoreIds(principal), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/products/:id',
      summary: 'Get a product',
      tags: ['catalog'],
      access: SIGNED_IN,
      params: idParams,
      response: productSchema,
      handler: ({ params }) => getProduct(deps, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/products/:id',
      summary: 'Change a product; barcodes, when given, replace the list',
      tags: ['catalog'],
      access: MANAGERS,
      params: idParams,
      body: updateProductRequestSchema,
      response: productSchema,
      handler: ({ params, body, principal, req }) =>
        updateProduct(deps, params.id, body, principal.userId, requestOrigin(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/catalog/changes',
      summary:
        "The registers' offline catalog: products changed after the since cursor (all of them without it), oldest change first, without cost; hasMore: ask again with cursor",
      tags: ['catalog'],
      access: STAFF,
      storeScope: { param: 'storeId', resource: 'store' },
      params: catalogChangesParamsSchema,
      query: catalogChangesQuerySchema,
      response: catalogChangesSchema,
      handler: ({ params, query, principal }) =>
        listCatalogChanges(deps, visibleStoreIds(principal), params.storeId, query),
    }),
  ];
}
