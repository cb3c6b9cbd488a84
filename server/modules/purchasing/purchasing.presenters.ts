import type {
  PurchaseOrder,
  PurchaseOrderLine,
  PurchaseOrderSummary,
  Supplier,
  SupplierProduct,
} from '../../../shared/schemas/purchasing';
import type {
  PurchaseOrderLineRow,
  PurchaseOrderRow,
  SupplierProductRow,
  SupplierRow,
} from './purchasing.repo';

export function presentSupplier(row: SupplierRow): Supplier {
  return {
    id: row.id,
    name: row.name,
    contactName: row.contactName,
    email: row.email,
    phone: row.phone,
    notes: row.notes,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentSupplierProduct(row: SupplierProductRow): SupplierProduct {
  return {
    supplierId: row.supplierId,
    productId: row.productId,
    supplierSku: row.supplierSku,
    unitCostCents: row.unitCostCents === null ? null : Number(row.unitCostCents),
    isPreferred: row.isPreferred,
    createdAt: row.createdAt.toISOString(),
  };
}

export function overReceivedOf(line: { quantityOrdered: number; quantityReceived: number }): number {
  return Math.max(0, line.quantityReceived - line.quantityOrdered);
}

export function presentPurchaseOrderLine(row: PurchaseOrderLineRow): PurchaseOrderLine {
  return {
    id: row.id,
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    quantityOrdered: row.quantityOrdered,
    quantityReceived: row.quantityReceived,
    overReceived: overReceivedOf(row),
    unitCostCents: Number(row.unitCostCents),
  };
}

export function presentPurchaseOrderSummary(
  row: PurchaseOrderRow,
  lines: PurchaseOrderLineRow[],
): PurchaseOrderSummary {
  return {
    id: row.id,
    storeId: row.storeId,
    supplierId: row.supplierId,
    supplierName: row.supplierName,
    number: row.number,
    status: row.status,
    note: row.note,
    expectedDate: row.expectedDate,
    createdBy: row.createdBy,
    orderedAt: row.orderedAt?.toISOString() ?? null,
    receivedAt: row.receivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    totalCostCents: lines.reduce((sum, line) => sum + line.quantityOrdered * Number(line.unitCostCents), 0),
  };
}

export function presentPurchaseOrder(row: PurchaseOrderRow, lines: PurchaseOrderLineRow[]): PurchaseOrder {
  return { ...presentPurchaseOrderSummary(row, lines), lines: lines.map(presentPurchaseOrderLine) };
}
