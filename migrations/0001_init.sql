CREATE TABLE "stores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"timezone" text NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"allow_negative_stock" boolean DEFAULT true NOT NULL,
	"tax_rates" jsonb NOT NULL,
	"cashier_discount_limit_percent" integer DEFAULT 10 NOT NULL,
	"cash_rounding_cents" integer DEFAULT 1 NOT NULL,
	"receipt_header" text DEFAULT '' NOT NULL,
	"receipt_footer" text DEFAULT '' NOT NULL,
	"scale_barcode_layout" jsonb DEFAULT '{"itemDigits":5,"valueKind":"weight"}'::jsonb NOT NULL,
	"audit_retention_months" integer DEFAULT 12 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stores_code_unique" UNIQUE("code"),
	CONSTRAINT "stores_code_format" CHECK ("stores"."code" ~ '^[A-Z0-9]{2,10}$'),
	CONSTRAINT "stores_currency_format" CHECK ("stores"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "stores_discount_limit_range" CHECK ("stores"."cashier_discount_limit_percent" between 0 and 100),
	CONSTRAINT "stores_cash_rounding_positive" CHECK ("stores"."cash_rounding_cents" between 1 and 100),
	CONSTRAINT "stores_audit_retention_min" CHECK ("stores"."audit_retention_months" >= 12)
);
--> statement-breakpoint
CREATE TABLE "revoked_tokens" (
	"jti" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"sess" jsonb NOT NULL,
	"user_id" uuid,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_stores" (
	"user_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	CONSTRAINT "user_stores_user_id_store_id_pk" PRIMARY KEY("user_id","store_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"pin_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"credentials_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_valid" CHECK ("users"."role" in ('admin', 'manager', 'cashier')),
	CONSTRAINT "users_failed_login_count_nonneg" CHECK ("users"."failed_login_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" uuid,
	"approver_user_id" uuid,
	"store_id" uuid,
	"entity_type" text,
	"entity_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text,
	"user_agent" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_name_not_blank" CHECK (length(btrim("categories"."name")) > 0),
	CONSTRAINT "categories_not_own_parent" CHECK ("categories"."parent_id" is null or "categories"."parent_id" <> "categories"."id")
);
--> statement-breakpoint
CREATE TABLE "product_barcodes" (
	"barcode" text PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_barcodes_format" CHECK ("product_barcodes"."barcode" ~ '^[!-~]{1,64}$'),
	CONSTRAINT "product_barcodes_upc_a_normalized" CHECK ("product_barcodes"."barcode" !~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"brand" text DEFAULT '' NOT NULL,
	"category_id" uuid,
	"species" text[] DEFAULT '{}'::text[] NOT NULL,
	"price_cents" bigint NOT NULL,
	"cost_cents" bigint DEFAULT 0 NOT NULL,
	"tax_class" text DEFAULT 'standard' NOT NULL,
	"unit" text DEFAULT 'each' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"image_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_sku_unique" UNIQUE("sku"),
	CONSTRAINT "products_sku_format" CHECK ("products"."sku" ~ '^[^[:space:]]{1,64}$'),
	CONSTRAINT "products_name_not_blank" CHECK (length(btrim("products"."name")) > 0),
	CONSTRAINT "products_species_valid" CHECK ("products"."species" <@ array['dog', 'cat', 'bird', 'fish', 'small_animal', 'reptile']::text[]),
	CONSTRAINT "products_price_nonneg" CHECK ("products"."price_cents" >= 0),
	CONSTRAINT "products_cost_nonneg" CHECK ("products"."cost_cents" >= 0),
	CONSTRAINT "products_tax_class_valid" CHECK ("products"."tax_class" in ('standard', 'reduced', 'exempt')),
	CONSTRAINT "products_unit_valid" CHECK ("products"."unit" in ('each', 'weight'))
);
--> statement-breakpoint
CREATE TABLE "inventory" (
	"store_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reorder_point" integer DEFAULT 0 NOT NULL,
	"reorder_quantity" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_store_id_product_id_pk" PRIMARY KEY("store_id","product_id"),
	CONSTRAINT "inventory_reorder_point_nonneg" CHECK ("inventory"."reorder_point" >= 0),
	CONSTRAINT "inventory_reorder_quantity_nonneg" CHECK ("inventory"."reorder_quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"delta" integer NOT NULL,
	"reason" text NOT NULL,
	"ref_type" text,
	"ref_id" uuid,
	"user_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_movements_delta_nonzero" CHECK ("stock_movements"."delta" <> 0),
	CONSTRAINT "stock_movements_reason_valid" CHECK ("stock_movements"."reason" in ('sale', 'return', 'void', 'adjustment', 'damaged', 'expired', 'shrink', 'count_correction', 'found', 'received', 'transfer_out', 'transfer_in', 'count', 'other')),
	CONSTRAINT "stock_movements_ref_type_valid" CHECK ("stock_movements"."ref_type" is null or "stock_movements"."ref_type" in ('sale', 'return', 'adjustment', 'transfer', 'purchase_order', 'stock_count', 'import', 'seed')),
	CONSTRAINT "stock_movements_ref_id_has_type" CHECK ("stock_movements"."ref_id" is null or "stock_movements"."ref_type" is not null)
);
--> statement-breakpoint
CREATE TABLE "transfer_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"quantity_received" integer,
	CONSTRAINT "transfer_lines_transfer_product_key" UNIQUE("transfer_id","product_id"),
	CONSTRAINT "transfer_lines_quantity_positive" CHECK ("transfer_lines"."quantity" > 0),
	CONSTRAINT "transfer_lines_quantity_received_nonneg" CHECK ("transfer_lines"."quantity_received" is null or "transfer_lines"."quantity_received" >= 0)
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_store_id" uuid NOT NULL,
	"to_store_id" uuid NOT NULL,
	"status" text DEFAULT 'in_transit' NOT NULL,
	"note" text,
	"created_by" uuid NOT NULL,
	"received_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "transfers_stores_differ" CHECK ("transfers"."from_store_id" <> "transfers"."to_store_id"),
	CONSTRAINT "transfers_status_valid" CHECK ("transfers"."status" in ('in_transit', 'received', 'cancelled')),
	CONSTRAINT "transfers_received_consistent" CHECK (("transfers"."status" = 'received') = ("transfers"."received_at" is not null and "transfers"."received_by" is not null)),
	CONSTRAINT "transfers_cancelled_consistent" CHECK (("transfers"."status" = 'cancelled') = ("transfers"."cancelled_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "purchase_order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity_ordered" integer NOT NULL,
	"quantity_received" integer DEFAULT 0 NOT NULL,
	"unit_cost_cents" bigint NOT NULL,
	CONSTRAINT "purchase_order_lines_order_product_key" UNIQUE("purchase_order_id","product_id"),
	CONSTRAINT "purchase_order_lines_quantity_ordered_positive" CHECK ("purchase_order_lines"."quantity_ordered" > 0),
	CONSTRAINT "purchase_order_lines_quantity_received_nonneg" CHECK ("purchase_order_lines"."quantity_received" >= 0),
	CONSTRAINT "purchase_order_lines_unit_cost_nonneg" CHECK ("purchase_order_lines"."unit_cost_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"note" text,
	"expected_date" date,
	"created_by" uuid NOT NULL,
	"ordered_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchase_orders_store_number_key" UNIQUE("store_id","number"),
	CONSTRAINT "purchase_orders_status_valid" CHECK ("purchase_orders"."status" in ('draft', 'ordered', 'partially_received', 'received', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "suppliers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"contact_name" text,
	"email" text,
	"phone" text,
	"notes" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppliers_name_not_blank" CHECK (length(btrim("suppliers"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "cash_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shift_id" uuid NOT NULL,
	"type" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cash_movements_type_valid" CHECK ("cash_movements"."type" in ('paid_in', 'paid_out', 'no_sale')),
	CONSTRAINT "cash_movements_amount_nonneg" CHECK ("cash_movements"."amount_cents" >= 0),
	CONSTRAINT "cash_movements_amount_matches_type" CHECK (("cash_movements"."type" = 'no_sale' and "cash_movements"."amount_cents" = 0) or ("cash_movements"."type" <> 'no_sale' and "cash_movements"."amount_cents" > 0))
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"register_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_by" uuid NOT NULL,
	"closed_by" uuid,
	"opening_float_cents" bigint NOT NULL,
	"expected_cash_cents" bigint,
	"counted_cash_cents" bigint,
	"business_date" date NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "shifts_register_id_format" CHECK (length("shifts"."register_id") between 1 and 64),
	CONSTRAINT "shifts_status_valid" CHECK ("shifts"."status" in ('open', 'closed')),
	CONSTRAINT "shifts_opening_float_nonneg" CHECK ("shifts"."opening_float_cents" >= 0),
	CONSTRAINT "shifts_counted_cash_nonneg" CHECK ("shifts"."counted_cash_cents" is null or "shifts"."counted_cash_cents" >= 0),
	CONSTRAINT "shifts_close_consistent" CHECK (("shifts"."status" = 'open' and "shifts"."closed_at" is null and "shifts"."closed_by" is null and "shifts"."counted_cash_cents" is null)
        or ("shifts"."status" = 'closed' and "shifts"."closed_at" is not null and "shifts"."closed_by" is not null and "shifts"."counted_cash_cents" is not null and "shifts"."expected_cash_cents" is not null))
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"email" text,
	"store_credit_cents" bigint DEFAULT 0 NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_name_not_blank" CHECK (length(btrim("customers"."name")) > 0),
	CONSTRAINT "customers_store_credit_nonneg" CHECK ("customers"."store_credit_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"species" text NOT NULL,
	"breed" text,
	"birth_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pets_name_not_blank" CHECK (length(btrim("pets"."name")) > 0),
	CONSTRAINT "pets_species_valid" CHECK ("pets"."species" in ('dog', 'cat', 'bird', 'fish', 'small_animal', 'reptile', 'other'))
);
--> statement-breakpoint
CREATE TABLE "loyalty_accounts" (
	"customer_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"qualifying_units_count" integer DEFAULT 0 NOT NULL,
	"rewards_redeemed" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_accounts_customer_id_program_id_pk" PRIMARY KEY("customer_id","program_id"),
	CONSTRAINT "loyalty_accounts_units_nonneg" CHECK ("loyalty_accounts"."qualifying_units_count" >= 0),
	CONSTRAINT "loyalty_accounts_rewards_redeemed_nonneg" CHECK ("loyalty_accounts"."rewards_redeemed" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loyalty_program_stores" (
	"program_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	CONSTRAINT "loyalty_program_stores_program_id_store_id_pk" PRIMARY KEY("program_id","store_id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"qualifying" jsonb NOT NULL,
	"buy_quantity" integer NOT NULL,
	"reward_quantity" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_programs_name_not_blank" CHECK (length(btrim("loyalty_programs"."name")) > 0),
	CONSTRAINT "loyalty_programs_qualifying_object" CHECK (jsonb_typeof("loyalty_programs"."qualifying") = 'object'),
	CONSTRAINT "loyalty_programs_buy_quantity_positive" CHECK ("loyalty_programs"."buy_quantity" > 0),
	CONSTRAINT "loyalty_programs_reward_quantity_positive" CHECK ("loyalty_programs"."reward_quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "parked_carts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"register_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"label" text,
	"cart" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parked_carts_cart_object" CHECK (jsonb_typeof("parked_carts"."cart") = 'object')
);
--> statement-breakpoint
CREATE TABLE "register_sequences" (
	"store_id" uuid NOT NULL,
	"register_id" text NOT NULL,
	"register_number" integer NOT NULL,
	"next_number" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "register_sequences_store_id_register_id_pk" PRIMARY KEY("store_id","register_id"),
	CONSTRAINT "register_sequences_store_number_key" UNIQUE("store_id","register_number"),
	CONSTRAINT "register_sequences_register_number_positive" CHECK ("register_sequences"."register_number" > 0),
	CONSTRAINT "register_sequences_next_number_positive" CHECK ("register_sequences"."next_number" > 0)
);
--> statement-breakpoint
CREATE TABLE "sales_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transaction_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"method" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"reference" text,
	CONSTRAINT "sales_payments_transaction_position_key" UNIQUE("transaction_id","position"),
	CONSTRAINT "sales_payments_method_valid" CHECK ("sales_payments"."method" in ('cash', 'card', 'store_credit')),
	CONSTRAINT "sales_payments_amount_positive" CHECK ("sales_payments"."amount_cents" > 0),
	CONSTRAINT "sales_payments_position_nonneg" CHECK ("sales_payments"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sales_transaction_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transaction_id" uuid NOT NULL,
	"line_number" integer NOT NULL,
	"product_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_cents" bigint NOT NULL,
	"gross_cents" bigint NOT NULL,
	"discount_cents" bigint DEFAULT 0 NOT NULL,
	"discount_reason" text,
	"override_reason" text,
	"tax_class" text NOT NULL,
	"tax_rate" text NOT NULL,
	"tax_cents" bigint DEFAULT 0 NOT NULL,
	"total_cents" bigint NOT NULL,
	"cost_cents" bigint DEFAULT 0 NOT NULL,
	"returned_quantity" integer DEFAULT 0 NOT NULL,
	"original_item_id" uuid,
	CONSTRAINT "sales_transaction_items_transaction_line_key" UNIQUE("transaction_id","line_number"),
	CONSTRAINT "sales_transaction_items_line_number_positive" CHECK ("sales_transaction_items"."line_number" > 0),
	CONSTRAINT "sales_transaction_items_quantity_positive" CHECK ("sales_transaction_items"."quantity" > 0),
	CONSTRAINT "sales_transaction_items_unit_price_nonneg" CHECK ("sales_transaction_items"."unit_price_cents" >= 0),
	CONSTRAINT "sales_transaction_items_gross_nonneg" CHECK ("sales_transaction_items"."gross_cents" >= 0),
	CONSTRAINT "sales_transaction_items_discount_within_gross" CHECK ("sales_transaction_items"."discount_cents" >= 0 and "sales_transaction_items"."discount_cents" <= "sales_transaction_items"."gross_cents"),
	CONSTRAINT "sales_transaction_items_tax_class_valid" CHECK ("sales_transaction_items"."tax_class" in ('standard', 'reduced', 'exempt')),
	CONSTRAINT "sales_transaction_items_tax_rate_format" CHECK ("sales_transaction_items"."tax_rate" ~ '^[0-9]{1,3}([.][0-9]{1,4})?$'),
	CONSTRAINT "sales_transaction_items_tax_nonneg" CHECK ("sales_transaction_items"."tax_cents" >= 0),
	CONSTRAINT "sales_transaction_items_total_nonneg" CHECK ("sales_transaction_items"."total_cents" >= 0),
	CONSTRAINT "sales_transaction_items_cost_nonneg" CHECK ("sales_transaction_items"."cost_cents" >= 0),
	CONSTRAINT "sales_transaction_items_returned_within_quantity" CHECK ("sales_transaction_items"."returned_quantity" >= 0 and "sales_transaction_items"."returned_quantity" <= "sales_transaction_items"."quantity")
);
--> statement-breakpoint
CREATE TABLE "sales_transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'completed' NOT NULL,
	"store_id" uuid NOT NULL,
	"register_id" text NOT NULL,
	"shift_id" uuid,
	"cashier_id" uuid NOT NULL,
	"customer_id" uuid,
	"original_transaction_id" uuid,
	"receipt_number" text NOT NULL,
	"business_date" date NOT NULL,
	"transaction_date" timestamp with time zone DEFAULT now() NOT NULL,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"subtotal_cents" bigint NOT NULL,
	"discount_cents" bigint DEFAULT 0 NOT NULL,
	"tax_cents" bigint DEFAULT 0 NOT NULL,
	"total_cents" bigint NOT NULL,
	"rounding_cents" bigint DEFAULT 0 NOT NULL,
	"change_due_cents" bigint DEFAULT 0 NOT NULL,
	"request_hash" text NOT NULL,
	"approved_by" uuid,
	"return_reason" text,
	"void_reason" text,
	"voided_at" timestamp with time zone,
	"voided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_transactions_store_receipt_key" UNIQUE("store_id","receipt_number"),
	CONSTRAINT "sales_transactions_kind_valid" CHECK ("sales_transactions"."kind" in ('sale', 'return')),
	CONSTRAINT "sales_transactions_status_valid" CHECK ("sales_transactions"."status" in ('completed', 'voided')),
	CONSTRAINT "sales_transactions_register_id_format" CHECK (length("sales_transactions"."register_id") between 1 and 64),
	CONSTRAINT "sales_transactions_receipt_number_not_blank" CHECK (length(btrim("sales_transactions"."receipt_number")) > 0),
	CONSTRAINT "sales_transactions_only_returns_have_original" CHECK ("sales_transactions"."kind" = 'return' or "sales_transactions"."original_transaction_id" is null),
	CONSTRAINT "sales_transactions_subtotal_nonneg" CHECK ("sales_transactions"."subtotal_cents" >= 0),
	CONSTRAINT "sales_transactions_discount_within_subtotal" CHECK ("sales_transactions"."discount_cents" >= 0 and "sales_transactions"."discount_cents" <= "sales_transactions"."subtotal_cents"),
	CONSTRAINT "sales_transactions_tax_nonneg" CHECK ("sales_transactions"."tax_cents" >= 0),
	CONSTRAINT "sales_transactions_total_nonneg" CHECK ("sales_transactions"."total_cents" >= 0),
	CONSTRAINT "sales_transactions_rounding_range" CHECK ("sales_transactions"."rounding_cents" between -50 and 50),
	CONSTRAINT "sales_transactions_change_due_nonneg" CHECK ("sales_transactions"."change_due_cents" >= 0),
	CONSTRAINT "sales_transactions_void_consistent" CHECK (("sales_transactions"."status" = 'voided') = ("sales_transactions"."voided_at" is not null and "sales_transactions"."voided_by" is not null))
);
--> statement-breakpoint
ALTER TABLE "revoked_tokens" ADD CONSTRAINT "revoked_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_stores" ADD CONSTRAINT "user_stores_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_stores" ADD CONSTRAINT "user_stores_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_approver_user_id_users_id_fk" FOREIGN KEY ("approver_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_barcodes" ADD CONSTRAINT "product_barcodes_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_lines" ADD CONSTRAINT "transfer_lines_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_lines" ADD CONSTRAINT "transfer_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_store_id_stores_id_fk" FOREIGN KEY ("from_store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_store_id_stores_id_fk" FOREIGN KEY ("to_store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_purchase_order_id_purchase_orders_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pets" ADD CONSTRAINT "pets_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_accounts" ADD CONSTRAINT "loyalty_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_accounts" ADD CONSTRAINT "loyalty_accounts_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_program_stores" ADD CONSTRAINT "loyalty_program_stores_program_id_loyalty_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."loyalty_programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_program_stores" ADD CONSTRAINT "loyalty_program_stores_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parked_carts" ADD CONSTRAINT "parked_carts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parked_carts" ADD CONSTRAINT "parked_carts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_sequences" ADD CONSTRAINT "register_sequences_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_payments" ADD CONSTRAINT "sales_payments_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transaction_items" ADD CONSTRAINT "sales_transaction_items_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transaction_items" ADD CONSTRAINT "sales_transaction_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transaction_items" ADD CONSTRAINT "sales_transaction_items_original_item_id_sales_transaction_items_id_fk" FOREIGN KEY ("original_item_id") REFERENCES "public"."sales_transaction_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_cashier_id_users_id_fk" FOREIGN KEY ("cashier_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_original_transaction_id_sales_transactions_id_fk" FOREIGN KEY ("original_transaction_id") REFERENCES "public"."sales_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales_transactions" ADD CONSTRAINT "sales_transactions_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "revoked_tokens_expires_at_idx" ON "revoked_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_expires_at_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "user_stores_store_idx" ON "user_stores" USING btree ("store_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower_key" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "audit_log_occurred_at_idx" ON "audit_log" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_log_store_occurred_idx" ON "audit_log" USING btree ("store_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_log_action_occurred_idx" ON "audit_log" USING btree ("action","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_parent_name_key" ON "categories" USING btree (coalesce("parent_id", '00000000-0000-0000-0000-000000000000'::uuid),lower("name"));--> statement-breakpoint
CREATE INDEX "categories_parent_id_idx" ON "categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "product_barcodes_product_id_idx" ON "product_barcodes" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "products_category_id_idx" ON "products" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "products_name_trgm_idx" ON "products" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_brand_trgm_idx" ON "products" USING gin ("brand" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_sku_trgm_idx" ON "products" USING gin ("sku" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_inventory_store_product" ON "inventory" USING btree ("store_id","product_id");--> statement-breakpoint
CREATE INDEX "inventory_product_id_idx" ON "inventory" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "stock_movements_store_product_created_idx" ON "stock_movements" USING btree ("store_id","product_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_movements_ref_idx" ON "stock_movements" USING btree ("ref_type","ref_id");--> statement-breakpoint
CREATE INDEX "transfer_lines_product_id_idx" ON "transfer_lines" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "transfers_from_store_created_idx" ON "transfers" USING btree ("from_store_id","created_at");--> statement-breakpoint
CREATE INDEX "transfers_to_store_status_idx" ON "transfers" USING btree ("to_store_id","status");--> statement-breakpoint
CREATE INDEX "purchase_order_lines_product_id_idx" ON "purchase_order_lines" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "purchase_orders_store_status_idx" ON "purchase_orders" USING btree ("store_id","status");--> statement-breakpoint
CREATE INDEX "purchase_orders_supplier_id_idx" ON "purchase_orders" USING btree ("supplier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "suppliers_name_lower_key" ON "suppliers" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "cash_movements_shift_created_idx" ON "cash_movements" USING btree ("shift_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shifts_store_register_open_key" ON "shifts" USING btree ("store_id","register_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "shifts_store_business_date_idx" ON "shifts" USING btree ("store_id","business_date");--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "customers_email_lower_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "pets_customer_id_idx" ON "pets" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "loyalty_accounts_program_id_idx" ON "loyalty_accounts" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "loyalty_program_stores_store_id_idx" ON "loyalty_program_stores" USING btree ("store_id");--> statement-breakpoint
CREATE INDEX "parked_carts_store_register_created_idx" ON "parked_carts" USING btree ("store_id","register_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_sales_transaction_items_product" ON "sales_transaction_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "sales_transaction_items_original_item_id_idx" ON "sales_transaction_items" USING btree ("original_item_id") WHERE original_item_id is not null;--> statement-breakpoint
CREATE INDEX "idx_sales_transactions_store_date" ON "sales_transactions" USING btree ("store_id","transaction_date");--> statement-breakpoint
CREATE INDEX "sales_transactions_store_business_date_idx" ON "sales_transactions" USING btree ("store_id","business_date");--> statement-breakpoint
CREATE INDEX "sales_transactions_shift_id_idx" ON "sales_transactions" USING btree ("shift_id");--> statement-breakpoint
CREATE INDEX "sales_transactions_customer_id_idx" ON "sales_transactions" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "sales_transactions_original_idx" ON "sales_transactions" USING btree ("original_transaction_id");