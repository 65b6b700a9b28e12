// Prepared statements, once per connection and SQL text (preparing costs more than running a small statement).
import type Database from 'better-sqlite3';

/**
 * A value made once per connection and key (a connection's statements, a table's columns) by `make`,
 * which is given the connection and key so callers on hot paths pass one function, not a new closure.
 */
export function perConnection<V>(make: (db: Database.Database, key: string) => V): (db: Database.Database, key: string) => V {
  const caches = new WeakMap<Database.Database, Map<string, V>>();
  return (db, key) => {
    let cache = caches.get(db);
    if (!cache) {
      cache = new Map();
      caches.set(db, cache);
    }
    let value = cache.get(key);
    if (value === undefined) {
      value = make(db, key);
      cache.set(key, value);
    }
    return value;
  };
}

export const prepared: (db: Database.Database, sqlText: string) => Database.Statement = perConnection((db, sqlText) => db.prepare(sqlText));
