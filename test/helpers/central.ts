// Real head-office databases for tests: PGlite in memory always, and PostgreSQL when
// TEST_DATABASE_URL is set (a fresh schema per open, dropped on close). Plus a small world to sync:
// a branch with staff, a customer, a loan and an enrolled device.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { createBranch, createEnrollmentCode, createUser, importReferenceRows } from '../../server/admin';
import { enrollDevice } from '../../server/auth';
import { openCentralDb, type CentralDb } from '../../server/db';
import { hashPassword } from '../../server/passwords';
import { newSigningKey, type UserSigningKey } from '../../server/signingKeys';
import { openSigningKey, signChange } from '../../main/services/signing';
import type { KeyObject } from 'node:crypto';
import { branchScope, type PullResponse, type PushMutation, type ScopeName } from '../../shared/sync/protocol';

const TEST_PASSWORD = 'Secret#123';

export function openTestCentralDb(): Promise<CentralDb> {
  return openCentralDb({});
}

/** PostgreSQL in a schema of its own; close() drops the schema. */
async function openTestPgDb(databaseUrl: string): Promise<CentralDb> {
  const schema = `test_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const db = await openCentralDb({ databaseUrl, schema });
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn) => db.transaction(fn),
    async close() {
      try {
        await db.query(`DROP SCHEMA "${schema}" CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}

export interface CentralBackend {
  name: 'pglite' | 'pg';
  open(): Promise<CentralDb>;
}

/** The backends to run each server suite against: PGlite always, PostgreSQL when a URL is given. */
export function centralBackends(): CentralBackend[] {
  const url = process.env['TEST_DATABASE_URL'];
  const list: CentralBackend[] = [{ name: 'pglite', open: openTestCentralDb }];
  if (url) list.push({ name: 'pg', open: () => openTestPgDb(url) });
  return list;
}

// ---------- a branch to sync with ----------

export interface TestDevice {
  deviceId: string;
  token: string;
  clientId: string;
}

export interface TestBranch {
  id: string;
  code: string;
  scope: ScopeName;
  officerId: string;
  collectorId: string;
  collector2Id: string;
  adminId: string;
  customerId: string;
  loanId: string;
  device: TestDevice;
}

let cachedHash: string | undefined;
const NOW = '2026-01-01T00:00:00.000Z';

