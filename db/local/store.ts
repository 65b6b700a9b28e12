// Opening the branch database: pragmas, migrations (backed up on failure, never wiped), and the
// read/write handle split. Reads go through a read-only view of the one connection (readOnlyView.ts),
// so a function that is given only a ReadHandle cannot write even by mistake. The file is encrypted
// (SQLCipher 4 format) and readable by its owner only: the `better-sqlite3` dependency is an npm alias of
// better-sqlite3-multiple-ciphers, the same API and SQLite line with the ciphers built in.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { readOnlyView } from './readOnlyView';

declare const readBrand: unique symbol;
declare const writeBrand: unique symbol;

export type LocalOrm = BetterSQLite3Database<typeof schema>;

export interface ReadHandle {
  readonly [readBrand]: true;
  readonly sql: Database.Database;
  readonly orm: LocalOrm;
}

export interface WriteHandle extends Omit<ReadHandle, typeof readBrand> {
  readonly [readBrand]: true;
  readonly [writeBrand]: true;
}

/** Keys for data at rest, derived from the workstation's data key (main/services/dataKey.ts). */
export interface StoreKeys {
  /** 32 bytes: the database's raw SQLCipher key. */
  readonly database: Buffer;
  /** 32 bytes: AES-256-GCM key of the blob files. */
  readonly blobs: Buffer;
  /** 32 bytes: HMAC key of the audit chain. */
  readonly audit: Buffer;
}

export class MigrationFailedError extends Error {
  constructor(
    readonly backupPath: string,
    override readonly cause: unknown,
  ) {
    super(`database migration failed; the database was backed up to ${backupPath}: ${String(cause)}`);
    this.name = 'MigrationFailedError';
  }
}

// fileURLToPath, not URL.pathname: the app may be installed under a path with spaces or CJK characters.
const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Must run before anything else on a connection: the key decides how every page is read. */
export function applyKey(db: Database.Database, key: Buffer): void {
  if (key.length !== 32) throw new Error('the database key must be 32 bytes');
  // SQLCipher 4's page format, so the standard sqlcipher tool can open a copy with the same raw key.
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

function isPlainSqlite(file: string): boolean {
  const header = Buffer.alloc(PLAIN_SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, header, 0, header.length, 0) === header.length && header.equals(PLAIN_SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** A database file that already exists under some key (so a new key could never open it). */
export function isEncryptedDatabase(file: string): boolean {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && stat.size > 0 && !isPlainSqlite(file);
}

/**
 * A database written before encryption is encrypted in place, once: its WAL folded in, then every page
 * rewritten under the key inside SQLite's own journaled transaction (a crash midway rolls back to the
 * plain file, and the next start tries again). No plain copy is left behind.
 */
function encryptPlainDatabase(file: string, key: Buffer): void {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE'); // rekey rewrites pages through the rollback journal
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    db.close();
  }
  if (isPlainSqlite(file)) throw new Error(`could not encrypt ${file}`);
}

/** The database and its -wal/-shm (which SQLite creates with the database's mode) for the owner only. */
function prepareFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'wx', 0o600));
  if (process.platform === 'win32') return;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
  }
}

/**
 * Copying the WAL back into the database (a checkpoint) is the slowest thing a write can meet, so it
 * runs when the workstation has been idle this long after its last write (LocalStore.transaction)…
 */
const IDLE_CHECKPOINT_MS = 250;
/** … and inside a write only when that never happened and the WAL holds this many pages (~32 MB). */
const WAL_INLINE_CHECKPOINT_PAGES = 8000;

export function configureConnection(db: Database.Database): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL');
  // FULL: a write the user saw saved survives power loss, not only a process crash.
  db.pragma('synchronous = FULL');
  db.pragma(`wal_autocheckpoint = ${WAL_INLINE_CHECKPOINT_PAGES}`);
  // Reads (the portfolio, the collections queue) touch rows scattered over a large book: mapped pages
  // skip a read() and a copy per page — measured 240 → 150 ms for a 20,000-loan queue's base query.
  db.pragma('mmap_size = 1073741824');
}

