import { z } from 'zod';
import { normalizeBarcode } from '../barcode/normalize';
import { nonNegativeCents, pageQuery, queryBoolean, uuid } from './common';

export const SPECIES = ['dog', 'cat', 'bird', 'fish', 'small_animal', 'reptile'] as const;
export const TAX_CLASSES = ['standard', 'reduced', 'exempt'] as const;
export const PRODUCT_UNITS = ['each', 'weight'] as const;

/** A barcode as typed or scanned; checked (check digits) and turned into its stored form. */
export const barcodeInput = () =>
  z.string({ error: 'must be a barcode' }).transform((value, ctx) => {
    const result = normalizeBarcode(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.barcode.code;
  });

export const skuInput = () =>
  z
    .string({ error: 'is required' })
    .trim()
    .regex(/^[^\s]{1,64}$/, 'must be 1 to 64 characters without spaces');

export const productFields = {
  sku: skuInput(),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
  brand: z.string().trim().max(100),
  categoryId: uuid().nullable(),
  species: z.array(z.enum(SPECIES, { error: `must be one of ${SPECIES.join(', ')}` })).max(6),
  barcodes: z
    .array(barcodeInput())
    .max(20)
    .superRefine((codes, ctx) => {
      // Compared in stored form, so a UPC-A and its EAN-13 form count as the same code.
      codes.forEach((code, index) => {
        if (codes.indexOf(code) !== index) {
          ctx.addIssue({ code: 'custom', path: [index], message: `${code} is listed twice` });
        }
      });
    }),
  priceCents: nonNegativeCents(),
  costCents: nonNegativeCents(),
  taxClass: z.enum(TAX_CLASSES, { error: 'must be standard, reduced or exempt' }),
  unit: z.enum(PRODUCT_UNITS, { error: 'must be each or weight' }),
  active: z.boolean(),
  isLotTracked: z.boolean(),
};

export const createProductRequestSchema = z
  .object({
    sku: productFields.sku,
    name: productFields.name,
    priceCents: productFields.priceCents,
    brand: productFields.brand.default(''),
    categoryId: productFields.categoryId.default(null),
    species: productFields.species.default([]),
    barcodes: productFields.barcodes.default([]),
    costCents: productFields.costCents.default(0),
    taxClass: productFields.taxClass.default('standard'),
    unit: productFields.unit.default('each'),
    active: productFields.active.default(true),
    isLotTracked: productFields.isLotTracked.default(false),
  })
  .strict();
export type CreateProductRequest = z.infer<typeof createProductRequestSchema>;

export const updateProductRequestSchema = z
  .object({
    sku: productFields.sku.optional(),
    name: productFields.name.optional(),
    brand: productFields.brand.optional(),
    categoryId: productFields.categoryId.optional(),
    species: productFields.species.optional(),
    barcodes: productFields.barcodes.optional(),
    priceCents: productFields.priceCents.optional(),
    costCents: productFields.costCents.optional(),
    taxClass: productFields.taxClass.optional(),
    unit: productFields.unit.optional(),
    active: productFields.active.optional(),
    isLotTracked: productFields.isLotTracked.optional(),
  })
  .strict();
export type UpdateProductRequest = z.infer<typeof updateProductRequestSchema>;

export const productSchema = z.object({
  id: uuid(),
  sku: z.string(),
  name: z.string(),
  brand: z.string(),
  categoryId: uuid().nullable(),
  species: z.array(z.enum(SPECIES)),
  barcodes: z.array(z.string()),
  priceCents: z.number().int(),
  costCents: z.number().int(),
  taxClass: z.enum(TAX_CLASSES),
  unit: z.enum(PRODUCT_UNITS),
  active: z.boolean(),
  isLotTracked: z.boolean(),
  imageUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Product = z.infer<typeof productSchema>;

export const listProductsQuerySchema = z
  .object({
    ...pageQuery,
    q: z.string().trim().max(200).optional(),
    categoryId: uuid().optional(),
    species: z.enum(SPECIES).optional(),
    active: queryBoolean().optional(),
  })
  .strict();
export type ListProductsQuery = z.infer<typeof listProductsQuerySchema>;

export const lookupProductQuerySchema = z
  .object({
    code: z.string({ error: 'is required' }).trim().min(1, 'is required').max(64),
    storeId: uuid(),
  })
  .strict();
export type LookupProductQuery = z.infer<typeof lookupProductQuerySchema>;

/** The scan answer: the product, its on-hand at the store, and what a scale label carried, if anything. */
export const productLookupSchema = productSchema.extend({
  onHand: z.number().int(),
  scanned: z
    .object({
      code: z.string(),
      /** Grams from a weight label, or null. */
      quantity: z.number().int().nullable(),
      /** Cents from a price label, or null. */
      priceCents: z.number().int().nullable(),
    })
    .nullable(),
});
export type ProductLookup = z.infer<typeof productLookupSchema>;

export const categorySchema = z.object({
  id: uuid(),
  parentId: uuid().nullable(),
  name: z.string(),
  position: z.number().int(),
});
export type Category = z.infer<typeof categorySchema>;

export const createCategoryRequestSchema = z
  .object({
    name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100),
    parentId: uuid().nullable().default(null),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();
export type CreateCategoryRequest = z.infer<typeof createCategoryRequestSchema>;
