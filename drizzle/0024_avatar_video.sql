CREATE TYPE "public"."avatar_clip_status" AS ENUM('pending', 'submitting', 'rendering', 'rendered', 'ready', 'failed');--> statement-breakpoint
CREATE TYPE "public"."avatar_render_status" AS ENUM('rendering', 'stitching', 'processing', 'ready', 'failed');--> statement-breakpoint
CREATE TABLE "avatar_clips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"renderer" text NOT NULL,
	"status" "avatar_clip_status" DEFAULT 'pending' NOT NULL,
	"render_id" uuid,
	"provider_video_id" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"storage_key" text,
	"duration_ms" integer,
	"credits" integer DEFAULT 0 NOT NULL,
	"charged" boolean DEFAULT false NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "avatar_renders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"lesson_id" uuid,
	"requested_by_user_id" text,
	"status" "avatar_render_status" DEFAULT 'rendering' NOT NULL,
	"renderer" text NOT NULL,
	"avatar_id" text NOT NULL,
	"avatar_name" text NOT NULL,
	"voice_id" text NOT NULL,
	"voice_name" text NOT NULL,
	"background" text NOT NULL,
	"scenes" jsonb NOT NULL,
	"ledger_hold_id" uuid,
	"held" integer DEFAULT 0 NOT NULL,
	"captured" integer,
	"estimated_seconds" integer DEFAULT 0 NOT NULL,
	"media_asset_id" uuid,
	"error" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "avatar_clips" ADD CONSTRAINT "avatar_clips_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "avatar_clips" ADD CONSTRAINT "avatar_clips_render_id_avatar_renders_id_fk" FOREIGN KEY ("render_id") REFERENCES "public"."avatar_renders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "avatar_renders" ADD CONSTRAINT "avatar_renders_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "avatar_renders" ADD CONSTRAINT "avatar_renders_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "avatar_renders" ADD CONSTRAINT "avatar_renders_requested_by_user_id_user_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "avatar_renders" ADD CONSTRAINT "avatar_renders_media_asset_id_media_assets_id_fk" FOREIGN KEY ("media_asset_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "avatar_clips_hash_uq" ON "avatar_clips" USING btree ("creator_id","hash");--> statement-breakpoint
CREATE UNIQUE INDEX "avatar_clips_provider_uq" ON "avatar_clips" USING btree ("renderer","provider_video_id");--> statement-breakpoint
CREATE INDEX "avatar_renders_lesson_idx" ON "avatar_renders" USING btree ("creator_id","lesson_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "avatar_renders_active_uq" ON "avatar_renders" USING btree ("creator_id","lesson_id") WHERE "avatar_renders"."status" in ('rendering', 'stitching');