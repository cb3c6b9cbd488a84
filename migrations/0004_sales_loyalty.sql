CREATE TABLE "loyalty_purchases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"units" integer NOT NULL,
	"unit_value_cents" integer NOT NULL,
	"business_date" date NOT NULL,
	"units_consumed" integer DEFAULT 0 NOT NULL,
	"units_returned" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_purchases_units_positive" CHECK ("loyalty_purchases"."units" > 0),
	CONSTRAINT "loyalty_purchases_unit_value_nonneg" CHECK ("loyalty_purchases"."unit_value_cents" >= 0),
	CONSTRAINT "loyalty_purchases_used_within_units" CHECK ("loyalty_purchases"."units_consumed" >= 0 and "loyalty_purchases"."units_returned" >= 0 and "loyalty_purchases"."units_consumed" + "loyalty_purchases"."units_returned" <= "loyalty_purchases"."units")
);
--> statement-breakpoint
CREATE TABLE "loyalty_rewards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"max_value_cents" integer NOT NULL,
	"earned_transaction_id" uuid,
	"earned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"redeemed_transaction_id" uuid,
	"redeemed_item_id" uuid,
	"redeemed_value_cents" integer,
	"redeemed_at" timestamp with time zone,
	"approved_by" uuid,
	CONSTRAINT "loyalty_rewards_status_valid" CHECK ("loyalty_rewards"."status" in ('available', 'redeemed', 'revoked')),
	CONSTRAINT "loyalty_rewards_max_value_nonneg" CHECK ("loyalty_rewards"."max_value_cents" >= 0),
	CONSTRAINT "loyalty_rewards_redeemed_consistent" CHECK (("loyalty_rewards"."status" = 'redeemed') = ("loyalty_rewards"."redeemed_item_id" is not null and "loyalty_rewards"."redeemed_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "marketing_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "marketing_consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "loyalty_programs" ADD COLUMN "window_months" integer;--> statement-breakpoint
ALTER TABLE "sales_transaction_items" ADD COLUMN "reward_program_id" uuid;--> statement-breakpoint
ALTER TABLE "sales_transaction_items" ADD COLUMN "restock" boolean;--> statement-breakpoint
ALTER TABLE "loyalty_purchases" ADD CONSTRAINT "loyalty_purchases_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_purchases" ADD CONSTRAINT "loyalty_purchases_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_purchases" ADD CONSTRAINT "loyalty_purchases_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_purchases" ADD CONSTRAINT "loyalty_purchases_item_id_sales_transaction_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."sales_transaction_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_earned_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("earned_transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_redeemed_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("redeemed_transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_redeemed_item_id_sales_transaction_items_id_fk" FOREIGN KEY ("redeemed_item_id") REFERENCES "public"."sales_transaction_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loyalty_purchases_account_date_idx" ON "loyalty_purchases" USING btree ("customer_id","program_id","business_date");--> statement-breakpoint
CREATE INDEX "loyalty_purchases_transaction_idx" ON "loyalty_purchases" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "loyalty_purchases_item_idx" ON "loyalty_purchases" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "loyalty_rewards_account_status_idx" ON "loyalty_rewards" USING btree ("customer_id","program_id","status");--> statement-breakpoint
CREATE INDEX "loyalty_rewards_program_redeemed_idx" ON "loyalty_rewards" USING btree ("program_id","redeemed_at");--> statement-breakpoint
CREATE INDEX "loyalty_rewards_redeemed_transaction_idx" ON "loyalty_rewards" USING btree ("redeemed_transaction_id");--> statement-breakpoint
CREATE INDEX "loyalty_rewards_earned_transaction_idx" ON "loyalty_rewards" USING btree ("earned_transaction_id");--> statement-breakpoint
ALTER TABLE "sales_transaction_items" ADD CONSTRAINT "sales_transaction_items_reward_program_id_loyalty_programs_id_fk" FOREIGN KEY ("reward_program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_programs" ADD CONSTRAINT "loyalty_programs_window_months_range" CHECK ("loyalty_programs"."window_months" is null or "loyalty_programs"."window_months" between 1 and 120);