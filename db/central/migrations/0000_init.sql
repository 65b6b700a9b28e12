CREATE TABLE "branches" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	CONSTRAINT "branches_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"customer_no" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"segment" text NOT NULL,
	"id_number_masked" text,
	"phone" text,
	"address" text,
	"contact_points" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "customers_customer_no_unique" UNIQUE("customer_no")
);
--> statement-breakpoint
CREATE TABLE "form_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"applies_to" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"published_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installments" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"seq" integer NOT NULL,
	"due_date" text NOT NULL,
	"principal_due" bigint NOT NULL,
	"interest_due" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_no" text NOT NULL,
	"customer_id" text NOT NULL,
	"product" text NOT NULL,
	"purpose" text NOT NULL,
	"principal" bigint NOT NULL,
	"annual_rate" text NOT NULL,
	"term_months" integer NOT NULL,
	"method" text NOT NULL,
	"rounding" text DEFAULT 'half_up' NOT NULL,
	"disbursed_on" text NOT NULL,
	"first_due_date" text NOT NULL,
	"maturity_date" text NOT NULL,
	"officer_id" text,
	"collector_id" text,
	"risk_grade" text NOT NULL,
	"five_class" text NOT NULL,
	"restructured_until" text,
	"status" text DEFAULT 'active' NOT NULL,
	CONSTRAINT "loans_loan_no_unique" UNIQUE("loan_no")
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"paid_on" text NOT NULL,
	"amount" bigint NOT NULL,
	"channel" text NOT NULL,
	"reference" text
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL,
	"effective_from" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"roles" jsonb NOT NULL,
	"password_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"decision" text NOT NULL,
	"comment" text,
	"decided_by" text NOT NULL,
	"decided_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"kind" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"mime_type" text NOT NULL,
	"file_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"channel" text NOT NULL,
	"party" text NOT NULL,
	"party_relation" text,
	"address_used" text,
	"started_at" text NOT NULL,
	"duration_seconds" integer,
	"outcome" text NOT NULL,
	"note" text,
	"next_action_on" text,
	"corrects_id" text,
	"collector_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dd_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"customer_id" text NOT NULL,
	"loan_id" text,
	"application" jsonb NOT NULL,
	"template_id" text NOT NULL,
	"status" text NOT NULL,
	"officer_id" text NOT NULL,
	"submitted_at" text,
	"decided_at" text
);
--> statement-breakpoint
CREATE TABLE "form_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"item_key" text NOT NULL,
	"value" jsonb
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"kind" text NOT NULL,
	"due_date" text NOT NULL,
	"status" text NOT NULL,
	"inspector_id" text NOT NULL,
	"template_id" text,
	"performed_at" text,
	"location" text,
	"findings" text,
	"proposed_class" text
);
--> statement-breakpoint
CREATE TABLE "loan_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"body" text NOT NULL,
	"corrects_id" text
);
--> statement-breakpoint
CREATE TABLE "policy_overrides" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"rule_code" text NOT NULL,
	"reason" text NOT NULL,
	"approved_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promises_to_pay" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"contact_id" text,
	"amount" bigint NOT NULL,
	"promised_on" text NOT NULL,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"deleted_at" text,
	"row_version" bigint DEFAULT 0 NOT NULL,
	"loan_id" text NOT NULL,
	"rule_code" text NOT NULL,
	"severity" text NOT NULL,
	"raised_at" text NOT NULL,
	"status" text NOT NULL,
	"handled_by" text,
	"handling_note" text
);
--> statement-breakpoint
CREATE TABLE "change_log" (
	"scope" text NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"version" bigint NOT NULL,
	"op" text NOT NULL,
	"data" jsonb,
	CONSTRAINT "change_log_scope_table_name_row_id_pk" PRIMARY KEY("scope","table_name","row_id")
);
--> statement-breakpoint
CREATE TABLE "client_state" (
	"client_id" text PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"last_mutation_seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"enrolled_at" text NOT NULL,
	"revoked_at" text,
	"last_seen_at" text,
	CONSTRAINT "devices_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "enrollment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"branch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"expires_at" text NOT NULL,
	"used_at" text,
	"device_id" text
);
--> statement-breakpoint
CREATE TABLE "mutation_log" (
	"client_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"mutation_id" text NOT NULL,
	"name" text NOT NULL,
	"args" jsonb,
	"user_id" text NOT NULL,
	"device_time" text NOT NULL,
	"received_at" text NOT NULL,
	"status" text NOT NULL,
	"reason" jsonb,
	CONSTRAINT "mutation_log_client_id_seq_pk" PRIMARY KEY("client_id","seq")
);
--> statement-breakpoint
CREATE TABLE "scope_versions" (
	"scope" text PRIMARY KEY NOT NULL,
	"epoch" text NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_events" (
	"id" text PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"device_id" text,
	"kind" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("name");--> statement-breakpoint
CREATE INDEX "customers_branch_idx" ON "customers" USING btree ("branch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "form_templates_code_version_uq" ON "form_templates" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "installments_loan_seq_uq" ON "installments" USING btree ("loan_id","seq");--> statement-breakpoint
CREATE INDEX "loans_customer_idx" ON "loans" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "loans_officer_idx" ON "loans" USING btree ("officer_id");--> statement-breakpoint
CREATE INDEX "loans_branch_idx" ON "loans" USING btree ("branch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "models_code_version_uq" ON "models" USING btree ("code","version");--> statement-breakpoint
CREATE INDEX "payments_loan_idx" ON "payments" USING btree ("loan_id","paid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "policies_code_version_uq" ON "policies" USING btree ("code","version");--> statement-breakpoint
CREATE INDEX "users_branch_idx" ON "users" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "attachments_owner_idx" ON "attachments" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "contacts_loan_idx" ON "contacts" USING btree ("loan_id","started_at");--> statement-breakpoint
CREATE INDEX "dd_cases_branch_idx" ON "dd_cases" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "form_responses_owner_idx" ON "form_responses" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "inspections_loan_idx" ON "inspections" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "loan_notes_loan_idx" ON "loan_notes" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "promises_to_pay_loan_idx" ON "promises_to_pay" USING btree ("loan_id");--> statement-breakpoint
CREATE INDEX "warnings_loan_idx" ON "warnings" USING btree ("loan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "change_log_scope_version_uq" ON "change_log" USING btree ("scope","version");--> statement-breakpoint
CREATE INDEX "devices_branch_idx" ON "devices" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "security_events_at_idx" ON "security_events" USING btree ("at");