// Re-runs pushed mutations authoritatively (DESIGN.md §7): the actor comes from head office's own
// registry (device -> branch, users table -> roles), the declared rows are read and locked here, the
// shared pure definition decides, and its writes land with server time and the device's branch.
//
// A push chunk's mutations run in seq order inside the caller's transaction, but their database work
// is batched, because round trips, not rows, are what a drain costs:
// - the chunk's users are read in one query and its declared rows in one locking query per table;
// - the row writes of consecutive mutations are sent as multi-row statements under ONE savepoint; if
//   any of them fails or finds a conflict, that savepoint is rolled back and the same mutations are
//   written again one by one, each under its own savepoint, exactly as a lone mutation would be, so
//   every refusal is attributed to the mutation that caused it and nothing of a refused one remains.
// A mutation that reads or writes a row an earlier mutation of the chunk wrote first flushes the
// pending writes and reads that row fresh, so it sees what it would have seen run alone. The one
// difference: row_version of such a row is stamped when the chunk records its changes (the last step,
// see push.ts), so within a chunk it still shows the version from before the chunk.
import { hasAnyRole } from '../../shared/auth/roles';
import { findMutation } from '../../shared/mutations/registry';
import {
  CONTACT_RULE_COLUMNS,
  CONTACT_STICKY_OUTCOMES,
  MutationRefused,
  declaredPolicies,
  OWNED_TABLES,
  OWNER_COLUMN,
  READABLE_TABLES,
  WRITABLE_TABLES,
  rowKey,
  type Actor,
  type MutationDef,
  type OwnedRef,
  type Row,
  type RowRef,
  type RowWrite,
} from '../../shared/mutations/types';
import { branchScope, type PushMutation } from '../../shared/sync/protocol';
import { GLOBAL_TABLES, isAppendOnlyTable } from '../../shared/sync/tables';
import type { Queryable } from '../db';
import { isPermanentDataError } from '../errors';
import { verifyChangeSignature } from '../signingKeys';
import { logSecurityEvent } from '../security';
import { checkWrite, ident, tableInfo, toBranchShape, writeBatch, writeRow, type WriteMeta } from './rows';
import type { ChangeRef } from './versions';
import { loadBranchFacts, loadPolicies } from '../policies';
import type { BranchFacts, PolicyKind, ResolvedPolicy } from '../../shared/domain/policies';

export type Outcome =
  | { status: 'applied' }
  | { status: 'rejected' | 'conflict'; reason: { code: string; message: string } };

const NOTHING_STALE: ReadonlySet<string> = new Set();

const rejected = (code: string, message: string): Outcome => ({ status: 'rejected', reason: { code, message } });

export interface MutationContext {
  deviceId: string;
  branchId: string;
  /** The pushing client: rows it wrote last are not stale for it (drafts merge against others' writes). */
  clientId: string;
  now: Date;
  /** Whether head office holds a verified attachment file (absent: not checked, e.g. in admin tools). */
  blobStored?: (sha256: string) => Promise<boolean>;
}

interface UserRow {
  id: string;
  roles: unknown;
  active: boolean;
  signing_public_key: string | null;
}

interface Prepared {
  index: number;
  m: PushMutation;
  def: MutationDef<unknown, unknown>;
  args: unknown;
  actor: Actor;
  refs: RowRef[];
  owned: OwnedRef[];
}

interface Pending {
  p: Prepared;
  writes: RowWrite[];
}

const isReadable = (table: string) => (READABLE_TABLES as readonly string[]).includes(table);
const isOwned = (table: string) => (OWNED_TABLES as readonly string[]).includes(table);
/** Templates, policies, models: head office's own rows, read by every branch, written by none. */
const isGlobal = (table: string) => (GLOBAL_TABLES as readonly string[]).includes(table);
const isWritable = (table: string) => (WRITABLE_TABLES as readonly string[]).includes(table);
// PostgreSQL text cannot hold NUL: no row has such an id, and binding one aborts the transaction. Such
// ids stay out of the batched queries; their mutation reads alone under a savepoint, as it always did.
const bindable = (id: string) => !id.includes('\u0000');

