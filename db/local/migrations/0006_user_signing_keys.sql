ALTER TABLE `users` ADD `signing_public_key` text;--> statement-breakpoint
ALTER TABLE `users` ADD `signing_key_sealed` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `signature` text;