ALTER TABLE "branches" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "branches" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "dd_cases" ADD COLUMN "approved_amount_fen" bigint;--> statement-breakpoint
ALTER TABLE "dd_cases" ADD COLUMN "approval_conditions" text;