/**
 * Runs the chunk's new mutations in order and returns each one's outcome, plus the rows the applied
 * ones wrote, in mutation order, for the caller to record in the change log as its last step.
 */
export async function runMutations(
  tx: Queryable,
  ctx: MutationContext,
  mutations: readonly PushMutation[],
): Promise<{ outcomes: Outcome[]; changes: ChangeRef[] }> {
  return new ChunkRun(tx, ctx).run(mutations);
}

class ChunkRun {
  private readonly outcomes: Outcome[] = [];
  private readonly changes: ChangeRef[] = [];
  /** Declared rows read up front, by rowKey; a key absent here but looked up means: no such live row. */
  private prefetched = new Map<string, Row>();
  /** Keys written (or about to be) by earlier mutations of this chunk: reading them needs a fresh read. */
  private readonly written = new Set<string>();
  private pending: Pending[] = [];
  private pendingKeys = new Set<string>();
  private readonly meta: Omit<WriteMeta, 'userId'>;
  private branch: BranchFacts = { id: '', code: '', timeZone: '' };
  private policies = new Map<PolicyKind, ResolvedPolicy<PolicyKind>>();

  constructor(
    private readonly tx: Queryable,
    private readonly ctx: MutationContext,
  ) {
    this.meta = { branchId: ctx.branchId, now: ctx.now.toISOString() };
  }

  async run(mutations: readonly PushMutation[]): Promise<{ outcomes: Outcome[]; changes: ChangeRef[] }> {
    const users = await this.loadUsers(mutations.map((m) => m.userId));
    const prepared: Prepared[] = [];
    mutations.forEach((m, index) => {
      const p = this.prepare(index, m, users);
      if ('status' in p) this.outcomes[index] = p;
      else prepared.push(p);
    });
    await this.prefetch(prepared);
    // The policies the chunk's mutations declared, once per chunk (none declared: no query).
    this.policies = await loadPolicies(this.tx, this.branch, prepared.flatMap((p) => p.def.policies ?? []), this.ctx.now);
    for (const p of prepared) await this.runOne(p);
    await this.flush();
    return { outcomes: this.outcomes, changes: this.changes };
  }

  /**
   * The chunk's users of this branch and the branch's own facts (its zone, its code for the contact
   * profile), in one query; a user of another branch is simply not found.
   */
  private async loadUsers(ids: readonly string[]): Promise<Map<string, UserRow>> {
    const wanted = [...new Set(ids)].filter(bindable);
    const rows = await this.tx.query<UserRow & { branch_code: string; branch_time_zone: string }>(
      `SELECT u.id, u.roles, u.active, u.signing_public_key, b.code AS branch_code, b.time_zone AS branch_time_zone
         FROM branches b LEFT JOIN users u ON u.id = ANY($1::text[]) AND u.branch_id = b.id AND u.deleted_at IS NULL
        WHERE b.id = $2`,
      [wanted, this.ctx.branchId],
    );
    const [first] = rows;
    this.branch = first ? { id: this.ctx.branchId, code: first.branch_code, timeZone: first.branch_time_zone } : await loadBranchFacts(this.tx, this.ctx.branchId);
    return new Map(rows.filter((u) => u.id !== null).map((u) => [u.id, u]));
  }

