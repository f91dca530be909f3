CREATE TYPE "public"."payment_mode" AS ENUM('stripe', 'test', 'free');--> statement-breakpoint
CREATE TABLE "coupons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"percent_off" integer,
	"amount_off" integer,
	"currency" text,
	"offer_ids" uuid[],
	"max_redemptions" integer,
	"redeemed" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_one_discount" CHECK (("coupons"."percent_off" is null) <> ("coupons"."amount_off" is null)),
	CONSTRAINT "coupons_percent_range" CHECK ("coupons"."percent_off" is null or ("coupons"."percent_off" between 1 and 100)),
	CONSTRAINT "coupons_amount_currency" CHECK ("coupons"."amount_off" is null or ("coupons"."amount_off" > 0 and "coupons"."currency" is not null)),
	CONSTRAINT "coupons_redeemed_range" CHECK ("coupons"."redeemed" >= 0 and ("coupons"."max_redemptions" is null or "coupons"."redeemed" <= "coupons"."max_redemptions"))
);
--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "bump_offer_id" uuid;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "bump_headline" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payment_mode" "payment_mode" DEFAULT 'stripe' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "bump_offer_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "coupon_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "amount_subtotal" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "amount_bump" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "amount_discount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "amount_refunded" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfilled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_creator_code_uq" ON "coupons" USING btree ("creator_id",lower("code"));--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_bump_offer_id_offers_id_fk" FOREIGN KEY ("bump_offer_id") REFERENCES "public"."offers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_bump_offer_id_offers_id_fk" FOREIGN KEY ("bump_offer_id") REFERENCES "public"."offers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_bump_not_self" CHECK ("offers"."bump_offer_id" is null or "offers"."bump_offer_id" <> "offers"."id");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_amounts" CHECK ("orders"."amount_total" >= 0 and "orders"."amount_discount" >= 0 and "orders"."amount_refunded" between 0 and "orders"."amount_total");