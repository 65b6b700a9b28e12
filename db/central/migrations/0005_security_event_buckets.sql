ALTER TABLE "security_events" ADD COLUMN "bucket" text;--> statement-breakpoint
ALTER TABLE "security_events" ADD COLUMN "count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "security_events" ADD COLUMN "last_at" text;--> statement-breakpoint
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_bucket_unique" UNIQUE("bucket");