ALTER TABLE `branches` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `branches` ADD `address` text;--> statement-breakpoint
ALTER TABLE `dd_cases` ADD `approved_amount_fen` integer;--> statement-breakpoint
ALTER TABLE `dd_cases` ADD `approval_conditions` text;