export function uniqueCode(prefix = 'T'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export async function enrollTestDevice(db: CentralDb, branchCode: string, now = new Date()): Promise<TestDevice> {
  const { code } = await createEnrollmentCode(db, { branchCode }, now);
  const e = await enrollDevice(db, { code, deviceName: `pc-${branchCode}`, now });
  return { deviceId: e.deviceId, token: e.deviceToken, clientId: uuidv7() };
}

/** A branch with an officer (created through the admin path), two collectors, an admin, a customer, a loan and a device. */
export async function setupBranch(db: CentralDb, code = uniqueCode()): Promise<TestBranch> {
  const branch = await createBranch(db, { code, nameZh: `测试支行${code}`, nameEn: `Branch ${code}` });
  const officer = await createUser(db, {
    branchCode: code,
    username: `officer-${code}`,
    displayName: '王建国',
    roles: ['officer'],
    password: TEST_PASSWORD,
  });
  cachedHash ??= hashPassword(TEST_PASSWORD);
  cachedKey ??= newSigningKey(TEST_PASSWORD);
  const [officerRow] = await db.query<{ signing_key_sealed: string }>('SELECT signing_key_sealed FROM users WHERE id = $1', [officer.id]);
  rememberKey(officer.id, officerRow?.signing_key_sealed ?? null);
  const staffKey = cachedKey;
  const staff = (role: string) => ({
    id: uuidv7(),
    branch_id: branch.id,
    username: `${role}-${code}-${randomBytes(2).toString('hex')}`,
    display_name: role,
    roles: [role === 'collector2' ? 'collector' : role],
    password_hash: cachedHash,
    active: true,
    // One key for the quick-made staff of every test branch (sealing is slow on purpose); the officer has its own.
    signing_public_key: staffKey.publicKey,
    signing_key_sealed: staffKey.sealed,
  });
  const collector = staff('collector');
  const collector2 = staff('collector2');
  const admin = staff('admin');
  await importReferenceRows(db, 'users', [collector, collector2, admin]);
  for (const u of [collector, collector2, admin]) rememberKey(u.id, staffKey.sealed);
  const customerId = uuidv7();
  await importReferenceRows(db, 'customers', [
    { id: customerId, branch_id: branch.id, customer_no: `C-${code}`, name: '张三', type: 'individual', segment: 'retail', contact_points: [] },
  ]);
  const loanId = uuidv7();
  await importReferenceRows(db, 'loans', [
    {
      id: loanId,
      branch_id: branch.id,
      loan_no: `LN-${code}`,
      customer_id: customerId,
      product: 'consumer_credit',
      purpose: 'consumer',
      principal: 12_000_000,
      annual_rate: '6.00',
      term_months: 12,
      method: 'equal_installment',
      disbursed_on: '2025-12-01',
      first_due_date: '2026-01-01',
      maturity_date: '2026-12-01',
      officer_id: officer.id,
      collector_id: collector.id,
      risk_grade: 'low',
      five_class: 'normal',
      created_at: NOW,
    },
  ]);
  const device = await enrollTestDevice(db, code);
  return {
    id: branch.id,
    code,
    scope: branchScope(branch.id),
    officerId: officer.id,
    collectorId: collector.id,
    collector2Id: collector2.id,
    adminId: admin.id,
    customerId,
    loanId,
    device,
  };
}

// ---------- HTTP helpers over app.inject ----------

export async function post(app: FastifyInstance, url: string, body: unknown, token?: string) {
  const res = await app.inject({
    method: 'POST',
    url,
    payload: body as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

const seqByClient = new Map<string, number>();
let cachedKey: UserSigningKey | undefined;
const keysByUser = new Map<string, KeyObject>();

function rememberKey(userId: string, sealed: string | null): void {
  const key = openSigningKey(sealed, TEST_PASSWORD);
  if (key) keysByUser.set(userId, key);
}

/** The mutation signed by its user's key, as that user's workstation would (unsigned for a user the helpers did not make). */
function signed(device: TestDevice, m: PushMutation): PushMutation {
  const key = keysByUser.get(m.userId);
  return key ? { ...m, signature: signChange(key, { ...m, clientId: device.clientId }) } : m;
}

/** A loanNote.add@1 mutation with the client's next seq. */
export function noteMutation(
  device: TestDevice,
  userId: string,
  loanId: string,
  extra: { body?: string; seq?: number; args?: Record<string, unknown>; name?: string } = {},
): PushMutation {
  const seq = extra.seq ?? (seqByClient.get(device.clientId) ?? 0) + 1;
  seqByClient.set(device.clientId, Math.max(seq, seqByClient.get(device.clientId) ?? 0));
  return signed(device, {
    seq,
    mutationId: uuidv7(),
    name: extra.name ?? 'loanNote.add@1',
    args: extra.args ?? { id: uuidv7(), loanId, body: extra.body ?? `visit note ${seq}` },
    baseVersions: {},
    userId,
    deviceTime: new Date().toISOString(),
  });
}

/** Pulls a scope to the end from a cursor, page by page; returns every page. */
export async function pullAll(
  app: FastifyInstance,
  token: string,
  scope: ScopeName,
  from: { epoch: string | null; cursor: number },
  maxBytes?: number,
): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  let { epoch, cursor } = from;
  for (let i = 0; i < 10_000; i++) {
    const res = await post(app, '/sync/pull', { scope, epoch, cursor, ...(maxBytes ? { maxBytes } : {}) }, token);
    if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${JSON.stringify(res.body)}`);
    const page = res.body as unknown as PullResponse;
    pages.push(page);
    epoch = page.epoch;
    cursor = page.toVersion;
    if (!page.hasMore) return pages;
  }
  throw new Error('pull never ended');
}
