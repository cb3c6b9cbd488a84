CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP INDEX "products_brand_trgm_idx";--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, name || ' ' || brand)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_search_vector_idx" ON "products" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "products_name_lower_prefix_idx" ON "products" USING btree (lower("name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "products_sku_lower_prefix_idx" ON "products" USING btree (lower("sku") text_pattern_ops);--> statement-breakpoint
-- The vocabulary follows the catalog: each insert or update statement on products adds the new words of
-- the rows it wrote (one statement-level trigger, so a 50k-row import adds its words in one pass). Words
-- are inserted in order so concurrent writers adding the same new words wait for each other, never deadlock.
CREATE FUNCTION "search_words_add_from_products"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "search_words" ("word")
	SELECT DISTINCT w.word FROM "written_products" p, unnest(tsvector_to_array(p."search_vector")) AS w(word)
	WHERE w.word ~ '^[[:alpha:]][[:alnum:]]{2,}$'
	ORDER BY w.word
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "products_search_words_insert" AFTER INSERT ON "products"
	REFERENCING NEW TABLE AS "written_products" FOR EACH STATEMENT
	EXECUTE FUNCTION "search_words_add_from_products"();--> statement-breakpoint
CREATE TRIGGER "products_search_words_update" AFTER UPDATE ON "products"
	REFERENCING NEW TABLE AS "written_products" FOR EACH STATEMENT
	EXECUTE FUNCTION "search_words_add_from_products"();--> statement-breakpoint
INSERT INTO "search_words" ("word")
SELECT DISTINCT w.word FROM "products" p, unnest(tsvector_to_array(p."search_vector")) AS w(word)
WHERE w.word ~ '^[[:alpha:]][[:alnum:]]{2,}$'
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Statistics for the new column now, so search plans are right before autovacuum gets to it.
ANALYZE "products";
