// The read handle's view of the one connection: statements are prepared on it as usual, but one that
// would write is refused before it runs, and the methods that change the database or its settings are
// not there. So a function given only a ReadHandle still cannot write even by mistake, while reads share
// the writer's page cache — a second connection's cache is dropped whenever the file changes, and every
// page it then reads again is decrypted again.
import type Database from 'better-sqlite3';

/** Writes the read view refuses: whatever it is asked, these change the database or the connection. */
const REFUSED = new Set<PropertyKey>(['exec', 'transaction', 'backup', 'serialize', 'function', 'aggregate', 'table', 'loadExtension', 'close', 'defaultSafeIntegers', 'unsafeMode', 'rekey', 'key']);

export class ReadOnlyViolation extends Error {
  constructor(what: string) {
    super(`a read handle cannot write: ${what}`);
    this.name = 'ReadOnlyViolation';
  }
}

export function readOnlyView(db: Database.Database): Database.Database {
  const prepare = (sqlText: string): Database.Statement => {
    const stmt = db.prepare(sqlText);
    if (!stmt.readonly) throw new ReadOnlyViolation(sqlText.trim().slice(0, 120));
    return stmt;
  };
  // Reading a setting is a read; `name = value` changes one.
  const pragma = (source: string, options?: Database.PragmaOptions): unknown => {
    if (source.includes('=')) throw new ReadOnlyViolation(`PRAGMA ${source}`);
    return db.pragma(source, options);
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      if (prop === 'pragma') return pragma;
      if (REFUSED.has(prop)) return () => { throw new ReadOnlyViolation(String(prop)); };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
