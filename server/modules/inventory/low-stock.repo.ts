import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';

export type LowStockRow = {
  productId: string;
  sku: string;
  name: string;
  onHand: number;
  reorderPoint: number;
  reorderQuantity: number;
  onOrder: number;
  supplierId: string | null;
  supplierName: string | null;
  unitCostCents: number;
};

export type ActiveStoreRow = { id: string; code: string; name: string; timezone: string };

export type StoreManagerRow = { userId: string; name: string; email: string | null };

/**
 * Active products at or below their reorder point (where one is set) in the store, by SKU, with what
 * open purchase orders (ordered, partially received) still bring and the preferred active supplier.
 */
export async function findLowStockItems(ex: Executor, storeId: string): Promise<LowStockRow[]> {
  const rows = await queryRows<{
    product_id: string;
    sku: string;
    name: string;
    on_hand: number;
    reorder_point: number;
    reorder_quantity: number;
    on_order: number;
    supplier_id: string | null;
    supplier_name: string | null;
    unit_cost_cents: number;
  }>(
    ex,
    sql`select p.id as product_id, p.sku, p.name, i.on_hand, i.reorder_point, i.reorder_quantity,
               coalesce(open_orders.on_order, 0)::int as on_order,
               s.id as supplier_id, s.name as supplier_name,
               (case when s.id is null then p.cost_cents
                     else coalesce(sp.unit_cost_cents, p.cost_cents) end)::int as unit_cost_cents
        from inventory i
        join products p on p.id = i.product_id and p.active
        left join supplier_products sp on sp.product_id = p.id and sp.is_preferred
        left join suppliers s on s.id = sp.supplier_id and s.active
        left join lateral (
          select sum(greatest(l.quantity_ordered - l.quantity_received, 0)) as on_order
          from purchase_order_lines l
          join purchase_orders po on po.id = l.purchase_order_id
          where po.store_id = i.store_id
            and po.status in ('ordered', 'partially_received')
            and l.product_id = i.product_id
        ) open_orders on true
        where i.store_id = ${storeId}::uuid
          and i.reorder_point > 0
          and i.on_hand <= i.reorder_point
        order by p.sku`,
  );
  return rows.map((row) => ({
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    onHand: Number(row.on_hand),
    reorderPoint: Number(row.reorder_point),
    reorderQuantity: Number(row.reorder_quantity),
    onOrder: Number(row.on_order),
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    unitCostCents: Number(row.unit_cost_cents),
  }));
}

export async function findActiveStores(ex: Executor): Promise<ActiveStoreRow[]> {
  return queryRows<ActiveStoreRow>(
    ex,
    sql`select id, code, name, timezone from stores where active order by code`,
  );
}

/** Active managers assigned to the store, with their email address (null or blank = none). */
export async function findActiveStoreManagers(ex: Executor, storeId: string): Promise<StoreManagerRow[]> {
  const rows = await queryRows<{ user_id: string; name: string; email: string | null }>(
    ex,
    sql`select u.id as user_id, u.name, nullif(btrim(u.email), '') as email
        from users u
        join user_stores us on us.user_id = u.id
        where us.store_id = ${storeId}::uuid and u.role = 'manager' and u.active
        order by lower(u.username)`,
  );
  return rows.map((row) => ({ userId: row.user_id, name: row.name, email: row.email }));
}