/** The file is not a database under this key (another key, or damaged): nothing was changed. */
export class DatabaseKeyError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`the database ${file} cannot be opened with this workstation's key: ${String(cause)}`);
    this.name = 'DatabaseKeyError';
  }
}

function backupFailedDatabase(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = `${file}.migration-failed-${stamp}.bak`;
  fs.copyFileSync(file, backup);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, backup + suffix);
  }
  return backup;
}

export class LocalStore {
  private readonly writer: Database.Database;
  private readonly writeOrm: LocalOrm;
  private readonly readHandle: ReadHandle;

  private constructor(
    readonly file: string,
    readonly keys: StoreKeys,
    writer: Database.Database,
    /** True when this open encrypted a database an older release wrote in plain (once in its life). */
    readonly encryptedAtOpen: boolean,
  ) {
    this.writer = writer;
    this.writeOrm = drizzle(writer, { schema });
    const view = readOnlyView(writer);
    this.readHandle = { sql: view, orm: drizzle(view, { schema }) } as unknown as ReadHandle;
  }

  /** Opens (creating if needed) and migrates the database file. Throws MigrationFailedError after backing up. */
  static open(file: string, keys: StoreKeys, migrationsFolder: string = DEFAULT_MIGRATIONS_FOLDER): LocalStore {
    prepareFile(file);
    const wasPlain = fs.statSync(file).size > 0 && isPlainSqlite(file);
    if (wasPlain) encryptPlainDatabase(file, keys.database);
    const writer = new Database(file);
    try {
      applyKey(writer, keys.database);
      writer.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      writer.close();
      throw new DatabaseKeyError(file, err);
    }
    try {
      configureConnection(writer);
      migrate(drizzle(writer, { schema }), { migrationsFolder });
    } catch (err) {
      writer.close();
      throw new MigrationFailedError(backupFailedDatabase(file), err);
    }
    return new LocalStore(file, keys, writer, wasPlain);
  }

  read(): ReadHandle {
    return this.readHandle;
  }

  /** Runs fn in ONE immediate SQLite transaction; everything fn writes commits together or not at all. */
  transaction<T>(fn: (w: WriteHandle) => T): T {
    const handle = { sql: this.writer, orm: this.writeOrm } as unknown as WriteHandle;
    const result = this.writer.transaction(() => fn(handle)).immediate();
    this.checkpointWhenIdle();
    return result;
  }

  private idleCheckpoint: NodeJS.Timeout | null = null;

  /** (Re)starts the idle timer: the checkpoint runs once writes pause, not in the middle of a user's save. */
  private checkpointWhenIdle(): void {
    if (this.idleCheckpoint) {
      this.idleCheckpoint.refresh();
      return;
    }
    this.idleCheckpoint = setTimeout(() => {
      this.idleCheckpoint = null;
      // PASSIVE never waits: pages a reader still needs are copied at the next idle time.
      this.writer.pragma('wal_checkpoint(PASSIVE)');
    }, IDLE_CHECKPOINT_MS);
    this.idleCheckpoint.unref();
  }

  /**
   * A transaction with foreign keys not enforced, for applying pulled pages: head office guarantees
   * reference integrity, but after its change log is compacted a child row (an installment) can come
   * a page before its parent (a loan that changed later). JS runs this synchronously, so no other
   * write can slip in while enforcement is off.
   */
  transactionTrustingReferences<T>(fn: (w: WriteHandle) => T): T {
    this.writer.pragma('foreign_keys = OFF');
    try {
      return this.transaction(fn);
    } finally {
      this.writer.pragma('foreign_keys = ON');
    }
  }

  close(): void {
    if (this.idleCheckpoint) clearTimeout(this.idleCheckpoint);
    this.idleCheckpoint = null;
    this.writer.close();
  }
}
