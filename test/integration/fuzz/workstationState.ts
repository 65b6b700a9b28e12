// What a refused call must leave alone on a workstation: every table of its SQLite file and the files
// of its blob store. Cheap between calls — SQLite's total_changes() on the store's one connection says
// whether anything was written (even if rolled back) — and exact when it was: each table hashed row by row.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LocalStore } from '../../../db/local/store';
import { computeRowSum, storedRowSum } from '../../../db/local/rowSums';
import { hashToHex } from '../../../shared/sync/rowHash';

export class WorkstationState {
  private version = -1;
  private tables = new Map<string, string>();
  private blobs = '';

  constructor(
    private readonly store: LocalStore,
    private readonly dataDir: string,
  ) {
    this.changed();
  }

  private dataVersion(): number {
    return (this.store.read().sql.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  private hashTables(): Map<string, string> {
    const sql = this.store.read().sql;
    const names = sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    const out = new Map<string, string>();
    for (const { name } of names) {
      const h = createHash('sha256');
      for (const row of sql.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate()) h.update(JSON.stringify(row)).update('\n');
      out.set(name, h.digest('hex'));
    }
    return out;
  }

  private listBlobs(): string {
    const root = path.join(this.dataDir, 'blobs');
    if (!fs.existsSync(root)) return '';
    const entries = fs.readdirSync(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => {
        const file = path.join(e.parentPath, e.name);
        return `${path.relative(root, file)}:${fs.statSync(file).size}`;
      })
      .sort()
      .join('\n');
  }

  /** What changed since the last call: table names, and 'blobs/' when the blob store's files did. */
  changed(): string[] {
    const out: string[] = [];
    const blobs = this.listBlobs();
    if (blobs !== this.blobs) out.push('blobs/');
    this.blobs = blobs;
    const version = this.dataVersion();
    if (version === this.version) return out;
    this.version = version;
    const tables = this.hashTables();
    for (const [name, hash] of tables) if (this.tables.get(name) !== hash) out.push(name);
    for (const name of this.tables.keys()) if (!tables.has(name)) out.push(name);
    this.tables = tables;
    return out;
  }

  /** Scopes whose kept row sum differs from one computed from every row (a write that bypassed the write path). */
  rowSumDrift(): string[] {
    const r = this.store.read();
    const scopes = (r.sql.prepare("SELECT key FROM sync_state WHERE key LIKE 'rowsum:%'").all() as { key: string }[]).map((k) => k.key.slice('rowsum:'.length));
    return scopes.filter((scope) => {
      const kept = storedRowSum(r, scope);
      return !kept || hashToHex(kept) !== hashToHex(computeRowSum(r, scope));
    });
  }
}
