CREATE TABLE `contact_loans` (
	`loan_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP INDEX `payments_loan_idx`;--> statement-breakpoint
CREATE INDEX `payments_paid_idx` ON `payments` (`paid_on`,`loan_id`,`amount`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `payments_loan_idx` ON `payments` (`loan_id`,`paid_on`,`amount`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `loans_collector_of_idx` ON `loans` (`id`,`branch_id`,`collector_id`);--> statement-breakpoint
CREATE INDEX `contacts_kpi_idx` ON `contacts` (`branch_id`,`collector_id`,`started_at`,`outcome`,`complaint`,`override_ids`,`id`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `contacts_promise_idx` ON `contacts` (`id`,`started_at`,`collector_id`) WHERE outcome = 'promise_to_pay';--> statement-breakpoint
-- Written by hand (drizzle-kit writes no triggers): contact_loans holds each loan id found in contacts,
-- kept by contacts' own triggers so that every writer (mutate, pulled pages, undo, resets) keeps it.
-- The inserts test for the row rather than use OR IGNORE, which an outer statement's OR clause overrides.
INSERT INTO `contact_loans` (`loan_id`) SELECT DISTINCT `loan_id` FROM `contacts`;--> statement-breakpoint
CREATE TRIGGER `contact_loans_insert` AFTER INSERT ON `contacts`
  WHEN NOT EXISTS (SELECT 1 FROM `contact_loans` WHERE `loan_id` = NEW.`loan_id`)
BEGIN
  INSERT INTO `contact_loans` (`loan_id`) VALUES (NEW.`loan_id`);
END;--> statement-breakpoint
CREATE TRIGGER `contact_loans_update` AFTER UPDATE OF `loan_id` ON `contacts`
  WHEN NEW.`loan_id` IS NOT OLD.`loan_id`
BEGIN
  INSERT INTO `contact_loans` (`loan_id`) SELECT NEW.`loan_id` WHERE NOT EXISTS (SELECT 1 FROM `contact_loans` WHERE `loan_id` = NEW.`loan_id`);
  DELETE FROM `contact_loans` WHERE `loan_id` = OLD.`loan_id` AND NOT EXISTS (SELECT 1 FROM `contacts` WHERE `loan_id` = OLD.`loan_id`);
END;--> statement-breakpoint
CREATE TRIGGER `contact_loans_delete` AFTER DELETE ON `contacts`
BEGIN
  DELETE FROM `contact_loans` WHERE `loan_id` = OLD.`loan_id` AND NOT EXISTS (SELECT 1 FROM `contacts` WHERE `loan_id` = OLD.`loan_id`);
END;
