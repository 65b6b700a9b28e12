ALTER TABLE "attachments" ADD COLUMN "item_key" text;--> statement-breakpoint
ALTER TABLE "dd_cases" ADD COLUMN "submission_no" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dd_cases" ADD COLUMN "submitted_by" text;--> statement-breakpoint
ALTER TABLE "dd_cases" ADD COLUMN "decided_by" text;--> statement-breakpoint
ALTER TABLE "change_log" ADD COLUMN "client_id" text;