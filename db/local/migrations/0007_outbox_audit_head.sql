ALTER TABLE `outbox` ADD `audit_seq` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `audit_hash` text;