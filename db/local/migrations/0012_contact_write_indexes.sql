-- Every index of contacts costs each logged call a page at commit: started_at alone is read by no query
-- (the KPI page reads contacts_kpi_idx), and corrections are the rare rows worth indexing by what they correct.
DROP INDEX `contacts_started_idx`;--> statement-breakpoint
DROP INDEX `contacts_corrects_idx`;--> statement-breakpoint
CREATE INDEX `contacts_corrects_idx` ON `contacts` (`corrects_id`) WHERE corrects_id IS NOT NULL;