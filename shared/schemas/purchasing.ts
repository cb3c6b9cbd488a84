import { z } from 'zod';
import { businessDate, nonNegativeCents, pageQuery, queryBoolean, uuid } from './common';

// ---------------------------------------------------------------------------------------------------------
// Suppliers

export const supplierSchema = z.object({
  id: uuid(),
  name: z.string(),
  contactName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  notes: z.string(),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Supplier = z.infer<typeof supplierSchema>;

const supplierFields = {
  name: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters'),
  contactName: z.string().trim().max(200, 'must be at most 200 characters').nullable(),
  email: z.email({ error: 'must be an email address' }).max(320).nullable(),
  phone: z.string().trim().max(50, 'must be at most 50 characters').nullable(),
  notes: z.string().max(2000, 'must be at most 2000 characters'),
  active: z.boolean({ error: 'must be true or false' }),
};

export const createSupplierRequestSchema = z
  .object({
    name: supplierFields.name,
    contactName: supplierFields.contactName.default(null),
    email: supplierFields.email.default(null),
    phone: supplierFields.phone.default(null),
    notes: supplierFields.notes.default(''),
    active: supplierFields.active.default(true),
  })
  .strict();
export type CreateSupplierRequest = z.infer<typeof createSupplierRequestSchema>;

export const updateSupplierRequestSchema = z
  .object({
    name: supplierFields.name.optional(),
    contactName: supplierFields.contactName.optional(),
    email: supplierFields.email.optional(),
    phone: supplierFields.phone.optional(),
    notes: supplierFields.notes.optional(),
    active: supplierFields.active.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'name at least one field to change');
export type UpdateSupplierRequest = z.infer<typeof updateSupplierRequestSchema>;

export const listSuppliersQuerySchema = z
  .object({
    q: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    active: queryBoolean().optional(),
    ...pageQuery,
  })
  .strict();
export type ListSuppliersQuery = z.infer<typeof listSuppliersQuerySchema>;

export const supplierProductParamsSchema = z.object({ id: uuid(), productId: uuid() }).strict();

/** PUT /api/suppliers/:id/products/:productId — the supplier's terms for one product. */
export const putSupplierProductRequestSchema = z
  .object({
    supplierSku: z.string().trim().min(1, 'must not be empty').max(64).nullable().optional(),
    unitCostCents: nonNegativeCents().nullable().optional(),
    isPreferred: z.boolean({ error: 'must be true or false' }),
  })
  .strict();
export type PutSupplierProductRequest = z.infer<typeof putSupplierProductRequestSchema>;

export const supplierProductSchema = z.object({
  supplierId: uuid(),
  productId: uuid(),
  supplierSku: z.string().nullable(),
  unitCostCents: z.number().int().nullable(),
  isPreferred: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type SupplierProduct = z.infer<typeof supplierProductSchema>;

// ---------------------------------------------------------------------------------------------------------
// Receiving lines (purchase orders and ad hoc receipts share them)

const quantity = () =>
  z
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be greater than 0')
    .max(1_000_000_000, 'is too large');

/** A supplier's lot number as printed on the case. Required (with expiryDate) for lot-tracked products. */
const lotNumber = () =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters');

const note = () => z.string().max(1000, 'must be at most 1000 characters');

/** Flags the same product twice in one list of lines, naming the later line. */
function noDuplicateProducts(lines: { productId: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (seen.has(line.productId)) {
      ctx.addIssue({ code: 'custom', path: ['lines', index, 'productId'], message: 'appears twice' });
    }
    seen.add(line.productId);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Purchase orders

export const PURCHASE_ORDER_STATUS_VALUES = [
  'draft',
  'ordered',
  'partially_received',
  'received',
  'cancelled',
] as const;
export const purchaseOrderStatusSchema = z.enum(PURCHASE_ORDER_STATUS_VALUES, {
  error: 'must be draft, ordered, partially_received, received or cancelled',
});

export const purchaseOrderLineInputSchema = z
  .object({
    productId: uuid(),
    quantityOrdered: quantity(),
    unitCostCents: nonNegativeCents(),
  })
  .strict();

const purchaseOrderLinesSchema = z
  .array(purchaseOrderLineInputSchema)
  .min(1, 'must have at least one line')
  .max(500, 'must have at most 500 lines');

export const createPurchaseOrderRequestSchema = z
  .object({
    supplierId: uuid(),
    lines: purchaseOrderLinesSchema,
    expectedDate: businessDate().nullable().optional(),
    note: note().nullable().optional(),
  })
  .strict()
  .superRefine((value, ctx) => noDuplicateProducts(value.lines, ctx));
export type CreatePurchaseOrderRequest = z.infer<typeof createPurchaseOrderRequestSchema>;

/** While a purchase order is a draft: `lines`, when given, replaces every line. */
export const updatePurchaseOrderRequestSchema = z
  .object({
    supplierId: uuid().optional(),
    lines: purchaseOrderLinesSchema.optional(),
    expectedDate: businessDate().nullable().optional(),
    note: note().nullable().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (Object.keys(value).length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'name at least one field to change' });
    }
    if (value.lines) {
      noDuplicateProducts(value.lines, ctx);
    }
  });
export type UpdatePurchaseOrderRequest = z.infer<typeof updatePurchaseOrderRequestSchema>;

export const storeParamsSchema = z.object({ storeId: uuid() }).strict();
export const purchaseOrderParamsSchema = z.object({ storeId: uuid(), purchaseOrderId: uuid() }).strict();

export const listPurchaseOrdersQuerySchema = z
  .object({
    status: purchaseOrderStatusSchema.optional(),
    supplierId: uuid().optional(),
    ...pageQuery,
  })
  .strict();
export type ListPurchaseOrdersQuery = z.infer<typeof listPurchaseOrdersQuerySchema>;

export const purchaseOrderLineSchema = z.object({
  id: uuid(),
  productId: uuid(),
  sku: z.string(),
  name: z.string(),
  quantityOrdered: z.number().int(),
  quantityReceived: z.number().int(),
  /** quantityReceived − quantityOrdered when the supplier delivered more than ordered, else 0. */
  overReceived: z.number().int(),
  unitCostCents: z.number().int(),
});
export type PurchaseOrderLine = z.infer<typeof purchaseOrderLineSchema>;

export const purchaseOrderSchema = z.object({
  id: uuid(),
  storeId: uuid(),
  supplierId: uuid(),
  supplierName: z.string(),
  number: z.string(),
  status: purchaseOrderStatusSchema,
  note: z.string().nullable(),
  expectedDate: z.string().nullable(),
  createdBy: uuid(),
  orderedAt: z.iso.datetime().nullable(),
  receivedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Σ quantityOrdered × unitCostCents. */
  totalCostCents: z.number().int(),
  lines: z.array(purchaseOrderLineSchema),
});
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;

export const purchaseOrderSummarySchema = purchaseOrderSchema.omit({ lines: true });
export type PurchaseOrderSummary = z.infer<typeof purchaseOrderSummarySchema>;

/** A received line: what arrived, and for lot-tracked products its lot and expiry. */
const receivedLineInput = z
  .object({
    productId: uuid(),
    quantity: quantity(),
    lotNumber: lotNumber().optional(),
    expiryDate: businessDate().optional(),
  })
  .strict();

const receivedLines = <T extends z.ZodType>(line: T) =>
  z.array(line).min(1, 'must have at least one line').max(500, 'must have at most 500 lines');

export const receivePurchaseOrderRequestSchema = z
  .object({ lines: receivedLines(receivedLineInput), note: note().optional() })
  .strict();
export type ReceivePurchaseOrderRequest = z.infer<typeof receivePurchaseOrderRequestSchema>;

/** Without an order, each line says what it cost. */
export const createReceiptRequestSchema = z
  .object({
    supplierId: uuid().optional(),
    lines: receivedLines(receivedLineInput.extend({ unitCostCents: nonNegativeCents() })),
    note: note().optional(),
  })
  .strict();
export type CreateReceiptRequest = z.infer<typeof createReceiptRequestSchema>;

/** One received line as it landed: the ledger's new on-hand and the product's new average cost. */
export const receivedLineSchema = z.object({
  productId: uuid(),
  quantity: z.number().int(),
  unitCostCents: z.number().int(),
  lotId: uuid().nullable(),
  lotNumber: z.string().nullable(),
  expiryDate: z.string().nullable(),
  /** The store's on-hand of the product after this receipt. */
  onHand: z.number().int(),
  /** The product's weighted-average cost after this receipt. */
  costCents: z.number().int(),
  /** For purchase orders: how far the line's running total exceeds what was ordered (0 if not). */
  overReceived: z.number().int(),
});
export type ReceivedLine = z.infer<typeof receivedLineSchema>;

export const purchaseOrderReceiptSchema = z.object({
  purchaseOrder: purchaseOrderSchema,
  lines: z.array(receivedLineSchema),
});
export type PurchaseOrderReceipt = z.infer<typeof purchaseOrderReceiptSchema>;

export const receiptSchema = z.object({
  /** The ref_id of this receipt's stock movements. */
  id: uuid(),
  storeId: uuid(),
  supplierId: uuid().nullable(),
  note: z.string().nullable(),
  lines: z.array(receivedLineSchema),
});
export type Receipt = z.infer<typeof receiptSchema>;
