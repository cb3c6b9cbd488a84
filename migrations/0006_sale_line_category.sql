ALTER TABLE "sales_transaction_items" ADD COLUMN "category_id" uuid;--> statement-breakpoint
-- Sales recorded before lines kept their category take the product's category of today.
UPDATE "sales_transaction_items" i SET "category_id" = p."category_id" FROM "products" p WHERE p."id" = i."product_id" AND p."category_id" IS NOT NULL;
