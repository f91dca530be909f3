CREATE TYPE "public"."credit_account_kind" AS ENUM('available', 'held', 'platform_grants', 'platform_sales', 'platform_consumption', 'platform_adjustments');--> statement-breakpoint
CREATE TYPE "public"."credit_hold_status" AS ENUM('open', 'settled');--> statement-breakpoint
CREATE TYPE "public"."credit_tx_kind" AS ENUM('grant', 'purchase', 'hold', 'capture', 'release', 'refund', 'adjustment');--> statement-breakpoint
CREATE TABLE "credit_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid,
	"kind" "credit_account_kind" NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_accounts_owner_kind" CHECK (("credit_accounts"."creator_id" is null) = ("credit_accounts"."kind"::text like 'platform_%')),
	CONSTRAINT "credit_accounts_creator_nonnegative" CHECK ("credit_accounts"."creator_id" is null or "credit_accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "credit_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"captured" bigint DEFAULT 0 NOT NULL,
	"released" bigint DEFAULT 0 NOT NULL,
	"status" "credit_hold_status" DEFAULT 'open' NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "credit_holds_reconcile" CHECK ("credit_holds"."amount" > 0 and "credit_holds"."captured" >= 0 and "credit_holds"."released" >= 0 and "credit_holds"."captured" + "credit_holds"."released" <= "credit_holds"."amount")
);
--> statement-breakpoint
CREATE TABLE "credit_postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transaction_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "credit_postings_nonzero" CHECK ("credit_postings"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "credit_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"kind" "credit_tx_kind" NOT NULL,
	"idempotency_key" text NOT NULL,
	"amount" bigint NOT NULL,
	"hold_id" uuid,
	"reason" text,
	"actor_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_postings" ADD CONSTRAINT "credit_postings_transaction_id_credit_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."credit_transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_postings" ADD CONSTRAINT "credit_postings_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_actor_user_id_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_creator_kind_uq" ON "credit_accounts" USING btree ("creator_id","kind") WHERE "credit_accounts"."creator_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_platform_kind_uq" ON "credit_accounts" USING btree ("kind") WHERE "credit_accounts"."creator_id" is null;--> statement-breakpoint
CREATE INDEX "credit_holds_creator_status_idx" ON "credit_holds" USING btree ("creator_id","status");--> statement-breakpoint
CREATE INDEX "credit_postings_tx_idx" ON "credit_postings" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "credit_postings_account_idx" ON "credit_postings" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_transactions_idem_uq" ON "credit_transactions" USING btree ("creator_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "credit_transactions_creator_created_idx" ON "credit_transactions" USING btree ("creator_id","created_at");