// Anti-entropy cost on a bootstrapped workstation: the scope's row sum computed from every local row
// and compared with head office's (done at start, hourly and after a mismatch), beside its floor — the
// same rows read from SQLite with nothing done to them.
import { computeRowSum } from '../../db/local/rowSums';
import type { LocalStore } from '../../db/local/store';
import { BRANCH_REFERENCE_TABLES, BRANCH_WORK_TABLES } from '../../shared/sync/tables';
import { bigIntToHash, hashToHex } from '../../shared/sync/rowHash';
import type { CentralDb } from '../../server/db';
import type { Emit } from './sync';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function benchChecksumVerify(emit: Emit, db: CentralDb, store: LocalStore, scope: string, rows: number): Promise<void> {
  const [state] = await db.query<{ row_sum: string }>('SELECT row_sum::text AS row_sum FROM scope_versions WHERE scope = $1', [scope]);
  const headOffice = hashToHex(bigIntToHash(state?.row_sum ?? '0'));
  const verify: number[] = [];
  let matched = false;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    matched = hashToHex(computeRowSum(store.read(), scope)) === headOffice;
    verify.push(performance.now() - t);
  }
  const branchId = scope.slice('branch:'.length);
  const floor: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    let n = 0;
    for (const table of [...BRANCH_REFERENCE_TABLES, ...BRANCH_WORK_TABLES]) {
      const stmt = store.read().sql.prepare(`SELECT * FROM ${table} WHERE branch_id = ?`).raw(true);
      for (const row of stmt.iterate(branchId) as IterableIterator<unknown[]>) n += row.length;
    }
    if (n === 0) throw new Error('nothing read');
    floor.push(performance.now() - t);
  }
  if (!matched) throw new Error('the bootstrapped workstation does not match head office');
  emit('sync.checksum.verify_ms', median(verify), 'ms', { rows, matched, runs: verify.length, target: '< 500' });
  emit('sync.checksum.floor_read_ms', median(floor), 'ms', { rows, what: 'the same rows read from SQLite (raw rows, no hashing)' });
}
