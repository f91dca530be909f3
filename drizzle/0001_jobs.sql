CREATE TYPE "public"."job_run_status" AS ENUM('queued', 'running', 'sleeping', 'waiting', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."job_step_status" AS ENUM('completed', 'failed', 'sleeping', 'waiting');--> statement-breakpoint
CREATE TABLE "job_events" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"creator_id" uuid,
	"ts" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"function_id" text NOT NULL,
	"event_id" text NOT NULL,
	"event_name" text NOT NULL,
	"event" jsonb NOT NULL,
	"creator_id" uuid,
	"status" "job_run_status" DEFAULT 'queued' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"concurrency_key" text,
	"throttle_key" text,
	"idempotency_key" text,
	"wait" jsonb,
	"output" jsonb,
	"error" jsonb,
	"failed_step" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_schedules" (
	"function_id" text PRIMARY KEY NOT NULL,
	"cron" text NOT NULL,
	"next_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" "job_step_status" NOT NULL,
	"output" jsonb,
	"error" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"wake_at" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "job_steps" ADD CONSTRAINT "job_steps_run_id_job_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."job_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_events_name_ts_idx" ON "job_events" USING btree ("name","ts");--> statement-breakpoint
CREATE INDEX "job_runs_due_idx" ON "job_runs" USING btree ("run_after") WHERE "job_runs"."status" in ('queued','sleeping','waiting');--> statement-breakpoint
CREATE INDEX "job_runs_running_idx" ON "job_runs" USING btree ("function_id","concurrency_key") WHERE "job_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "job_runs_waiting_idx" ON "job_runs" USING btree ("status") WHERE "job_runs"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "job_runs_creator_idx" ON "job_runs" USING btree ("creator_id","created_at");--> statement-breakpoint
CREATE INDEX "job_runs_created_idx" ON "job_runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "job_runs_throttle_idx" ON "job_runs" USING btree ("function_id","throttle_key","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_idempotency_uq" ON "job_runs" USING btree ("function_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_fn_event_uq" ON "job_runs" USING btree ("function_id","event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "job_steps_run_step_uq" ON "job_steps" USING btree ("run_id","step_id");