CREATE TABLE "collection_assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"collector_id" text NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "consent_late" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "complaint" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "override_ids" jsonb;--> statement-breakpoint
ALTER TABLE "policy_overrides" ADD COLUMN "valid_until" text;--> statement-breakpoint
CREATE INDEX "collection_assignments_branch_idx" ON "collection_assignments" USING btree ("branch_id");