  /**
   * The pure checks: known mutation, valid args, an active user of this branch who signed exactly this
   * change of this client with their current key, and whose role may run it.
   */
  private prepare(index: number, m: PushMutation, users: Map<string, UserRow>): Prepared | Outcome {
    const def = findMutation(m.name);
    if (!def) return rejected('unknown_mutation', `head office does not know the mutation ${m.name}`);
    const parsed = def.args.safeParse(m.args);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ');
      return rejected('invalid_args', `invalid arguments for ${m.name}: ${detail}`);
    }
    const user = users.get(m.userId);
    if (!user || !user.active) return rejected('unknown_user', `user ${m.userId} is not an active user of this device's branch`);
    // Who did it is what the signature proves, not what the device says: a forged, replayed (another
    // client or seq) or re-keyed user's change is refused, so maker-checker rests on verified people.
    if (!user.signing_public_key) return rejected('no_signing_key', `user ${m.userId} has no signing key yet; an administrator must set their password`);
    if (!verifyChangeSignature(user.signing_public_key, { ...m, clientId: this.ctx.clientId }, m.signature)) {
      return rejected('bad_signature', `this change is not signed by ${m.userId}'s current key; it was not applied`);
    }
    const roles = Array.isArray(user.roles) ? user.roles.filter((r): r is string => typeof r === 'string') : [];
    if (!hasAnyRole(roles, def.roles)) return rejected('forbidden_role', `user ${m.userId} may not run ${m.name}`);
    const actor: Actor = { userId: user.id, branchId: this.ctx.branchId, roles: roles as Actor['roles'], deviceId: this.ctx.deviceId };
    return { index, m, def, args: parsed.data, actor, refs: def.reads(parsed.data), owned: def.readsOwned?.(parsed.data) ?? [] };
  }

  /**
   * Reads and locks every declared row of the chunk, one query per table, tables and ids in a fixed
   * order so two chunks locking the same rows take them in the same order. Rows the mutations may
   * write are locked for update; reference rows only against change (a loan moving branch
   * mid-mutation), so notes on one loan from many devices do not queue behind each other.
   */
  private async prefetch(prepared: readonly Prepared[]): Promise<void> {
    const byTable = new Map<string, Set<string>>();
    for (const p of prepared) {
      for (const ref of p.refs) {
        if (!isReadable(ref.table) || !bindable(ref.id)) continue;
        let ids = byTable.get(ref.table);
        if (!ids) byTable.set(ref.table, (ids = new Set()));
        ids.add(ref.id);
      }
    }
    for (const table of [...byTable.keys()].sort()) {
      const ids = [...(byTable.get(table) as Set<string>)].sort();
      const lock = isWritable(table) ? 'FOR UPDATE' : 'FOR SHARE';
      const rows = await this.tx.query<Row>(
        `SELECT * FROM ${ident(tableInfo(table).name)} WHERE id = ANY($1::text[]) AND deleted_at IS NULL ORDER BY id ${lock}`,
        [ids],
      );
      for (const row of rows) this.prefetched.set(rowKey(table, String(row['id'])), row);
    }
  }

  private async runOne(p: Prepared): Promise<void> {
    // A whole child set cannot be tracked row by row: read it, and everything else, after a flush.
    const fresh = p.owned.length > 0 || p.refs.some((ref) => this.written.has(rowKey(ref.table, ref.id)) || !bindable(ref.id));
    // What earlier mutations of the chunk wrote must be in the database before this one reads it.
    if (fresh) await this.flush();
    const read = await this.readRefs(p, fresh);
    if (!(read instanceof Map)) return this.settle(p, read);
    let writes: RowWrite[];
    try {
      const stale = await this.staleKeys(p, read);
      const policy = declaredPolicies(p.def, (kind) => this.policies.get(kind)?.value);
      const input = { args: p.args, actor: p.actor, rows: read, now: this.meta.now, stale, timeZone: this.branch.timeZone, policy };
      writes = p.def.apply(input).writes;
      const missing = await this.missingBlobs(p.def.blobsNeeded?.(input) ?? []);
      if (missing.length > 0) {
        return this.settle(p, rejected('evidence_missing', `head office has not received the files ${missing.map((s) => s.slice(0, 12)).join(', ')}; attach them again and resubmit`));
      }
    } catch (err) {
      // apply() is pure: an exception will recur on every retry, so it is a rejection, not a retry.
      const refused = err instanceof MutationRefused ? err : new MutationRefused('DOMAIN_RULE', 'mutation_error', `${p.m.name} failed: ${String(err)}`);
      return this.settle(p, refusal(refused));
    }
    if (writes.length === 0) return this.settle(p, { status: 'applied' });
    const keys = writes.map((w) => rowKey(w.table, w.id));
    for (const k of keys) this.written.add(k);
    if (!writes.every((w) => checkWrite(w) === null)) {
      // Refused by the write checks: run it alone, the way the refusal has always been decided.
      await this.flush();
      return this.writeAlone({ p, writes });
    }
    // Two pending writes of one row would meet in one statement; keep them in mutation order instead.
    if (keys.some((k) => this.pendingKeys.has(k))) await this.flush();
    this.pending.push({ p, writes });
    for (const k of keys) this.pendingKeys.add(k);
  }

  private async missingBlobs(digests: readonly string[]): Promise<string[]> {
    const check = this.ctx.blobStored;
    if (!check || digests.length === 0) return [];
    const missing: string[] = [];
    for (const sha of new Set(digests)) if (!(await check(sha))) missing.push(sha);
    return missing;
  }

  /**
   * Rows the client read at an older version that someone else has written since: another client or
   * head office wrote them last (change_log.client_id). The client's own later writes are not stale
   * for it, even before it pulled them back.
   */
  private async staleKeys(p: Prepared, read: ReadonlyMap<string, Row>): Promise<ReadonlySet<string>> {
    const newer: { table: string; id: string; key: string }[] = [];
    for (const [key, row] of read) {
      const table = key.slice(0, key.indexOf(':'));
      // Only branch work can be edited on two sides; reference rows (a loan, a user) are head office's
      // alone, so they are never stale in this sense — and skipping them saves a query per mutation.
      if (!isWritable(table)) continue;
      // Append-only rows (a loan's contacts) are never edited anywhere, so never stale.
      if (isAppendOnlyTable(table)) continue;
      if (Number(row['row_version'] ?? 0) > (p.m.baseVersions[key] ?? 0)) newer.push({ table, id: String(row['id']), key });
    }
    if (newer.length === 0) return NOTHING_STALE;
    const writers = await this.tx.query<{ table_name: string; row_id: string; client_id: string | null }>(
      `SELECT table_name, row_id, client_id FROM change_log
       WHERE scope = $1 AND (table_name, row_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [branchScope(this.ctx.branchId), newer.map((n) => n.table), newer.map((n) => n.id)],
    );
    const lastWriter = new Map(writers.map((w) => [rowKey(w.table_name, w.row_id), w.client_id]));
    return new Set(newer.filter((n) => lastWriter.get(n.key) !== this.ctx.clientId).map((n) => n.key));
  }

  private settle(p: Prepared, outcome: Outcome, writes: readonly RowWrite[] = []): void {
    this.outcomes[p.index] = outcome;
    if (outcome.status !== 'applied') return;
    for (const w of writes) this.changes.push({ table: w.table, id: w.id, op: 'upsert' });
  }

  /** The mutation's declared rows, or its refusal (a table it may not read, a row of another branch). */
  private async readRefs(p: Prepared, fresh: boolean): Promise<Map<string, Row> | Outcome> {
    const got = fresh ? await this.readFresh(p) : this.readPrefetched(p);
    if (!('foreign' in got)) return got;
    const { ref, row } = got.foreign;
    return refuseForeignRow(this.tx, this.ctx, p.m, ref.table, ref.id, String(row['branch_id']));
  }

  private readPrefetched(p: Prepared): ReadResult {
    return collect(p.refs, this.ctx.branchId, (ref) => this.prefetched.get(rowKey(ref.table, ref.id)));
  }

  /** Reads the rows now, each alone, under a savepoint: a data error from an id refuses this mutation only. */
  private async readFresh(p: Prepared): Promise<ReadResult> {
    const rows = new Map<string, Row | undefined>();
    const children: Row[][] = [];
    await this.tx.query('SAVEPOINT read_rows');
    try {
      for (const ref of p.refs) {
        if (!isReadable(ref.table)) break; // collect() refuses it, in its place among the refs
        const row = await readOne(this.tx, ref.table, ref.id);
        rows.set(rowKey(ref.table, ref.id), row);
        if (row && row['branch_id'] !== this.ctx.branchId && !isGlobal(ref.table)) break;
      }
      for (const ref of p.owned) {
        // Keeps children[i] beside p.owned[i]: a ref that cannot name a row reads nothing.
        const readable = isOwned(ref.table) && bindable('toNumber' in ref ? ref.toNumber : ref.ownerId);
        children.push(readable ? await readOwned(this.tx, ref, this.ctx.branchId) : []);
      }
    } catch (err) {
      const outcome = dataErrorOutcome(p, err);
      await undo(this.tx, 'read_rows');
      return outcome;
    }
    await this.tx.query('RELEASE SAVEPOINT read_rows');
    const got = collect(p.refs, this.ctx.branchId, (ref) => rows.get(rowKey(ref.table, ref.id)));
    if (!(got instanceof Map)) return got;
    p.owned.forEach((ref, i) => {
      const info = tableInfo(ref.table);
      for (const row of children[i] ?? []) got.set(rowKey(ref.table, String(row['id'])), toBranchShape(info, row));
    });
    return got;
  }

  /**
   * Sends the pending mutations' writes: consecutive inserts of one table and column set become one
   * multi-row statement, everything under one savepoint. Any conflict or failed statement rolls the
   * savepoint back and the same mutations are written one by one instead, each deciding alone.
   */
  private async flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.pendingKeys = new Set();
    await this.tx.query('SAVEPOINT push_writes');
    let ok: boolean;
    try {
      ok = await writeBatch(this.tx, batch.map((item) => ({ writes: item.writes, userId: item.p.actor.userId })), this.meta);
    } catch (err) {
      if (!isPermanentDataError(err)) throw err;
      ok = false;
    }
    if (ok) {
      await this.tx.query('RELEASE SAVEPOINT push_writes');
      for (const item of batch) this.settle(item.p, { status: 'applied' }, item.writes);
      return;
    }
    await undo(this.tx, 'push_writes');
    for (const item of batch) await this.writeAlone(item);
  }

  /** One mutation's writes under its own savepoint: all of them land, or none and the reason is kept. */
  private async writeAlone({ p, writes }: Pending): Promise<void> {
    await this.tx.query('SAVEPOINT run_mutation');
    try {
      for (const w of writes) await writeRow(this.tx, w, { ...this.meta, userId: p.actor.userId });
      await this.tx.query('RELEASE SAVEPOINT run_mutation');
      this.settle(p, { status: 'applied' }, writes);
    } catch (err) {
      if (!(err instanceof MutationRefused) && !isPermanentDataError(err)) throw err;
      // A constraint or type error from the writes recurs on every retry; the savepoint clears the
      // aborted state so the refusal itself can still be stored.
      await undo(this.tx, 'run_mutation');
      this.settle(p, err instanceof MutationRefused ? refusal(err) : dataErrorOutcome(p, err));
    }
  }
}

type ReadResult = Map<string, Row> | Outcome | { foreign: { ref: RowRef; row: Row } };

/** The declared rows in declaration order as apply() sees them; stops at an unreadable table or a foreign row. */
function collect(refs: readonly RowRef[], branchId: string, get: (ref: RowRef) => Row | undefined): ReadResult {
  const rows = new Map<string, Row>();
  for (const ref of refs) {
    if (!isReadable(ref.table)) return refusal(new MutationRefused('DOMAIN_RULE', 'invalid_read', `cannot read ${ref.table}`));
    const row = get(ref);
    if (!row) continue;
    if (row['branch_id'] !== branchId && !isGlobal(ref.table)) return { foreign: { ref, row } };
    rows.set(rowKey(ref.table, ref.id), toBranchShape(tableInfo(ref.table), row));
  }
  return rows;
}

/**
 * Rolls back to a savepoint and drops it: a savepoint left open nests every later one inside it, and
 * a transaction with many open subtransactions slows every snapshot in the server.
 */
async function undo(tx: Queryable, savepoint: string): Promise<void> {
  await tx.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
  await tx.query(`RELEASE SAVEPOINT ${savepoint}`);
}

function refusal(err: MutationRefused): Outcome {
  return { status: err.code === 'CONFLICT' ? 'conflict' : 'rejected', reason: { code: err.rule, message: err.message } };
}

function dataErrorOutcome(p: Prepared, err: unknown): Outcome {
  if (!isPermanentDataError(err)) throw err;
  return rejected('invalid_write', `${p.m.name} could not be stored: ${(err as Error).message}`);
}

/** A case's answers or files, a loan's contacts: this branch's live rows of the owner, locked like any row a mutation may write. */
async function readOwned(tx: Queryable, ref: OwnedRef, branchId: string): Promise<Row[]> {
  if ('toNumber' in ref) {
    // The same calls to a number as the branch reads (db/local/writePath.ts readOwnedRows).
    return tx.query<Row>(
      `SELECT ${RULE_COLUMNS} FROM contacts WHERE address_used = $1 AND branch_id = $2 AND started_at >= $3 AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
      [ref.toNumber, branchId, ref.since],
    );
  }
  if (ref.window) {
    // The same window of a loan's contacts as the branch reads (db/local/writePath.ts readContactWindow).
    const sticky = [...CONTACT_STICKY_OUTCOMES.invalidNumber, ...CONTACT_STICKY_OUTCOMES.hold];
    return tx.query<Row>(
      `SELECT ${RULE_COLUMNS} FROM contacts WHERE loan_id = $1 AND branch_id = $2 AND deleted_at IS NULL
         AND (outcome = ANY($4::text[]) OR started_at >= LEAST($3::text, COALESCE(
           (SELECT started_at FROM contacts WHERE loan_id = $1 AND branch_id = $2 ORDER BY started_at DESC LIMIT 1 OFFSET $5::int - 1), $3::text)))
       ORDER BY id FOR UPDATE`,
      [ref.ownerId, branchId, ref.window.since, sticky, ref.window.latest],
    );
  }
  return tx.query<Row>(
    `SELECT * FROM ${ident(tableInfo(ref.table).name)} WHERE ${ident(OWNER_COLUMN[ref.table])} = $1 AND branch_id = $2 AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
    [ref.ownerId, branchId],
  );
}

const RULE_COLUMNS = CONTACT_RULE_COLUMNS.join(', ');

async function readOne(tx: Queryable, table: string, id: string): Promise<Row | undefined> {
  const lock = isWritable(table) ? 'FOR UPDATE' : 'FOR SHARE';
  const [row] = await tx.query<Row>(`SELECT * FROM ${ident(tableInfo(table).name)} WHERE id = $1 AND deleted_at IS NULL ${lock}`, [id]);
  return row;
}

/**
 * A declared row belongs to another branch. If it left this branch's scope (a loan moved branch),
 * the branch's pending edit is a conflict the user sees (DESIGN.md §7); otherwise the device asked
 * for a row it never had, which is refused and logged for review.
 */
async function refuseForeignRow(
  tx: Queryable,
  ctx: MutationContext,
  m: PushMutation,
  table: string,
  id: string,
  rowBranch: string,
): Promise<Outcome> {
  const [moved] = await tx.query(
    `SELECT 1 FROM change_log WHERE scope = $1 AND table_name = $2 AND row_id = $3 AND op = 'remove'`,
    [branchScope(ctx.branchId), table, id],
  );
  if (moved) {
    return { status: 'conflict', reason: { code: 'moved_branch', message: `${table} ${id} has moved to another branch` } };
  }
  await logSecurityEvent(tx, {
    at: ctx.now,
    deviceId: ctx.deviceId,
    kind: 'forbidden_branch',
    detail: { mutation: m.name, mutationId: m.mutationId, table, rowId: id, rowBranch, deviceBranch: ctx.branchId },
  });
  return rejected('forbidden_branch', `${table} ${id} belongs to another branch`);
}
