DROP INDEX "job_runs_running_idx";--> statement-breakpoint
DROP INDEX "job_runs_waiting_idx";--> statement-breakpoint
DROP INDEX "job_runs_idempotency_uq";--> statement-breakpoint
ALTER TABLE "job_events" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "events" jsonb;--> statement-breakpoint
UPDATE "job_runs" SET "events" = jsonb_build_array("event");--> statement-breakpoint
ALTER TABLE "job_runs" ALTER COLUMN "events" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "concurrency_keys" text[];--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "rate_key" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "debounce_key" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "batch_key" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "collecting" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "parent_run_id" uuid;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "parent_step_id" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "start_by" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "finish_by" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_steps" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "job_steps" ADD COLUMN "seq" integer;--> statement-breakpoint
ALTER TABLE "job_steps" ADD COLUMN "wait" jsonb;--> statement-breakpoint
ALTER TABLE "job_steps" ADD COLUMN "child_run_id" uuid;--> statement-breakpoint
CREATE INDEX "job_events_pending_idx" ON "job_events" USING btree ("ts") WHERE "job_events"."dispatched_at" is null;--> statement-breakpoint
CREATE INDEX "job_runs_running_keys_idx" ON "job_runs" USING gin ("concurrency_keys") WHERE "job_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "job_runs_idempotency_idx" ON "job_runs" USING btree ("function_id","idempotency_key","created_at");--> statement-breakpoint
CREATE INDEX "job_runs_rate_idx" ON "job_runs" USING btree ("function_id","rate_key","created_at");--> statement-breakpoint
CREATE INDEX "job_runs_collecting_idx" ON "job_runs" USING btree ("function_id","debounce_key","batch_key") WHERE "job_runs"."collecting";--> statement-breakpoint
CREATE INDEX "job_runs_parent_idx" ON "job_runs" USING btree ("parent_run_id");--> statement-breakpoint
CREATE INDEX "job_steps_waiting_idx" ON "job_steps" USING btree (("wait"->>'event')) WHERE "job_steps"."status" = 'waiting' and "job_steps"."wait" is not null;--> statement-breakpoint
ALTER TABLE "job_runs" DROP COLUMN "concurrency_key";--> statement-breakpoint
ALTER TABLE "job_runs" DROP COLUMN "wait";;--> statement-breakpoint
-- The executor now speaks the SDK protocol: function ids carry the app prefix and step ids are the SDK's
-- hashes, so runs still in flight from the old runner cannot be resumed. Close them (visible on the jobs
-- page with the reason), let cron schedules be re-created under the new ids, and treat every event
-- recorded so far as delivered (the outbox must not replay history).
UPDATE "job_runs" SET "status" = 'cancelled', "finished_at" = now(), "locked_by" = NULL, "locked_until" = NULL,
  "error" = '{"name":"Cancelled","message":"Closed by the upgrade to the protocol executor (its steps cannot be resumed)"}'::jsonb
  WHERE "status" IN ('queued', 'running', 'sleeping', 'waiting');--> statement-breakpoint
DELETE FROM "job_schedules";--> statement-breakpoint
UPDATE "job_events" SET "dispatched_at" = "ts" WHERE "dispatched_at" IS NULL;