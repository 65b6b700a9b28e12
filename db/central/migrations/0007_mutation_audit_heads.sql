ALTER TABLE "mutation_log" ADD COLUMN "audit_seq" bigint;--> statement-breakpoint
ALTER TABLE "mutation_log" ADD COLUMN "audit_hash" text;