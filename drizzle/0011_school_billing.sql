ALTER TABLE "creators" ADD COLUMN "stripe_customer_id" text;--> statement-breakpoint
ALTER TABLE "subscription" ADD COLUMN "past_due_since" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "creators_stripe_customer_uq" ON "creators" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "subscription_past_due_idx" ON "subscription" USING btree ("past_due_since") WHERE "subscription"."status" = 'past_due';