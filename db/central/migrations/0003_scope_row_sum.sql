ALTER TABLE "scope_versions" ADD COLUMN "row_sum" bigint;--> statement-breakpoint
ALTER TABLE "scope_versions" ADD COLUMN "row_sum_version" integer;