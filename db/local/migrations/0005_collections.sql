CREATE TABLE `collection_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text,
	`row_version` integer DEFAULT 0 NOT NULL,
	`loan_id` text NOT NULL,
	`collector_id` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `collection_assignments_collector_idx` ON `collection_assignments` (`collector_id`);--> statement-breakpoint
CREATE INDEX `collection_assignments_loan_idx` ON `collection_assignments` (`loan_id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `consent_late` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `complaint` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `override_ids` text;--> statement-breakpoint
CREATE INDEX `contacts_started_idx` ON `contacts` (`started_at`);--> statement-breakpoint
CREATE INDEX `contacts_corrects_idx` ON `contacts` (`corrects_id`);--> statement-breakpoint
CREATE INDEX `contacts_invalid_number_idx` ON `contacts` (`loan_id`,`address_used`) WHERE outcome IN ('number_invalid', 'wrong_number');--> statement-breakpoint
CREATE INDEX `contacts_hold_idx` ON `contacts` (`loan_id`) WHERE outcome IN ('dispute', 'asked_to_stop', 'cleared_by_supervisor');--> statement-breakpoint
ALTER TABLE `policy_overrides` ADD `valid_until` text;--> statement-breakpoint
CREATE INDEX `loans_collector_idx` ON `loans` (`collector_id`);--> statement-breakpoint
CREATE INDEX `promises_to_pay_loan_idx` ON `promises_to_pay` (`loan_id`);--> statement-breakpoint
CREATE INDEX `promises_to_pay_promised_idx` ON `promises_to_pay` (`branch_id`,`promised_on`);