ALTER TABLE `collection_queue` ADD `priority_score` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `collection_queue` ADD `bucket_rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `collection_queue` ADD `overdue_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `collection_queue_order_idx` ON `collection_queue` (`branch_id`,`collector_id`,`priority_score`,`bucket_rank`,`overdue_amount`,`loan_id`);--> statement-breakpoint
-- Rows written before the stored order are dropped: start finds the queue incomplete and rebuilds it.
DELETE FROM `collection_queue`;