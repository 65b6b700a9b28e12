// The head-office database handle: PostgreSQL through a `pg` pool when a URL is given, otherwise
// PGlite (in-process; file-backed with a data dir, in memory without). Both answer the same small
// interface so the sync code never knows which one it talks to. Migrations run at open.
import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { CENTRAL_MIGRATIONS_FOLDER } from '../db/central/paths';

export type DbRow = Record<string, unknown>;

export interface Queryable {
  query<T = DbRow>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface CentralDb extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenCentralDbOptions {
  /** postgres://… — use PostgreSQL; without it PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; in memory when undefined. Ignored with databaseUrl. */
  dataDir?: string;
  /** Put every table (and drizzle's migration journal) in this schema, created if missing. */
  schema?: string;
  /** pg pool size. */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

// int8 (money, versions, seqs) as a JS number. Amounts are fen and versions counters, far below 2^53;
// a string would leak into every comparison and into the wire protocol.
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openCentralDb(options: OpenCentralDbOptions = {}): Promise<CentralDb> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`schema name must match ${SCHEMA_NAME}, got ${options.schema}`);
  }
  return options.databaseUrl ? openPg(options.databaseUrl, options) : openPglite(options);
}

async function openPg(databaseUrl: string, options: OpenCentralDbOptions): Promise<CentralDb> {
  const schema = options.schema;
  if (schema) {
    // Created before the pool exists, because the pool's connections start with search_path set to it.
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    types: pgTypes,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // A startup parameter rather than a SET after connect: every connection, including ones the pool
    // opens later, is in the right schema before its first query.
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  try {
    await migrateWithLock(pool, schema);
  } catch (err) {
    await pool.end();
    throw err;
  }

  const run = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<T[]> =>
    (await client.query(sql, params as unknown[] | undefined)).rows as T[];

  return {
    kind: 'pg',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is gone; do not hand it out again
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Two servers starting together against one database must not both run the migrations; an advisory
 * lock held on a side connection makes the second wait, then find nothing left to do.
 */
async function migrateWithLock(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const lockClient = await pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock(hashtext($1))', [`bcw-central-migrate:${schema ?? ''}`]);
    try {
      await migratePg(drizzlePg(pool), { migrationsFolder: CENTRAL_MIGRATIONS_FOLDER, migrationsSchema: schema ?? 'drizzle' });
    } finally {
      await lockClient.query('SELECT pg_advisory_unlock(hashtext($1))', [`bcw-central-migrate:${schema ?? ''}`]);
    }
  } finally {
    lockClient.release();
  }
}

async function openPglite(options: OpenCentralDbOptions): Promise<CentralDb> {
  if (options.dataDir) fs.mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const pglite = new PGlite(options.dataDir, { parsers: { [INT8_OID]: (v: string) => Number(v) } });
  await pglite.waitReady;
  try {
    if (options.schema) await pglite.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path TO "${options.schema}"`);
    await migratePglite(drizzlePglite(pglite), {
      migrationsFolder: CENTRAL_MIGRATIONS_FOLDER,
      migrationsSchema: options.schema ?? 'drizzle',
    });
  } catch (err) {
    await pglite.close();
    throw err;
  }

  // PGlite is ONE connection: without a queue, a query from another request could run inside a
  // transaction that is open across an await. Everything goes through one FIFO.
  let tail: Promise<unknown> = Promise.resolve();
  const inTransaction = new AsyncLocalStorage<boolean>();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    if (inTransaction.getStore()) {
      // Waiting for the queue from inside a transaction would wait for ourselves for ever.
      return Promise.reject(new Error('use the transaction handle inside a transaction, not the database'));
    }
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  let closed = false;

  return {
    kind: 'pglite',
    query: <T>(sql: string, params?: readonly unknown[]) =>
      exclusive(async () => (await pglite.query<T>(sql, params as unknown[] | undefined)).rows),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      exclusive(() =>
        pglite.transaction((tx) =>
          inTransaction.run(true, () =>
            fn({ query: async <R>(sql: string, params?: readonly unknown[]) => (await tx.query<R>(sql, params as unknown[] | undefined)).rows }),
          ),
        ),
      ),
    async close() {
      if (closed) return;
      closed = true;
      // Let queued work finish first so a graceful shutdown never cuts a transaction.
      await exclusive(() => pglite.close());
    },
  };
}
