CREATE TABLE `branches` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`code` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`time_zone` text DEFAULT 'Asia/Shanghai' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `branches_code_unique` ON `branches` (`code`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`customer_no` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`segment` text NOT NULL,
	`id_number_masked` text,
	`phone` text,
	`address` text,
	`contact_points` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_customer_no_unique` ON `customers` (`customer_no`);--> statement-breakpoint
CREATE INDEX `customers_name_idx` ON `customers` (`name`);--> statement-breakpoint
CREATE TABLE `form_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`code` text NOT NULL,
	`version` integer NOT NULL,
	`title_zh` text NOT NULL,
	`title_en` text NOT NULL,
	`applies_to` text NOT NULL,
	`body` text NOT NULL,
	`published_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `form_templates_code_version_uq` ON `form_templates` (`code`,`version`);--> statement-breakpoint
CREATE TABLE `installments` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`seq` integer NOT NULL,
	`due_date` text NOT NULL,
	`principal_due` integer NOT NULL,
	`interest_due` integer NOT NULL,
	FOREIGN KEY (`loan_id`) REFERENCES `loans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `installments_loan_seq_uq` ON `installments` (`loan_id`,`seq`);--> statement-breakpoint
CREATE TABLE `loans` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_no` text NOT NULL,
	`customer_id` text NOT NULL,
	`product` text NOT NULL,
	`purpose` text NOT NULL,
	`principal` integer NOT NULL,
	`annual_rate` text NOT NULL,
	`term_months` integer NOT NULL,
	`method` text NOT NULL,
	`rounding` text DEFAULT 'half_up' NOT NULL,
	`disbursed_on` text NOT NULL,
	`first_due_date` text NOT NULL,
	`maturity_date` text NOT NULL,
	`officer_id` text,
	`collector_id` text,
	`risk_grade` text NOT NULL,
	`five_class` text NOT NULL,
	`restructured_until` text,
	`status` text DEFAULT 'active' NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`collector_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `loans_loan_no_unique` ON `loans` (`loan_no`);--> statement-breakpoint
CREATE INDEX `loans_customer_idx` ON `loans` (`customer_id`);--> statement-breakpoint
CREATE INDEX `loans_officer_idx` ON `loans` (`officer_id`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`code` text NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_code_version_uq` ON `models` (`code`,`version`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`paid_on` text NOT NULL,
	`amount` integer NOT NULL,
	`channel` text NOT NULL,
	`reference` text,
	FOREIGN KEY (`loan_id`) REFERENCES `loans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_loan_idx` ON `payments` (`loan_id`,`paid_on`);--> statement-breakpoint
CREATE TABLE `policies` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`code` text NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`effective_from` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `policies_code_version_uq` ON `policies` (`code`,`version`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`roles` text NOT NULL,
	`password_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`decision` text NOT NULL,
	`comment` text,
	`decided_by` text NOT NULL,
	`decided_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`owner_type` text NOT NULL,
	`owner_id` text NOT NULL,
	`kind` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`mime_type` text NOT NULL,
	`file_name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`branch_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`device_id` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`before_digest` text,
	`after_digest` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_id_unique` ON `audit_log` (`id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`channel` text NOT NULL,
	`party` text NOT NULL,
	`party_relation` text,
	`address_used` text,
	`started_at` text NOT NULL,
	`duration_seconds` integer,
	`outcome` text NOT NULL,
	`note` text,
	`next_action_on` text,
	`corrects_id` text,
	`collector_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contacts_loan_idx` ON `contacts` (`loan_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `dd_cases` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`customer_id` text NOT NULL,
	`loan_id` text,
	`application` text NOT NULL,
	`template_id` text NOT NULL,
	`status` text NOT NULL,
	`officer_id` text NOT NULL,
	`submitted_at` text,
	`decided_at` text
);
--> statement-breakpoint
CREATE TABLE `form_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`owner_type` text NOT NULL,
	`owner_id` text NOT NULL,
	`item_key` text NOT NULL,
	`value` text
);
--> statement-breakpoint
CREATE INDEX `form_responses_owner_idx` ON `form_responses` (`owner_type`,`owner_id`);--> statement-breakpoint
CREATE TABLE `inspections` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`kind` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text NOT NULL,
	`inspector_id` text NOT NULL,
	`template_id` text,
	`performed_at` text,
	`location` text,
	`findings` text,
	`proposed_class` text
);
--> statement-breakpoint
CREATE TABLE `loan_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`body` text NOT NULL,
	`corrects_id` text
);
--> statement-breakpoint
CREATE INDEX `loan_notes_loan_idx` ON `loan_notes` (`loan_id`);--> statement-breakpoint
CREATE TABLE `policy_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`rule_code` text NOT NULL,
	`reason` text NOT NULL,
	`approved_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `promises_to_pay` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`contact_id` text,
	`amount` integer NOT NULL,
	`promised_on` text NOT NULL,
	`status` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `warnings` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`rule_code` text NOT NULL,
	`severity` text NOT NULL,
	`raised_at` text NOT NULL,
	`status` text NOT NULL,
	`handled_by` text,
	`handling_note` text
);
--> statement-breakpoint
CREATE TABLE `loan_metrics` (
	`loan_id` text PRIMARY KEY NOT NULL,
	`as_of` text NOT NULL,
	`dpd` integer NOT NULL,
	`bucket` text NOT NULL,
	`class_floor` text NOT NULL,
	`outstanding_principal` integer NOT NULL,
	`overdue_principal` integer NOT NULL,
	`overdue_interest` integer NOT NULL,
	`next_due_date` text
);
--> statement-breakpoint
CREATE INDEX `loan_metrics_dpd_idx` ON `loan_metrics` (`dpd`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`mutation_id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`base_versions` text NOT NULL,
	`user_id` text NOT NULL,
	`device_time` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`result` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_mutation_id_unique` ON `outbox` (`mutation_id`);--> statement-breakpoint
CREATE INDEX `outbox_status_idx` ON `outbox` (`status`);--> statement-breakpoint
CREATE TABLE `sign_in_attempts` (
	`username` text PRIMARY KEY NOT NULL,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`locked_until` text
);
--> statement-breakpoint
CREATE TABLE `sync_issues` (
	`id` text PRIMARY KEY NOT NULL,
	`mutation_id` text,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`payload` text,
	`created_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_prefs` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
