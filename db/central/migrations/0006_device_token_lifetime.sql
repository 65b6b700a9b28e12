-- Devices enrolled before tokens expired count their token as issued at this upgrade, not at enrollment:
-- a token older than the lifetime would otherwise lock its branch out the moment head office is upgraded.
ALTER TABLE "devices" ADD COLUMN "token_issued_at" text;--> statement-breakpoint
UPDATE "devices" SET "token_issued_at" = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');--> statement-breakpoint
ALTER TABLE "devices" ALTER COLUMN "token_issued_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "token_first_used_at" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "previous_token_hash" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "previous_token_valid_until" text;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_previous_token_hash_unique" UNIQUE("previous_token_hash");
