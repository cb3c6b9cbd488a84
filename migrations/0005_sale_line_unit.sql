ALTER TABLE "sales_transaction_items" ADD COLUMN "unit" text DEFAULT 'each' NOT NULL;--> statement-breakpoint
ALTER TABLE "sales_transaction_items" ADD CONSTRAINT "sales_transaction_items_unit_valid" CHECK ("sales_transaction_items"."unit" in ('each', 'weight'));--> statement-breakpoint
-- Sales recorded before lines kept their unit: weighed products' lines are weighed lines.
UPDATE "sales_transaction_items" i SET "unit" = 'weight' FROM "products" p WHERE p."id" = i."product_id" AND p."unit" = 'weight';
