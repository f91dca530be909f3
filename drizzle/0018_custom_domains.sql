DROP INDEX "domains_hostname_uq";--> statement-breakpoint
DROP INDEX "domains_creator_idx";--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "is_primary" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "domains" ADD COLUMN "last_check_error" text;--> statement-breakpoint
ALTER TABLE "domains" ADD CONSTRAINT "domains_parent_id_domains_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "domains_verified_hostname_uq" ON "domains" USING btree ("hostname") WHERE "domains"."verified_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "domains_creator_hostname_uq" ON "domains" USING btree ("creator_id","hostname");--> statement-breakpoint
CREATE UNIQUE INDEX "domains_primary_uq" ON "domains" USING btree ("creator_id") WHERE "domains"."is_primary";--> statement-breakpoint
CREATE INDEX "domains_hostname_idx" ON "domains" USING btree ("hostname");--> statement-breakpoint
UPDATE "domains" SET "is_primary" = true WHERE "id" IN (SELECT DISTINCT ON ("creator_id") "id" FROM "domains" WHERE "verified_at" IS NOT NULL ORDER BY "creator_id", "verified_at", "hostname");
