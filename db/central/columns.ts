// Columns every synced row has at head office: the same names as the branch (db/local/columns.ts) so a
// row travels as a plain {column: value} object. row_version is the scope change-log version of the
// row's last write (DESIGN.md §7); bigint is parsed as a JS number by both drivers (server/db.ts).
import { bigint, text } from 'drizzle-orm/pg-core';

export function syncedColumns() {
  return {
    id: text('id').primaryKey(),
    branchId: text('branch_id').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    deletedAt: text('deleted_at'),
    rowVersion: bigint('row_version', { mode: 'number' }).notNull().default(0),
  };
}
