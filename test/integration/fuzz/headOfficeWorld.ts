// A head office with fixed ids and a fixed clock, so that two of them given the same pushes end with the
// same rows: the fuzzed one, and a clean one that receives only the pushes the first applied. Two
// branches (A is the fuzzing device's, B another), staff of every role with their own signing keys, a
// borrower with a phone number and a loan each, the shipped checklist templates.
import type { KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import { buildSchedule } from '../../../shared/domain/schedule';
import type { PushMutation } from '../../../shared/sync/protocol';
import { BRANCH_WORK_TABLES } from '../../../shared/sync/tables';
import { openSigningKey, signChange } from '../../../main/services/signing';
import { createEnrollmentCode, importReferenceRows } from '../../../server/admin';
import { buildServer } from '../../../server/app';
import { enrollDevice } from '../../../server/auth';
import type { CentralDb } from '../../../server/db';
import { hashPassword } from '../../../server/passwords';
import { publishVersion } from '../../../server/publish';
import { newSigningKey } from '../../../server/signingKeys';
import { STAFF_PASSWORD, tempDir } from '../../helpers/fixtures';
import { FUZZ_NOW } from './gen';

export const NOW = new Date(FUZZ_NOW);
export const IDS = {
  branchA: '0193a000-0000-7000-8000-00000000000a',
  branchB: '0193a000-0000-7000-8000-00000000000b',
  customerA: '0193a000-0000-7000-8000-0000000000c1',
  customerB: '0193a000-0000-7000-8000-0000000000c2',
  loanA: '0193a000-0000-7000-8000-0000000000d1',
  loanB: '0193a000-0000-7000-8000-0000000000d2',
} as const;
export const PHONE = '13800001234';

/** Staff by name: branch A has every role (and two collectors), branch B an officer. */
export const STAFF = {
  officerA: { id: '0193a000-0000-7000-8000-000000000101', branch: IDS.branchA, roles: ['officer'] },
  inspectorA: { id: '0193a000-0000-7000-8000-000000000102', branch: IDS.branchA, roles: ['inspector'] },
  collectorA: { id: '0193a000-0000-7000-8000-000000000103', branch: IDS.branchA, roles: ['collector'] },
  collector2A: { id: '0193a000-0000-7000-8000-000000000104', branch: IDS.branchA, roles: ['collector'] },
  supervisorA: { id: '0193a000-0000-7000-8000-000000000105', branch: IDS.branchA, roles: ['supervisor'] },
  adminA: { id: '0193a000-0000-7000-8000-000000000106', branch: IDS.branchA, roles: ['admin'] },
  officerB: { id: '0193a000-0000-7000-8000-000000000201', branch: IDS.branchB, roles: ['officer'] },
} as const;
export type StaffName = keyof typeof STAFF;

interface Keys {
  hash: string;
  sealed: Record<string, { publicKey: string; sealed: string }>;
  opened: Map<string, KeyObject>;
}
let keys: Keys | undefined;

/** Each user's own key pair (made once per process: sealing is slow on purpose), opened as their PC would. */
function staffKeys(): Keys {
  if (keys) return keys;
  const sealed: Keys['sealed'] = {};
  const opened = new Map<string, KeyObject>();
  for (const s of Object.values(STAFF)) {
    const k = newSigningKey(STAFF_PASSWORD);
    sealed[s.id] = k;
    opened.set(s.id, openSigningKey(k.sealed, STAFF_PASSWORD) as KeyObject);
  }
  keys = { hash: hashPassword(STAFF_PASSWORD), sealed, opened };
  return keys;
}

/** The change signed by `signer`'s key for `clientId` (what the user's workstation would send). */
export function signAs(signer: string, clientId: string, m: Omit<PushMutation, 'signature'>): PushMutation {
  const key = staffKeys().opened.get(signer);
  if (!key) return { ...m, signature: null };
  return { ...m, signature: signChange(key, { ...m, clientId }) };
}

export interface World {
  db: CentralDb;
  app: FastifyInstance;
  templateIds: string[];
  /** Device tokens of branch A and branch B. */
  tokenA: string;
  tokenB: string;
  close(): Promise<void>;
}

export async function openWorld(db: CentralDb): Promise<World> {
  const k = staffKeys();
  const opts = { now: NOW };
  await importReferenceRows(db, 'branches', [
    { id: IDS.branchA, branch_id: IDS.branchA, code: 'FZA', name_zh: '模糊甲', name_en: 'Fuzz A', time_zone: 'Asia/Shanghai' },
    { id: IDS.branchB, branch_id: IDS.branchB, code: 'FZB', name_zh: '模糊乙', name_en: 'Fuzz B', time_zone: 'Asia/Shanghai' },
  ], opts);
  await importReferenceRows(
    db,
    'users',
    Object.entries(STAFF).map(([name, s]) => ({
      id: s.id, branch_id: s.branch, username: name, display_name: name, roles: [...s.roles], password_hash: k.hash, active: true,
      signing_public_key: k.sealed[s.id]?.publicKey, signing_key_sealed: k.sealed[s.id]?.sealed,
    })),
    opts,
  );
  const contactPoints = [{ kind: 'mobile', value: PHONE, party: 'borrower', name: '张三' }];
  await importReferenceRows(db, 'customers', [
    { id: IDS.customerA, branch_id: IDS.branchA, customer_no: 'FZ-C1', name: '张三', type: 'individual', segment: 'retail', phone: PHONE, contact_points: contactPoints },
    { id: IDS.customerB, branch_id: IDS.branchB, customer_no: 'FZ-C2', name: '李四', type: 'individual', segment: 'retail', phone: '13900005678', contact_points: [] },
  ], opts);
  const terms = { principal: 5_000_000, annualRate: '4.35', termMonths: 12, method: 'equal_installment' as const, firstDueDate: '2026-03-10' };
  const loan = (id: string, branch: string, customer: string, officer: string, collector: string | null, no: string) => ({
    id, branch_id: branch, loan_no: no, customer_id: customer, product: 'consumer_credit', purpose: 'consumer', principal: terms.principal,
    annual_rate: terms.annualRate, term_months: 12, method: terms.method, rounding: 'half_up', disbursed_on: '2026-02-10',
    first_due_date: terms.firstDueDate, maturity_date: '2027-02-10', officer_id: officer, collector_id: collector, risk_grade: 'low',
    five_class: 'normal', status: 'active',
  });
  await importReferenceRows(db, 'loans', [
    loan(IDS.loanA, IDS.branchA, IDS.customerA, STAFF.officerA.id, STAFF.collectorA.id, 'FZ-A-1'),
    loan(IDS.loanB, IDS.branchB, IDS.customerB, STAFF.officerB.id, null, 'FZ-B-1'),
  ], opts);
  await importReferenceRows(
    db,
    'installments',
    buildSchedule(terms).map((r) => ({
      id: `${IDS.loanA}-i${r.seq}`, branch_id: IDS.branchA, loan_id: IDS.loanA, seq: r.seq, due_date: r.dueDate, principal_due: r.principal, interest_due: r.interest,
    })),
    opts,
  );
  const templateIds: string[] = [];
  for (const t of SHIPPED_TEMPLATES) templateIds.push((await publishVersion(db, 'template', t, NOW)).id);
  const token = async (code: string) => {
    const enrollment = await createEnrollmentCode(db, { branchCode: code }, NOW);
    return (await enrollDevice(db, { code: enrollment.code, deviceName: `fuzz-${code}`, now: NOW })).deviceToken;
  };
  const tokenA = await token('FZA');
  const tokenB = await token('FZB');
  const app = buildServer({ db, now: () => NOW, blobDir: tempDir('fuzz-blobs-') });
  await app.ready();
  return {
    db,
    app,
    templateIds,
    tokenA,
    tokenB,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export async function push(world: World, token: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await world.app.inject({ method: 'POST', url: '/sync/push', payload: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  let parsed: unknown;
  try {
    parsed = res.json();
  } catch {
    parsed = res.body;
  }
  return { status: res.statusCode, body: parsed };
}

/** Every branch-work row of both branches, row_version left out (versions count reference imports too). */
export async function workRows(db: CentralDb): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of BRANCH_WORK_TABLES) {
    const rows = await db.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY id`);
    out[table] = rows.map((r) => {
      const { row_version: _version, ...rest } = r;
      return JSON.parse(JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))) as Record<string, unknown>;
    });
  }
  return out;
}

/** A digest of the branch-work tables and the scopes' versions and sums, to see that nothing was written. */
export async function workDigest(db: CentralDb): Promise<string> {
  const parts = BRANCH_WORK_TABLES.map((t) => `SELECT '${t}' AS t, md5(coalesce(string_agg(x::text, ',' ORDER BY x.id), '')) AS h, count(*) AS n FROM ${t} x`);
  const rows = await db.query<{ t: string; h: string; n: number }>(parts.join(' UNION ALL '));
  const scopes = await db.query<Record<string, unknown>>('SELECT * FROM scope_versions ORDER BY scope');
  return JSON.stringify([rows.sort((a, b) => a.t.localeCompare(b.t)), scopes], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}
