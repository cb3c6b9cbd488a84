CREATE TABLE "sales_daily" (
	"store_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"sales_revenue_cents" bigint DEFAULT 0 NOT NULL,
	"discount_cents" bigint DEFAULT 0 NOT NULL,
	"returns_cents" bigint DEFAULT 0 NOT NULL,
	"tax_cents" bigint DEFAULT 0 NOT NULL,
	"transactions" integer DEFAULT 0 NOT NULL,
	"returns_count" integer DEFAULT 0 NOT NULL,
	"items" bigint DEFAULT 0 NOT NULL,
	"cost_cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_daily_pkey" PRIMARY KEY("store_id","business_date")
);
--> statement-breakpoint
CREATE TABLE "sales_daily_category" (
	"store_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"category_id" uuid,
	"sales_revenue_cents" bigint DEFAULT 0 NOT NULL,
	"discount_cents" bigint DEFAULT 0 NOT NULL,
	"returns_cents" bigint DEFAULT 0 NOT NULL,
	"tax_cents" bigint DEFAULT 0 NOT NULL,
	"transactions" integer DEFAULT 0 NOT NULL,
	"returns_count" integer DEFAULT 0 NOT NULL,
	"items" bigint DEFAULT 0 NOT NULL,
	"cost_cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_daily_category_key" UNIQUE NULLS NOT DISTINCT("store_id","business_date","category_id")
);
--> statement-breakpoint
ALTER TABLE "sales_daily" ADD CONSTRAINT "sales_daily_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_daily_category" ADD CONSTRAINT "sales_daily_category_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- Adds (sign 1) or takes out (sign -1) one completed transaction's lines in the daily rollups. Rows are
-- written in key order, categories first and then the store-day, so two transactions never lock them in
-- opposite orders. Only a transaction with lines counts, as the reports join transactions to their lines.
CREATE FUNCTION "sales_rollups_apply"(p_id uuid, p_store uuid, p_date date, p_kind text, p_sign integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	dir integer := CASE WHEN p_kind = 'sale' THEN 1 ELSE -1 END;
BEGIN
	INSERT INTO "sales_daily_category" AS r ("store_id", "business_date", "category_id", "sales_revenue_cents",
		"discount_cents", "returns_cents", "tax_cents", "transactions", "returns_count", "items", "cost_cents")
	SELECT p_store, p_date, i."category_id",
		p_sign * CASE WHEN p_kind = 'sale' THEN sum(i."total_cents" - i."tax_cents") ELSE 0 END,
		p_sign * CASE WHEN p_kind = 'sale' THEN sum(i."discount_cents") ELSE 0 END,
		p_sign * CASE WHEN p_kind = 'return' THEN sum(i."total_cents" - i."tax_cents") ELSE 0 END,
		p_sign * dir * sum(i."tax_cents"),
		p_sign * CASE WHEN p_kind = 'sale' THEN 1 ELSE 0 END,
		p_sign * CASE WHEN p_kind = 'return' THEN 1 ELSE 0 END,
		p_sign * dir * sum(CASE WHEN i."unit" = 'weight' THEN 1 ELSE i."quantity" END),
		p_sign * dir * sum(i."cost_cents")
	FROM "sales_transaction_items" i
	WHERE i."transaction_id" = p_id
	GROUP BY i."category_id"
	ORDER BY i."category_id" NULLS FIRST
	ON CONFLICT ("store_id", "business_date", "category_id") DO UPDATE SET
		"sales_revenue_cents" = r."sales_revenue_cents" + excluded."sales_revenue_cents",
		"discount_cents" = r."discount_cents" + excluded."discount_cents",
		"returns_cents" = r."returns_cents" + excluded."returns_cents",
		"tax_cents" = r."tax_cents" + excluded."tax_cents",
		"transactions" = r."transactions" + excluded."transactions",
		"returns_count" = r."returns_count" + excluded."returns_count",
		"items" = r."items" + excluded."items",
		"cost_cents" = r."cost_cents" + excluded."cost_cents";
	INSERT INTO "sales_daily" AS r ("store_id", "business_date", "sales_revenue_cents", "discount_cents",
		"returns_cents", "tax_cents", "transactions", "returns_count", "items", "cost_cents")
	SELECT p_store, p_date,
		p_sign * CASE WHEN p_kind = 'sale' THEN sum(i."total_cents" - i."tax_cents") ELSE 0 END,
		p_sign * CASE WHEN p_kind = 'sale' THEN sum(i."discount_cents") ELSE 0 END,
		p_sign * CASE WHEN p_kind = 'return' THEN sum(i."total_cents" - i."tax_cents") ELSE 0 END,
		p_sign * dir * sum(i."tax_cents"),
		p_sign * CASE WHEN p_kind = 'sale' THEN 1 ELSE 0 END,
		p_sign * CASE WHEN p_kind = 'return' THEN 1 ELSE 0 END,
		p_sign * dir * sum(CASE WHEN i."unit" = 'weight' THEN 1 ELSE i."quantity" END),
		p_sign * dir * sum(i."cost_cents")
	FROM "sales_transaction_items" i
	WHERE i."transaction_id" = p_id
	HAVING count(*) > 0
	ON CONFLICT ("store_id", "business_date") DO UPDATE SET
		"sales_revenue_cents" = r."sales_revenue_cents" + excluded."sales_revenue_cents",
		"discount_cents" = r."discount_cents" + excluded."discount_cents",
		"returns_cents" = r."returns_cents" + excluded."returns_cents",
		"tax_cents" = r."tax_cents" + excluded."tax_cents",
		"transactions" = r."transactions" + excluded."transactions",
		"returns_count" = r."returns_count" + excluded."returns_count",
		"items" = r."items" + excluded."items",
		"cost_cents" = r."cost_cents" + excluded."cost_cents";
END;
$$;--> statement-breakpoint
-- A sale's lines are written after its transaction row, so its insert is counted when the transaction
-- commits (a deferred trigger: the lines are there, and the rollup rows stay locked only while committing).
CREATE FUNCTION "sales_rollups_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW."status" = 'completed' THEN
		PERFORM "sales_rollups_apply"(NEW."id", NEW."store_id", NEW."business_date", NEW."kind", 1);
	END IF;
	RETURN NULL;
END;
$$;--> statement-breakpoint
-- A void (or any change of what the rollups key on) takes the old figures out and puts the new ones in.
CREATE FUNCTION "sales_rollups_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD."status" = 'completed' THEN
		PERFORM "sales_rollups_apply"(OLD."id", OLD."store_id", OLD."business_date", OLD."kind", -1);
	END IF;
	IF NEW."status" = 'completed' THEN
		PERFORM "sales_rollups_apply"(NEW."id", NEW."store_id", NEW."business_date", NEW."kind", 1);
	END IF;
	RETURN NULL;
END;
$$;--> statement-breakpoint
-- Sales are not deleted by the application; a deleted one (benchmark clean-up, a manual fix) leaves the
-- rollups before its lines go with it (on delete cascade), hence BEFORE and not deferred.
CREATE FUNCTION "sales_rollups_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD."status" = 'completed' THEN
		PERFORM "sales_rollups_apply"(OLD."id", OLD."store_id", OLD."business_date", OLD."kind", -1);
	END IF;
	RETURN OLD;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "sales_rollups_insert" AFTER INSERT ON "sales_transactions"
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "sales_rollups_on_insert"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "sales_rollups_update" AFTER UPDATE OF "status", "kind", "store_id", "business_date"
	ON "sales_transactions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."kind" IS DISTINCT FROM NEW."kind"
		OR OLD."store_id" IS DISTINCT FROM NEW."store_id" OR OLD."business_date" IS DISTINCT FROM NEW."business_date")
	EXECUTE FUNCTION "sales_rollups_on_update"();--> statement-breakpoint
