// Prepared statements, once per connection and SQL text (preparing costs more than running a small statement).
import type Database from 'better-sqlite3';

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Database.Database, sqlText: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let stmt = cache.get(sqlText);
  if (!stmt) {
    stmt = db.prepare(sqlText);
    cache.set(sqlText, stmt);
  }
  return stmt;
}
