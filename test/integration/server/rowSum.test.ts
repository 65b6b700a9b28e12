// Head office's scope row sums: kept in the writing transactions (imports, pushed work, a loan moving to
// another branch, bulk seeds), they always equal the sum over the scope's rows as they are in the
// tables, and a scope without one (created before sums existed) gets it computed at its first pull.
import { describe, expect, it } from 'vitest';
import { importReferenceRows } from '../../../server/admin';
import { publishVersion } from '../../../server/publish';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import { bigIntToHash, hashRow, hashToHex, xorHash, ZERO_HASH } from '../../../shared/sync/rowHash';
import { branchScope } from '../../../shared/sync/protocol';
import { BRANCH_REFERENCE_TABLES, BRANCH_WORK_TABLES, GLOBAL_TABLES } from '../../../shared/sync/tables';
import { availableBackends } from '../../helpers/headOffice';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';

describe.each(availableBackends())('scope row sums on %s', (backend) => {
  const ho = useHeadOffice(backend);
  const [ws] = useEnrolledWorkstations(ho, ['sums']);

  /** The sum over the rows as they are in the tables now. */
  async function fromTables(scope: string): Promise<string> {
    let sum = ZERO_HASH;
    const tables = scope === 'global' ? GLOBAL_TABLES : [...BRANCH_REFERENCE_TABLES, ...BRANCH_WORK_TABLES];
    for (const table of tables) {
      const rows =
        scope === 'global'
          ? await ho.db.query<Record<string, unknown>>(`SELECT * FROM ${table}`)
          : await ho.db.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE branch_id = $1`, [scope.slice('branch:'.length)]);
      for (const row of rows) sum = xorHash(sum, hashRow(table, row, 'value'));
    }
    return hashToHex(sum);
  }
  const kept = async (scope: string) => {
    const [row] = await ho.db.query<{ row_sum: string | null }>('SELECT row_sum::text AS row_sum FROM scope_versions WHERE scope = $1', [scope]);
    return row?.row_sum === null || row?.row_sum === undefined ? null : hashToHex(bigIntToHash(row.row_sum));
  };

  it('follows imports, pushed work, published templates and a loan moving branch', async () => {
    const a = branchScope(ho.branchA);
    const b = branchScope(ho.branchB);
    expect(await kept(a)).toBe(await fromTables(a));
    for (let i = 0; i < 5; i++) ws.addNote(ho.users['officer1']!, ho.loanA, `note ${i}`);
    await ws.sync.syncNow();
    expect(await kept(a)).toBe(await fromTables(a));
    await publishVersion(ho.db, 'template', SHIPPED_TEMPLATES[0]!);
    expect(await kept('global')).toBe(await fromTables('global'));

    // The loan (not its schedule or notes) moves to branch B: out of A's sum, into B's.
    const [loan] = await ho.db.query<Record<string, unknown>>('SELECT * FROM loans WHERE id = $1', [ho.loanA]);
    await importReferenceRows(ho.db, 'loans', [{ ...loan, branch_id: ho.branchB, officer_id: ho.users['officer2'], collector_id: null }]);
    expect(await kept(a)).toBe(await fromTables(a));
    expect(await kept(b)).toBe(await fromTables(b));
  });

  it('computes a missing sum at the first pull, and the workstation agrees with it', async () => {
    const a = branchScope(ho.branchA);
    const before = await kept(a);
    await ho.db.query('UPDATE scope_versions SET row_sum = NULL WHERE scope = $1', [a]);
    await ws.sync.syncNow();
    expect(await kept(a)).toBe(before);
    expect(ws.sync.status().divergence).toMatchObject({ detected: 0, unresolved: [] });
  });
});
