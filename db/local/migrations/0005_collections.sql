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
ALTER TABLE `contacts` ADD `consent_late` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `complaint` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `override_ids` text;--> statement-breakpoint
CREATE INDEX `contacts_started_idx` ON `contacts` (`started_at`);--> statement-breakpoint
CREATE INDEX `contacts_corrects_idx` ON `contacts` (`corrects_id`);--> statement-breakpoint
ALTER TABLE `policy_overrides` ADD `valid_until` text;