CREATE TABLE "limit_warnings" (
	"creator_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"period" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "limit_warnings_creator_id_metric_period_pk" PRIMARY KEY("creator_id","metric","period")
);
--> statement-breakpoint
ALTER TABLE "limit_warnings" ADD CONSTRAINT "limit_warnings_creator_id_creators_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."creators"("id") ON DELETE cascade ON UPDATE no action;