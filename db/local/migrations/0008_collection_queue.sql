CREATE TABLE `collection_queue` (
	`loan_id` text PRIMARY KEY NOT NULL,
	`branch_id` text NOT NULL,
	`as_of` text NOT NULL,
	`loan_no` text NOT NULL,
	`customer_name` text NOT NULL,
	`collector_id` text,
	`dpd` integer NOT NULL,
	`bucket` text NOT NULL,
	`overdue_principal` integer NOT NULL,
	`overdue_interest` integer NOT NULL,
	`last_contact_at` text,
	`last_outcome` text,
	`next_action_on` text,
	`phone_numbers` integer NOT NULL,
	`invalid_numbers` integer NOT NULL,
	`broken_promises` integer NOT NULL,
	`promise_status` text,
	`promise_amount` integer,
	`promise_on` text,
	`pending_promise_due` text
);
--> statement-breakpoint
CREATE INDEX `collection_queue_branch_collector_idx` ON `collection_queue` (`branch_id`,`collector_id`);