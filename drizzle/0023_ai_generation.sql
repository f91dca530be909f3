CREATE TYPE "public"."ai_generation_status" AS ENUM('outlining', 'outline_ready', 'generating', 'completed', 'failed', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."ai_hold_status" AS ENUM('open', 'settling', 'settled');--> statement-breakpoint
CREATE TYPE "public"."ai_item_kind" AS ENUM('copy', 'lesson', 'quiz', 'cover');--> statement-breakpoint
CREATE TYPE "public"."ai_item_status" AS ENUM('pending', 'running', 'done', 'failed', 'canceled');--> statement-breakpoint
CREATE TABLE "ai_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"generation_id" uuid,
	"ai_hold_id" uuid,
	"idempotency_key" text NOT NULL,
	"task" text NOT NULL,
	"template" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer DEFAULT 0 NOT NULL,
	"credits" integer DEFAULT 0 NOT NULL,
	"outcome" text NOT NULL,
	"charged" boolean DEFAULT true NOT NULL,
	"delivered" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_generation_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"generation_id" uuid NOT NULL,
	"kind" "ai_item_kind" NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"status" "ai_item_status" DEFAULT 'pending' NOT NULL,
	"lesson_id" uuid,
	"template" text,
	"runs" integer DEFAULT 0 NOT NULL,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_generations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"created_by_user_id" text,
	"status" "ai_generation_status" DEFAULT 'outlining' NOT NULL,
	"brief" jsonb NOT NULL,
	"source_text" text,
	"outline" jsonb,
	"outline_draft" text DEFAULT '' NOT NULL,
	"outline_version" integer DEFAULT 1 NOT NULL,
	"pending_parts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"course_id" uuid,
	"sample" boolean DEFAULT false NOT NULL,
	"estimate_credits" integer DEFAULT 0 NOT NULL,
	"error" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"generation_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"ledger_hold_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"status" "ai_hold_status" DEFAULT 'open' NOT NULL,
	"captured" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "creators" ADD COLUMN "ai_for_editors" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_generation_id_ai_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."ai_generations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_ai_hold_id_ai_holds_id_fk" FOREIGN KEY ("ai_hold_id") REFERENCES "public"."ai_holds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_generation_items" ADD CONSTRAINT "ai_generation_items_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_generation_items" ADD CONSTRAINT "ai_generation_items_generation_id_ai_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."ai_generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_generation_items" ADD CONSTRAINT "ai_generation_items_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_generations" ADD CONSTRAINT "ai_generations_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_generations" ADD CONSTRAINT "ai_generations_created_by_user_id_user_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_generations" ADD CONSTRAINT "ai_generations_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_holds" ADD CONSTRAINT "ai_holds_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_holds" ADD CONSTRAINT "ai_holds_generation_id_ai_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."ai_generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ai_calls_idem_uq" ON "ai_calls" USING btree ("creator_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ai_calls_creator_created_idx" ON "ai_calls" USING btree ("creator_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_calls_hold_idx" ON "ai_calls" USING btree ("ai_hold_id") WHERE "ai_calls"."ai_hold_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ai_generation_items_uq" ON "ai_generation_items" USING btree ("generation_id","kind","key");--> statement-breakpoint
CREATE INDEX "ai_generation_items_creator_idx" ON "ai_generation_items" USING btree ("creator_id");--> statement-breakpoint
CREATE INDEX "ai_generations_creator_created_idx" ON "ai_generations" USING btree ("creator_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_holds_purpose_uq" ON "ai_holds" USING btree ("generation_id","purpose");--> statement-breakpoint
CREATE INDEX "ai_holds_creator_status_idx" ON "ai_holds" USING btree ("creator_id","status");