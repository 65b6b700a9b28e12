// Columns every synced row has (DESIGN.md §5). updated_at is for display only; row_version, set by
// head office, is the base for conflict checks.
import { integer, text } from 'drizzle-orm/sqlite-core';

export function syncedColumns() {
  return {
    id: text('id').primaryKey(), // UUIDv7 made on the device
    branchId: text('branch_id').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    deletedAt: text('deleted_at'), // tombstone: rows are never hard-deleted
    rowVersion: integer('row_version').notNull().default(0),
  };
}
