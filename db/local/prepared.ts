// Prepared statements, once per connection and SQL text (preparing costs more than running a small statement).
import type Database from 'better-sqlite3';

/** A value made once per connection and key (a connection's statements, a table's columns). */
export function perConnection<V>(): (db: Database.Database, key: string, make: () => V) => V {
  const caches = new WeakMap<Database.Database, Map<string, V>>();
  return (db, key, make) => {
    let cache = caches.get(db);
    if (!cache) {
      cache = new Map();
      caches.set(db, cache);
    }
    let value = cache.get(key);
    if (value === undefined) {
      value = make();
      cache.set(key, value);
    }
    return value;
  };
}

const statements = perConnection<Database.Statement>();

export function prepared(db: Database.Database, sqlText: string): Database.Statement {
  return statements(db, sqlText, () => db.prepare(sqlText));
}
