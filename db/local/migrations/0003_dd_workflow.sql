ALTER TABLE `attachments` ADD `item_key` text;--> statement-breakpoint
ALTER TABLE `dd_cases` ADD `submission_no` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `dd_cases` ADD `submitted_by` text;--> statement-breakpoint
ALTER TABLE `dd_cases` ADD `decided_by` text;