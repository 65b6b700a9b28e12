CREATE TABLE "contact_consents" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"customer_id" text NOT NULL,
	"loan_id" text NOT NULL,
	"given_via" text NOT NULL,
	"given_on" text NOT NULL,
	"valid_until" text,
	"note" text NOT NULL,
	"withdraws_id" text
);
--> statement-breakpoint
CREATE INDEX "contact_consents_customer_idx" ON "contact_consents" USING btree ("customer_id");