// The central schema mirrors the branch schema for every synced table (rows travel as plain
// {column: value} objects), and opening a migrated database again is a no-op.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { is } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as central from '../../../db/central/schema';
import * as local from '../../../db/local/schema';
import { openCentralDb } from '../../../server/db';
import { JSON_COLUMNS, SYNCED_TABLES } from '../../../shared/sync/tables';

function columnsOf(schema: Record<string, unknown>, kind: 'pg' | 'sqlite'): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const value of Object.values(schema)) {
    if (kind === 'pg' && is(value, PgTable)) {
      const c = pgConfig(value);
      out.set(c.name, new Map(c.columns.map((col) => [col.name, col.columnType])));
    }
    if (kind === 'sqlite' && is(value, SQLiteTable)) {
      const c = sqliteConfig(value);
      out.set(c.name, new Map(c.columns.map((col) => [col.name, col.columnType])));
    }
  }
  return out;
}

describe('central schema', () => {
  const pg = columnsOf(central, 'pg');
  const sqlite = columnsOf(local, 'sqlite');

  it.each([...SYNCED_TABLES])('%s has the branch columns, JSON columns as jsonb', (table) => {
    const c = pg.get(table);
    const l = sqlite.get(table);
    expect(c, `central ${table}`).toBeDefined();
    expect([...(c?.keys() ?? [])].sort()).toEqual([...(l?.keys() ?? [])].sort());
    for (const json of JSON_COLUMNS[table] ?? []) expect(c?.get(json)).toBe('PgJsonb');
    expect(c?.get('row_version')).toBe('PgBigInt53');
    if (table === 'users') expect(c?.get('active')).toBe('PgBoolean');
  });

  it('reopens a migrated PGlite data directory without migrating again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcw-central-'));
    try {
      const first = await openCentralDb({ dataDir: path.join(dir, 'pg') });
      await first.query(`INSERT INTO scope_versions (scope, epoch, version) VALUES ('global', 'e1', 7)`);
      await first.close();
      const second = await openCentralDb({ dataDir: path.join(dir, 'pg') });
      expect(await second.query('SELECT epoch, version FROM scope_versions')).toEqual([{ epoch: 'e1', version: 7 }]);
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(process.env['TEST_DATABASE_URL'])('keeps every table and the migration journal in the requested PostgreSQL schema', async () => {
    const url = process.env['TEST_DATABASE_URL'] as string;
    const schema = `test_schema_${process.pid}_${Date.now().toString(36)}`;
    const db = await openCentralDb({ databaseUrl: url, schema });
    try {
      const again = await openCentralDb({ databaseUrl: url, schema });
      await again.close();
      const tables = await db.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_name IN ('loans', 'change_log', '__drizzle_migrations')`,
      );
      const mine = tables.filter((t) => t.table_schema === schema).map((t) => t.table_name).sort();
      expect(mine).toEqual(['__drizzle_migrations', 'change_log', 'loans']);
      const journal = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".__drizzle_migrations`);
      expect(journal[0]?.n).toBe(fs.readdirSync('db/central/migrations').filter((f) => f.endsWith('.sql')).length);
    } finally {
      await db.query(`DROP SCHEMA "${schema}" CASCADE`);
      await db.close();
    }
  });
});
