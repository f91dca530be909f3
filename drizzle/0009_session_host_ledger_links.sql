ALTER TYPE "public"."credit_tx_kind" ADD VALUE 'purchase_reversal';--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "host" text;--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD COLUMN "reverses_id" uuid;--> statement-breakpoint
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_reverses_id_credit_transactions_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."credit_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_transactions_reverses_idx" ON "credit_transactions" USING btree ("reverses_id") WHERE "credit_transactions"."reverses_id" is not null;