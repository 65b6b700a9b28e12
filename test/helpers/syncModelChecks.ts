// What the sync model test requires at quiescence (every link healed, every device synced twice):
// each device holds exactly head office's rows of its branch and of 'global' (every synced table, row
// by row), nothing of the other branch, every outbox entry carries head office's final verdict for
// its (client, seq), each refusal is in the device's Sync inbox, and the row sums never cried wolf.
import { expect } from 'vitest';
import { divergenceStatus } from '../../db/local/rowSums';
import { answerRowId } from '../../shared/mutations/ddIds';
import { branchScope } from '../../shared/sync/protocol';
import { headOfficeScopeRows, workstationScopeRows, type ComparableRow } from './scopeRows';
import { checkCursors, type Device, type ModelRun } from './syncModel';

/** Heals every link and lets each device sync until it has had a successful round, twice over. */
export async function quiesce(run: ModelRun): Promise<void> {
  for (const d of run.devices) {
    d.proxy.setMode({ kind: 'pass' });
    d.partitioned = false;
  }
  // The first pass pushes everything left; the second pulls what the others pushed in the first.
  for (let pass = 0; pass < 2; pass++) {
    for (const d of run.devices) {
      let ok = false;
      // A connection dropped by the healing may still fail one round.
      for (let attempt = 0; attempt < 5 && !ok; attempt++) ok = await d.ws.sync.syncNow().then(() => true, () => false);
      expect(ok, `device ${d.index} syncs once healed`).toBe(true);
      checkCursors(run, d);
    }
  }
}

/** The rows that differ, named, so a failure shows them rather than two long lists. */
function differences(local: readonly ComparableRow[], headOffice: readonly ComparableRow[]) {
  const there = new Map(headOffice.map((r) => [r.id, r]));
  const here = new Map(local.map((r) => [r.id, r]));
  return {
    onlyOnDevice: local.filter((r) => !there.has(r.id)),
    onlyAtHeadOffice: headOffice.filter((r) => !here.has(r.id)),
    different: local
      .filter((r) => there.has(r.id) && (there.get(r.id)!.row_version !== r.row_version || there.get(r.id)!.content !== r.content))
      .map((r) => ({ device: r, headOffice: there.get(r.id) })),
  };
}

/** The verdicts each kind of work may get from head office, with the reasons a refusal may give. */
const ALLOWED: Record<string, Partial<Record<'applied' | 'rejected' | 'conflict', string[]>>> = {
  'loanNote.add': { applied: [] },
  'ddCase.open': { applied: [] },
  // Two PCs answered the same item since they last pulled: head office keeps the first to arrive.
  'ddAnswer.set': { applied: [], conflict: ['answer_changed'] },
  // A call after a dispute this PC had not pulled yet is refused at head office.
  'contact.log': { applied: [], rejected: ['contact_blocked'] },
  'contact.blocked': { applied: [] },
};

interface OutboxEntry {
  seq: number;
  mutationId: string;
  name: string;
  args: string;
  status: string;
  result: string | null;
}

export async function checkConverged(run: ModelRun): Promise<void> {
  const { ho } = run;
  const scopes = [branchScope(ho.branchA), branchScope(ho.branchB), 'global'];
  const atHeadOffice = new Map<string, Record<string, ComparableRow[]>>();
  for (const scope of scopes) atHeadOffice.set(scope, await headOfficeScopeRows(ho.db, scope));

  // Nothing applied twice: one log entry per mutation, whoever sent it and however often.
  expect(await ho.db.query('SELECT mutation_id FROM mutation_log GROUP BY mutation_id HAVING COUNT(*) > 1')).toEqual([]);

  for (const d of run.devices) {
    const own = branchScope(d.branch === 'B001' ? ho.branchA : ho.branchB);
    for (const scope of scopes) {
      const local = workstationScopeRows(d.ws.store, scope);
      const expected = atHeadOffice.get(scope) as Record<string, ComparableRow[]>;
      for (const table of Object.keys(expected)) {
        const want = scope === own || scope === 'global' ? (expected[table] as ComparableRow[]) : [];
        const label = `device ${d.index}, ${scope}, ${table}`;
        expect(differences(local[table] ?? [], want), label).toEqual({ onlyOnDevice: [], onlyAtHeadOffice: [], different: [] });
        expect(local[table], label).toEqual(want);
      }
    }
    expect(divergenceStatus(d.ws.store.read()), `device ${d.index}: row sums`).toMatchObject({ detected: 0, unresolved: [] });
    await checkVerdicts(run, d);
  }
}

