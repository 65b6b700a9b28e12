ALTER TABLE "users" ADD COLUMN "signing_public_key" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "signing_key_sealed" text;