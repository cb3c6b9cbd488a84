CREATE INDEX "products_updated_at_id_idx" ON "products" USING btree ("updated_at","id");--> statement-breakpoint
-- A product whose barcodes change is a changed product: the registers' catalog feed must send it again,
-- whichever code path (editor, CSV import, seed) added or removed the codes. Statement-level triggers, so
-- an import touches each product once per statement; a product already stamped by this transaction (its
-- own insert or update) is not rewritten.
CREATE FUNCTION "products_touch_for_barcodes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		UPDATE "products" p SET "updated_at" = now()
		FROM (SELECT DISTINCT "product_id" FROM "new_barcodes") b
		WHERE p."id" = b."product_id" AND p."updated_at" <> now();
	END IF;
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		UPDATE "products" p SET "updated_at" = now()
		FROM (SELECT DISTINCT "product_id" FROM "old_barcodes") b
		WHERE p."id" = b."product_id" AND p."updated_at" <> now();
	END IF;
	RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "product_barcodes_touch_product_insert" AFTER INSERT ON "product_barcodes"
	REFERENCING NEW TABLE AS "new_barcodes" FOR EACH STATEMENT
	EXECUTE FUNCTION "products_touch_for_barcodes"();--> statement-breakpoint
CREATE TRIGGER "product_barcodes_touch_product_update" AFTER UPDATE ON "product_barcodes"
	REFERENCING OLD TABLE AS "old_barcodes" NEW TABLE AS "new_barcodes" FOR EACH STATEMENT
	EXECUTE FUNCTION "products_touch_for_barcodes"();--> statement-breakpoint
CREATE TRIGGER "product_barcodes_touch_product_delete" AFTER DELETE ON "product_barcodes"
	REFERENCING OLD TABLE AS "old_barcodes" FOR EACH STATEMENT
	EXECUTE FUNCTION "products_touch_for_barcodes"();