async function checkVerdicts(run: ModelRun, d: Device): Promise<void> {
  const { ho, coverage } = run;
  const sql = d.ws.store.read().sql;
  const outbox = sql.prepare('SELECT seq, mutation_id AS mutationId, name, args, status, result FROM outbox ORDER BY seq').all() as OutboxEntry[];
  const where = (o: OutboxEntry) => `device ${d.index}, seq ${o.seq} (${o.name})`;

  // Every entry has head office's final verdict for its (client, seq), and head office has nothing more.
  const log = await ho.db.query<{ seq: number; mutation_id: string; status: string }>(
    'SELECT seq::int AS seq, mutation_id, status FROM mutation_log WHERE client_id = $1 ORDER BY seq',
    [d.ws.clientId],
  );
  expect(outbox.map((o) => ({ seq: o.seq, mutation_id: o.mutationId, status: o.status })), `device ${d.index}: outbox = mutation_log`).toEqual(log);

  for (const o of outbox) {
    const name = o.name.replace(/@\d+$/, '');
    const allowed = ALLOWED[name]?.[o.status as 'applied' | 'rejected' | 'conflict'];
    expect(allowed, `${where(o)}: ${o.status} is not a verdict it may get`).toBeDefined();
    const reason = (JSON.parse(o.result ?? '{}') as { reason?: { code?: string } | null }).reason;
    if (o.status !== 'applied') expect(allowed, `${where(o)}: refused for ${reason?.code}`).toContain(reason?.code);
    coverage.verdicts[`${name} ${o.status}`] = (coverage.verdicts[`${name} ${o.status}`] ?? 0) + 1;
  }

  // Each refusal is in this PC's Sync inbox, and the inbox holds no refusal head office did not make.
  const refused = outbox.filter((o) => o.status !== 'applied').map((o) => ({ mutation_id: o.mutationId, kind: o.status }));
  const inbox = sql.prepare("SELECT mutation_id, kind FROM sync_issues WHERE kind IN ('rejected', 'conflict')").all() as typeof refused;
  const byId = (a: { mutation_id: string }, b: { mutation_id: string }) => (a.mutation_id < b.mutation_id ? -1 : 1);
  expect(inbox.sort(byId), `device ${d.index}: Sync inbox`).toEqual(refused.sort(byId));

  // The effects: what was accepted is at head office, a refused call is nowhere.
  for (const o of outbox) {
    const args = JSON.parse(o.args) as { id?: string; caseId?: string; itemKey?: string };
    const name = o.name.replace(/@\d+$/, '');
    if (name === 'loanNote.add' || name === 'contact.log') {
      const table = name === 'loanNote.add' ? 'loan_notes' : 'contacts';
      const rows = await ho.db.query(`SELECT id FROM ${table} WHERE id = $1`, [args.id]);
      expect(rows, `${where(o)}: its row at head office`).toHaveLength(o.status === 'applied' ? 1 : 0);
    }
    if (name === 'ddAnswer.set' && o.status === 'applied') {
      const rows = await ho.db.query('SELECT id FROM form_responses WHERE id = $1', [answerRowId(args.caseId!, args.itemKey!)]);
      expect(rows, `${where(o)}: its answer at head office`).toHaveLength(1);
    }
  }
}
