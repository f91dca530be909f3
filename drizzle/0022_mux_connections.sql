CREATE TABLE "mux_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creator_id" uuid NOT NULL,
	"token_id" text NOT NULL,
	"token_secret" text NOT NULL,
	"signing_key_id" text,
	"signing_key" text,
	"webhook_secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "media_assets" ADD COLUMN "pending_lesson_id" uuid;--> statement-breakpoint
ALTER TABLE "media_assets" ADD COLUMN "replaces_video_id" uuid;--> statement-breakpoint
ALTER TABLE "mux_connections" ADD CONSTRAINT "mux_connections_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mux_connections_creator_uq" ON "mux_connections" USING btree ("creator_id");--> statement-breakpoint
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_pending_lesson_id_lessons_id_fk" FOREIGN KEY ("pending_lesson_id") REFERENCES "public"."lessons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_replaces_video_id_media_assets_id_fk" FOREIGN KEY ("replaces_video_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;