CREATE TRIGGER "sales_rollups_delete" BEFORE DELETE ON "sales_transactions"
	FOR EACH ROW EXECUTE FUNCTION "sales_rollups_on_delete"();--> statement-breakpoint
-- The re-runnable job: both rollups recomputed from the raw sales, with the reports' definitions. It locks
-- them against the triggers meanwhile (a sale committing waits), so nothing is counted twice or lost. Used to
-- fill them here, after bulk loads (scripts/generate-data.ts) and to repair them after a manual change.
CREATE FUNCTION "sales_rollups_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	LOCK TABLE "sales_daily", "sales_daily_category" IN EXCLUSIVE MODE;
	DELETE FROM "sales_daily_category";
	DELETE FROM "sales_daily";
	INSERT INTO "sales_daily_category" ("store_id", "business_date", "category_id", "sales_revenue_cents",
		"discount_cents", "returns_cents", "tax_cents", "transactions", "returns_count", "items", "cost_cents")
	SELECT t."store_id", t."business_date", i."category_id",
		coalesce(sum(i."total_cents" - i."tax_cents") FILTER (WHERE t."kind" = 'sale'), 0),
		coalesce(sum(i."discount_cents") FILTER (WHERE t."kind" = 'sale'), 0),
		coalesce(sum(i."total_cents" - i."tax_cents") FILTER (WHERE t."kind" = 'return'), 0),
		sum(CASE WHEN t."kind" = 'sale' THEN i."tax_cents" ELSE -i."tax_cents" END),
		count(DISTINCT t."id") FILTER (WHERE t."kind" = 'sale'),
		count(DISTINCT t."id") FILTER (WHERE t."kind" = 'return'),
		sum((CASE WHEN t."kind" = 'sale' THEN 1 ELSE -1 END) * (CASE WHEN i."unit" = 'weight' THEN 1 ELSE i."quantity" END)),
		sum(CASE WHEN t."kind" = 'sale' THEN i."cost_cents" ELSE -i."cost_cents" END)
	FROM "sales_transactions" t
	JOIN "sales_transaction_items" i ON i."transaction_id" = t."id"
	WHERE t."status" = 'completed'
	GROUP BY t."store_id", t."business_date", i."category_id";
	INSERT INTO "sales_daily" ("store_id", "business_date", "sales_revenue_cents", "discount_cents",
		"returns_cents", "tax_cents", "transactions", "returns_count", "items", "cost_cents")
	SELECT c."store_id", c."business_date", sum(c."sales_revenue_cents"), sum(c."discount_cents"),
		sum(c."returns_cents"), sum(c."tax_cents"), d."transactions", d."returns_count", sum(c."items"),
		sum(c."cost_cents")
	FROM "sales_daily_category" c
	JOIN (
		SELECT t."store_id", t."business_date",
			(count(*) FILTER (WHERE t."kind" = 'sale'))::int AS "transactions",
			(count(*) FILTER (WHERE t."kind" = 'return'))::int AS "returns_count"
		FROM "sales_transactions" t
		WHERE t."status" = 'completed'
			AND EXISTS (SELECT 1 FROM "sales_transaction_items" i WHERE i."transaction_id" = t."id")
		GROUP BY t."store_id", t."business_date"
	) d ON d."store_id" = c."store_id" AND d."business_date" = c."business_date"
	GROUP BY c."store_id", c."business_date", d."transactions", d."returns_count";
END;
$$;--> statement-breakpoint
SELECT "sales_rollups_rebuild"();
