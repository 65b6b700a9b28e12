// A real head office for client tests: the Fastify server on 127.0.0.1 over PGlite in memory (or a
// fresh schema of the PostgreSQL named by TEST_DATABASE_URL), with two branches, staff and a loan.
// It serves HTTPS with a throwaway certificate (test/helpers/tls.ts) unless a test asks for plain HTTP;
// workstations enroll with its pin, as a branch given the pin by head office's CLI would.
import { v7 as uuidv7 } from 'uuid';
import { buildSchedule } from '../../shared/domain/schedule';
import { openCentralDb, type CentralDb } from '../../server/db';
import { buildServer } from '../../server/app';
import { createBranch, createEnrollmentCode, createUser, importReferenceRows } from '../../server/admin';
import type { FastifyInstance } from 'fastify';
import type { DeviceTokenPolicy } from '../../server/config';
import { tempDir } from './fixtures';
import { testTls, type TestCertificate } from './tls';

export { STAFF_PASSWORD } from './fixtures';
import { STAFF_PASSWORD } from './fixtures';

export interface HeadOffice {
  db: CentralDb;
  app: FastifyInstance;
  url: string;
  port: number;
  /** The certificate head office serves (null: plain HTTP), e.g. for a fault proxy in front of it. */
  tls: TestCertificate | null;
  /** Its certificate's pin, for enrollment (null over plain HTTP). */
  pin: string | null;
  /** Where the server keeps attachment blobs (a temp dir unless given). */
  blobDir: string;
  branchA: string;
  branchB: string;
  users: Record<string, string>;
  loanA: string;
  loanB: string;
  enrollCode(branchCode: 'B001' | 'B002'): Promise<string>;
  close(): Promise<void>;
}

export type Backend = 'pglite' | 'postgres';

export function availableBackends(): Backend[] {
  return process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

export interface HeadOfficeOptions {
  blobDir?: string;
  /** The certificate to serve; default the process's test certificate; null: plain HTTP. */
  tls?: TestCertificate | null;
  /** Head office's clock (default the real one). */
  now?: () => Date;
  deviceTokens?: DeviceTokenPolicy;
}

export async function startHeadOffice(backend: Backend = 'pglite', opts: HeadOfficeOptions = {}): Promise<HeadOffice> {
  const schema = `t_${uuidv7().replace(/-/g, '').slice(-20)}`;
  const db =
    backend === 'postgres'
      ? await openCentralDb({ databaseUrl: process.env['TEST_DATABASE_URL'], schema })
      : await openCentralDb();
  const a = await createBranch(db, { code: 'B001', nameZh: '城东支行', nameEn: 'East City Branch' });
  const b = await createBranch(db, { code: 'B002', nameZh: '城西支行', nameEn: 'West City Branch' });
  const users: Record<string, string> = {};
  for (const [username, branchCode, roles] of [
    ['officer1', 'B001', ['officer']],
    ['collector1', 'B001', ['collector']],
    ['collector3', 'B001', ['collector']],
    ['supervisor1', 'B001', ['supervisor']],
    ['officer2', 'B002', ['officer']],
  ] as const) {
    users[username] = (await createUser(db, { branchCode, username, displayName: username, roles, password: STAFF_PASSWORD })).id;
  }
  const customerId = uuidv7();
  const loanA = uuidv7();
  await importReferenceRows(db, 'customers', [
    { id: customerId, branch_id: a.id, customer_no: 'C0001', name: '张三', type: 'individual', segment: 'retail', phone: '13800001234', contact_points: [] },
  ]);
  const terms = { principal: 5_000_000, annualRate: '4.35', termMonths: 12, method: 'equal_installment' as const, firstDueDate: '2026-03-10' };
  await importReferenceRows(db, 'loans', [
    {
      id: loanA, branch_id: a.id, loan_no: 'LN-A-0001', customer_id: customerId, product: 'consumer_credit', purpose: 'consumer',
      principal: terms.principal, annual_rate: terms.annualRate, term_months: 12, method: terms.method, rounding: 'half_up',
      disbursed_on: '2026-02-10', first_due_date: terms.firstDueDate, maturity_date: '2027-02-10', officer_id: users['officer1'],
      collector_id: users['collector1'], risk_grade: 'low', five_class: 'normal', status: 'active',
    },
  ]);
  await importReferenceRows(
    db,
    'installments',
    buildSchedule(terms).map((r) => ({
      id: uuidv7(), branch_id: a.id, loan_id: loanA, seq: r.seq, due_date: r.dueDate, principal_due: r.principal, interest_due: r.interest,
    })),
  );
  const customerB = uuidv7();
  const loanB = uuidv7();
  await importReferenceRows(db, 'customers', [
    { id: customerB, branch_id: b.id, customer_no: 'C0002', name: '李四', type: 'micro', segment: 'sme', phone: '13900005678', contact_points: [] },
  ]);
  await importReferenceRows(db, 'loans', [
    {
      id: loanB, branch_id: b.id, loan_no: 'LN-B-0001', customer_id: customerB, product: 'personal_business', purpose: 'business',
      principal: 30_000_000, annual_rate: '5.2', term_months: 24, method: 'interest_only', rounding: 'half_up',
      disbursed_on: '2026-01-05', first_due_date: '2026-02-05', maturity_date: '2028-01-05', officer_id: users['officer2'],
      collector_id: null, risk_grade: 'medium', five_class: 'normal', status: 'active',
    },
  ]);
  const blobDir = opts.blobDir ?? tempDir('ho-blobs-');
  const tls = opts.tls === undefined ? testTls().server : opts.tls;
  const app = buildServer({ db, blobDir, tls, ...(opts.now ? { now: opts.now } : {}), ...(opts.deviceTokens ? { deviceTokens: opts.deviceTokens } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    db,
    app,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    tls,
    pin: tls?.pin ?? null,
    blobDir,
    branchA: a.id,
    branchB: b.id,
    users,
    loanA,
    loanB,
    enrollCode: async (branchCode) => (await createEnrollmentCode(db, { branchCode })).code,
    close: async () => {
      await app.close();
      if (backend === 'postgres') await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    },
  };
}

/** Gives customer C0001 (the borrower of loanA) one mobile number, so calls can be logged; returns its id. */
export async function giveBorrowerPhone(ho: HeadOffice, phone: string): Promise<string> {
  const [customer] = await ho.db.query<Record<string, unknown>>('SELECT * FROM customers WHERE customer_no = $1', ['C0001']);
  await importReferenceRows(ho.db, 'customers', [{ ...customer, contact_points: [{ kind: 'mobile', value: phone, party: 'borrower', name: '张三' }] }]);
  return String(customer?.['id']);
}

/** A second loan of C0001 (the borrower of loanA), same terms and collector, with its schedule; returns its id. */
export async function giveBorrowerSecondLoan(ho: HeadOffice): Promise<string> {
  const [loan] = await ho.db.query<Record<string, unknown>>('SELECT * FROM loans WHERE id = $1', [ho.loanA]);
  const id = uuidv7();
  await importReferenceRows(ho.db, 'loans', [{ ...loan, id, loan_no: 'LN-A-0002' }]);
  const installments = await ho.db.query<Record<string, unknown>>('SELECT * FROM installments WHERE loan_id = $1', [ho.loanA]);
  await importReferenceRows(ho.db, 'installments', installments.map((row) => ({ ...row, id: uuidv7(), loan_id: id })));
  return id;
}
