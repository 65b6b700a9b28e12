// Collections benchmarks through the API front door (the dispatcher the IPC and dev-web hosts share), on
// one real SQLite workstation file built from the demo generator:
//  - collections.queue for ONE agent holding 20,000 delinquent loans (contacts, promises, payments and
//    reassignments on part of them, so the queue's subqueries do real work);
//  - collections.logContact with the contact-rule check over a 2-year, ~1,500-entry history on the loan,
//    with the physical floor beside it (loan.addNote through the same path, same file, same run);
//  - collections.kpis for a 50-agent branch, one month out of 1,000,000 contacts over 12 months.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { Envelope } from '../../shared/api/envelope';
import { OUTCOME_CODES, OUTCOMES } from '../../shared/domain/contactOutcomes';
import { addDays, todayInTimeZone } from '../../shared/domain/dates';
import { DEMO_PASSWORD, generateDemo, type DemoData } from '../../shared/demo/generate';
import { Prng } from '../../shared/demo/prng';
import { assignmentId } from '../../shared/mutations/collectionRules';
import { kpiCounts, paymentsOfPromisedLoans, promisesFor, recoveredByCollector } from '../../db/local/queries/collections';
import { readQueuePage } from '../../db/local/queries/collectionQueue';
import { refreshCollectionQueue } from '../../main/services/collections/queueSummary';
import { DATA_KEY_FILE_NAME } from '../../main/services/dataKey';
import { seedDemo } from '../../db/local/seed';
import { LocalStore } from '../../db/local/store';
import { createDispatcher } from '../../main/api/dispatcher';
import { hashPassword } from '../../main/services/passwords';
import { SessionStore } from '../../main/services/session';
import { openTestStore, tempDir } from '../helpers/fixtures';

type Emit = (line: Record<string, unknown>) => void;

const AS_OF = '2026-11-26';
/** The dispatcher's clock: 10:00 in Shanghai on the book's business date. */
const NOW_MS = Date.parse('2026-11-26T02:00:00Z');
const DAY_MS = 86_400_000;
const TZ = 'Asia/Shanghai';
/** 175k generated loans hold ~20.8k delinquent ones (the generator's bands give ~12 %). */
const BOOK_LOANS = 175_000;
const QUEUE_LOANS = 20_000;
/** Loans reassigned away from the agent and to the agent (collection_assignments), each way. */
const REASSIGNED = 250;
const LOG_LOANS = 5;
const HISTORY_PER_LOAN = 1_500;
const KPI_CONTACTS = 1_000_000;
const KPI_AGENTS = 50;
const KPI_FROM = '2026-10-01';
const KPI_TO = '2026-10-31';
/** The earliest promised date whose deadline can fall in the period under the default promise policy (grace 1 day). */
const KPI_PROMISED_FROM = addDays(KPI_FROM, -1);

const round4 = (x: number) => Number(x.toFixed(4));

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Mean ms of each function over `runs` calls after one warm-up: the SQL share of an API figure. */
function split(fns: Record<string, () => unknown>, runs = 5): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, fn] of Object.entries(fns)) {
    fn();
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) fn();
    out[name] = Number(((performance.now() - t0) / runs).toFixed(1));
  }
  return out;
}

function data<T>(env: Envelope<unknown>, what: string): T {
  if (!env.ok) throw new Error(`${what} failed: ${JSON.stringify(env.error)}`);
  return env.data as T;
}

/** UTC ISO instant of a Shanghai wall-clock minute on a business date (UTC+8, no daylight saving). */
function shanghai(date: string, minuteOfDay: number): number {
  return Date.parse(`${date}T00:00:00+08:00`) + minuteOfDay * 60_000;
}
const iso = (ms: number) => new Date(ms).toISOString();
const shanghaiDayStart = (date: string) => iso(shanghai(date, 0));

/**
 * Multi-row INSERT of a table's rows, BATCH at a time (the per-statement cost is paid once per batch);
 * the tail goes through the single-row statement.
 */
class Inserter {
  private static readonly BATCH = 50;
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly buf: unknown[];
  private used = 0;
  count = 0;

  constructor(db: Database.Database, table: string, private readonly columns: readonly string[]) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.many = db.prepare(head + Array.from({ length: Inserter.BATCH }, () => row).join(', '));
    this.one = db.prepare(head + row);
    this.buf = new Array<unknown>(columns.length * Inserter.BATCH);
  }
  push(...values: unknown[]): void {
    if (values.length !== this.columns.length) throw new Error(`expected ${this.columns.length} values, got ${values.length}`);
    for (const v of values) this.buf[this.used++] = v;
    this.count++;
    if (this.used === this.buf.length) {
      this.many.run(this.buf);
      this.used = 0;
    }
  }
  flush(): void {
    const width = this.columns.length;
    for (let at = 0; at < this.used; at += width) this.one.run(this.buf.slice(at, at + width));
    this.used = 0;
  }
}

const SYNCED = ['id', 'branch_id', 'created_at', 'updated_at', 'updated_by', 'row_version'];
const CONTACT_COLUMNS = [
  ...SYNCED, 'loan_id', 'channel', 'party', 'party_relation', 'address_used', 'started_at', 'duration_seconds', 'outcome',
  'note', 'next_action_on', 'corrects_id', 'collector_id', 'consent_late', 'complaint', 'override_ids',
];
const PROMISE_COLUMNS = [...SYNCED, 'loan_id', 'contact_id', 'amount', 'promised_on', 'status'];
const PAYMENT_COLUMNS = [...SYNCED, 'loan_id', 'paid_on', 'amount', 'channel', 'reference'];

/** The writers of contacts, promises and payments of one transaction, rows shaped as the mutations write them. */
function writers(db: Database.Database, branchId: string) {
  const contacts = new Inserter(db, 'contacts', CONTACT_COLUMNS);
  const promises = new Inserter(db, 'promises_to_pay', PROMISE_COLUMNS);
  const payments = new Inserter(db, 'payments', PAYMENT_COLUMNS);
  return {
    contact(c: {
      id: string; loanId: string; at: number; channel: string; party: string; relation: string | null; address: string | null;
      outcome: string; collectorId: string; correctsId?: string | null; complaint?: boolean; overrideIds?: string | null; note?: string | null;
    }): void {
      const at = iso(c.at);
      const duration = c.outcome === 'right_party_contact' || c.outcome === 'promise_to_pay' || c.outcome === 'refused_to_pay' ? 30 + (c.at % 300) : null;
      contacts.push(
        c.id, branchId, at, at, c.collectorId, 1, c.loanId, c.channel, c.party, c.relation, c.address, at, duration, c.outcome,
        c.note ?? (c.outcome === 'blocked' ? 'quiet_hours' : null), null, c.correctsId ?? null, c.collectorId, 0, c.complaint ? 1 : 0,
        c.outcome === 'blocked' ? null : (c.overrideIds ?? '[]'),
      );
    },
    promise(p: { id: string; loanId: string; contactId: string; at: number; amount: number; promisedOn: string; by: string }): void {
      const at = iso(p.at);
      promises.push(p.id, branchId, at, at, p.by, 1, p.loanId, p.contactId, p.amount, p.promisedOn, 'pending');
    },
    payment(p: { loanId: string; paidOn: string; amount: number }): void {
      const at = `${p.paidOn}T08:00:00.000Z`;
      payments.push(uuidv7({ msecs: Date.parse(at) }), branchId, at, at, 'system', 1, p.loanId, p.paidOn, p.amount, 'counter', null);
    },
    flush(): { contacts: number; promises: number; payments: number } {
      contacts.flush();
      promises.flush();
      payments.flush();
      return { contacts: contacts.count, promises: promises.count, payments: payments.count };
    },
  };
}

interface Point {
  kind: string;
  value: string;
  party: string;
}
/** A contact point's party as a contact's party (shared/mutations/collectionRules POINT_PARTY). */
function partyOf(point: Point): string {
  return (
    ({ borrower: 'borrower', legal_representative: 'borrower', company: 'borrower', spouse: 'co_borrower', co_borrower: 'co_borrower', guarantor: 'guarantor' } as Record<string, string>)[
      point.party
    ] ?? 'third_party'
  );
}

interface Book {
  store: LocalStore;
  branchId: string;
  userIds: Map<string, string>;
  /** The agent's delinquent loans (loan id, customer contact points), in id order. */
  agentLoans: { id: string; points: Point[] }[];
  /** Other delinquent loans of the branch (the second collector's). */
  otherLoans: { id: string; points: Point[] }[];
}

/**
 * The demo book (175k loans, seed 20261126) written as ONE branch: every loan is moved to the first
 * branch (its officers stand in for the second branch's), the first 20,000 delinquent loans go to
 * collector1, the rest to collector3. Schedules of current loans (88 % of the book, ~5.9 M installment
 * rows) are not written: nothing in collections reads them, and they would triple the set-up time;
 * every loan, customer, payment and metrics row is written as generated.
 */
export function buildCollectionsBook(file: string): { seedSeconds: number } {
  const store = openTestStore(file);
  const t0 = performance.now();
  const demo = generateDemo({ loans: BOOK_LOANS, asOf: AS_OF, contactHistory: false }); // the bench writes its own contacts
  const home = demo.branches[0];
  if (!home) throw new Error('the demo has no branch');
  const user = (username: string) => {
    const u = demo.users.find((x) => x.username === username);
    if (!u) throw new Error(`demo user ${username} missing`);
    return u.id;
  };
  const officerStandIn = new Map([
    [user('officer2'), user('officer1')],
    [user('officer4'), user('officer3')],
  ]);
  const agent = user('collector1');
  const other = user('collector3');
  let queued = 0;
  const book: DemoData = {
    ...demo,
    *loans() {
      for (const b of demo.loans()) {
        const delinquent = b.metrics.dpd > 0;
        const collectorId = delinquent && queued < QUEUE_LOANS ? agent : other;
        if (collectorId === agent) queued++;
        yield {
          customer: b.customer && { ...b.customer, branchId: home.id },
          loan: { ...b.loan, branchId: home.id, officerId: officerStandIn.get(b.loan.officerId) ?? b.loan.officerId, collectorId },
          installments: delinquent ? b.installments : [],
          payments: b.payments,
          metrics: b.metrics,
        };
      }
    },
  };
  seedDemo(store, book, { passwordHash: (u) => hashPassword(u.password) });
  if (queued < QUEUE_LOANS) throw new Error(`the book has only ${queued} delinquent loans`);
  store.close();
  return { seedSeconds: (performance.now() - t0) / 1000 };
}

function openBook(file: string): Book {
  const store = openTestStore(file);
  const r = store.read().sql;
  const userIds = new Map((r.prepare('SELECT username, id FROM users').all() as { username: string; id: string }[]).map((u) => [u.username, u.id]));
  const agent = userIds.get('collector1') as string;
  const branchId = (r.prepare('SELECT branch_id AS b FROM users WHERE id = ?').get(agent) as { b: string }).b;
  const rows = r
    .prepare(
      `SELECT l.id, l.collector_id AS collectorId, k.contact_points AS points FROM loan_metrics m
         JOIN loans l ON l.id = m.loan_id JOIN customers k ON k.id = l.customer_id
        WHERE m.dpd > 0 AND l.branch_id = ? ORDER BY l.id`,
    )
    .all(branchId) as { id: string; collectorId: string; points: string }[];
  const loans = rows.map((x) => ({ id: x.id, collectorId: x.collectorId, points: JSON.parse(x.points) as Point[] }));
  return {
    store,
    branchId,
    userIds,
    agentLoans: loans.filter((l) => l.collectorId === agent),
    otherLoans: loans.filter((l) => l.collectorId !== agent),
  };
}

/** Phone outcomes a collector logs on a queue loan, with weights. */
const QUEUE_OUTCOMES = [
  ['no_answer', 30], ['busy', 8], ['voicemail', 6], ['right_party_contact', 20], ['promise_to_pay', 10], ['refused_to_pay', 6],
  ['number_invalid', 4], ['wrong_number', 2], ['sms_sent', 10], ['third_party_message', 4],
] as const;

/**
 * The work already done on the queue's loans: reassignments each way, contacts over the last 90 days
 * on 70 % of the loans (some numbers found invalid), promises (some kept by a payment, some broken,
 * some pending).
 */
function addQueueWork(book: Book): { contacts: number; promises: number; payments: number; assignments: number } {
  const rng = new Prng(20261127);
  const agent = book.userIds.get('collector1') as string;
  const other = book.userIds.get('collector3') as string;
  const supervisor = book.userIds.get('supervisor1') as string;
  return book.store.transaction((w) => {
    const db = w.sql;
    const assign = new Inserter(db, 'collection_assignments', [...SYNCED, 'loan_id', 'collector_id', 'note']);
    const at = iso(NOW_MS - 30 * DAY_MS);
    // The agent hands REASSIGNED loans to the other collector and takes as many of theirs: still 20,000.
    const away = book.agentLoans.slice(-REASSIGNED);
    const taken = book.otherLoans.slice(0, REASSIGNED);
    if (taken.length < REASSIGNED) throw new Error('not enough delinquent loans to reassign');
    for (const l of away) assign.push(assignmentId(l.id), book.branchId, at, at, supervisor, 1, l.id, other, '调整催收人员');
    for (const l of taken) assign.push(assignmentId(l.id), book.branchId, at, at, supervisor, 1, l.id, agent, '调整催收人员');
    assign.flush();
    const worked = new Map<string, string>();
    for (const l of book.agentLoans) worked.set(l.id, agent);
    for (const l of away) worked.set(l.id, other);
    for (const l of taken) worked.set(l.id, agent);

    const out = writers(db, book.branchId);
    for (const loan of [...book.agentLoans, ...taken]) {
      if (!rng.chance(0.7)) continue;
      const collectorId = worked.get(loan.id) as string;
      const n = rng.int(1, 8);
      const times = Array.from({ length: n }, () => NOW_MS - rng.int(1, 90) * DAY_MS + rng.int(-120, 11 * 60) * 60_000).sort((a, b) => a - b);
      for (const t of times) {
        const outcome = rng.weighted(QUEUE_OUTCOMES);
        const point = (rng.chance(0.8) ? loan.points[0] : loan.points[1]) ?? loan.points[0];
        const id = uuidv7({ msecs: t });
        out.contact({
          id, loanId: loan.id, at: t, channel: outcome === 'sms_sent' ? 'sms' : 'phone',
          party: outcome === 'third_party_message' ? 'third_party' : point ? partyOf(point) : 'borrower',
          relation: point?.party ?? null, address: point?.value ?? null, outcome, collectorId,
        });
        if (outcome === 'promise_to_pay') {
          const madeOn = todayInTimeZone(new Date(t), TZ);
          const promisedOn = addDays(madeOn, rng.int(1, 10));
          const amount = rng.int(50, 500) * 1_000;
          out.promise({ id: uuidv7({ msecs: t }), loanId: loan.id, contactId: id, at: t, amount, promisedOn, by: collectorId });
          if (promisedOn <= AS_OF && rng.chance(0.5)) out.payment({ loanId: loan.id, paidOn: promisedOn, amount: rng.chance(0.8) ? amount : Math.floor(amount / 2) });
        }
      }
    }
    return { ...out.flush(), assignments: away.length + taken.length };
  });
}

/**
 * A 2-year history on each loan the log_contact figure uses: HISTORY_PER_LOAN entries spread evenly
 * over the 730 days before the logged calls start (at most 3 a day, 08:00–21:59), mixed outcomes but
 * no dispute or stop request (a hold would block every logged call: the CONTACT_BLOCKED path).
 */
function addHistory(book: Book, loans: readonly { id: string; points: Point[] }[], before: number): number {
  const agent = book.userIds.get('collector1') as string;
  const outcomes = ['no_answer', 'right_party_contact', 'busy', 'voicemail', 'refused_to_pay', 'right_party_contact', 'sms_sent'] as const;
  return book.store.transaction((w) => {
    const out = writers(w.sql, book.branchId);
    for (const loan of loans) {
      const borrower = loan.points[0] as Point;
      for (let h = 0; h < HISTORY_PER_LOAN; h++) {
        const day = addDays(todayInTimeZone(new Date(before), TZ), -730 + Math.floor((h * 730) / HISTORY_PER_LOAN));
        const t = shanghai(day, 8 * 60 + ((h * 97) % (14 * 60)));
        const outcome = outcomes[h % outcomes.length] as string;
        out.contact({
          id: uuidv7({ msecs: t }), loanId: loan.id, at: t, channel: outcome === 'sms_sent' ? 'sms' : 'phone', party: 'borrower',
          relation: borrower.party, address: borrower.value, outcome, collectorId: agent, note: h % 5 === 0 ? '客户称月底前处理' : null,
        });
      }
    }
    return out.flush().contacts;
  });
}

/**
 * The 50-agent branch for the KPIs: 50 collector users, the branch's delinquent loans dealt round the
 * agents, and 1,000,000 contacts over the 12 months before the business date in time order (~2,740 a
 * day, 08:00–21:59, ~1 % blocked tries in quiet hours, ~0.5 % corrections of an entry minutes earlier,
 * some complaints and overrides), promise_to_pay contacts with their promise and, for most promises
 * falling due by the business date, a payment.
 */
function addKpiBranch(book: Book): { contacts: number; promises: number; payments: number } {
  const rng = new Prng(20261128);
  const hash = hashPassword(DEMO_PASSWORD);
  const r = book.store.read().sql;
  return book.store.transaction((w) => {
    const db = w.sql;
    const previous = db.pragma('cache_size', { simple: true }) as number;
    db.pragma('cache_size = -131072'); // 128 MB: the contacts indexes take random inserts
    try {
      const created = iso(NOW_MS - 400 * DAY_MS);
      const insUser = db.prepare(
        `INSERT INTO users (id, branch_id, created_at, updated_at, updated_by, row_version, username, display_name, roles, password_hash, active)
         VALUES (?, ?, ?, ?, 'system', 1, ?, ?, '["collector"]', ?, 1)`,
      );
      const agents: string[] = [];
      for (let a = 0; a < KPI_AGENTS; a++) {
        const id = uuidv7({ msecs: NOW_MS - 400 * DAY_MS + a });
        insUser.run(id, book.branchId, created, created, `kpi_agent${String(a + 1).padStart(2, '0')}`, `催收员${String(a + 1).padStart(2, '0')}`, hash);
        agents.push(id);
      }
      const loans = r
        .prepare(
          `SELECT l.id, k.contact_points AS points FROM loan_metrics m JOIN loans l ON l.id = m.loan_id JOIN customers k ON k.id = l.customer_id
            WHERE m.dpd > 0 AND l.branch_id = ? ORDER BY l.id`,
        )
        .all(book.branchId) as { id: string; points: string }[];
      db.prepare('DELETE FROM collection_assignments').run();
      const setCollector = db.prepare('UPDATE loans SET collector_id = ? WHERE id = ?');
      const work = loans.map((l, i) => {
        const collectorId = agents[i % KPI_AGENTS] as string;
        setCollector.run(collectorId, l.id);
        return { id: l.id, collectorId, points: JSON.parse(l.points) as Point[] };
      });

      const out = writers(db, book.branchId);
      const outcomes = [
        ['no_answer', 300], ['busy', 80], ['voicemail', 70], ['right_party_contact', 220], ['promise_to_pay', 45], ['refused_to_pay', 40],
        ['third_party_message', 30], ['sms_sent', 100], ['number_invalid', 20], ['wrong_number', 10], ['paid', 10], ['letter_sent', 20],
        ['visit_met', 15], ['visit_not_home', 15], ['dispute', 3], ['cleared_by_supervisor', 2],
      ] as const;
      const channelOf: Record<string, string> = { sms_sent: 'sms', letter_sent: 'letter', visit_met: 'visit', visit_not_home: 'visit', cleared_by_supervisor: 'phone' };
      const recent: { id: string; loanId: string; point: Point | undefined; collectorId: string }[] = [];
      const days = 365;
      const perDay = Math.ceil(KPI_CONTACTS / days);
      const firstDay = addDays(AS_OF, -days);
      let written = 0;
      for (let d = 0; d < days && written < KPI_CONTACTS; d++) {
        const day = addDays(firstDay, d);
        const dayStart = shanghai(day, 8 * 60);
        const today = Math.min(perDay, KPI_CONTACTS - written);
        for (let i = 0; i < today; i++, written++) {
          const t = dayStart + Math.floor((i / today) * 14 * 3_600_000); // 08:00–21:59, in time order
          const correction = recent.length > 0 && rng.chance(0.005) ? recent[rng.int(0, recent.length - 1)] : undefined;
          if (correction) {
            out.contact({
              id: uuidv7({ msecs: t }), loanId: correction.loanId, at: t, channel: 'phone', party: 'borrower', relation: correction.point?.party ?? null,
              address: correction.point?.value ?? null, outcome: 'no_answer', collectorId: correction.collectorId, correctsId: correction.id,
            });
            continue;
          }
          const loan = work[rng.int(0, work.length - 1)] as (typeof work)[number];
          const collectorId = rng.chance(0.95) ? loan.collectorId : (agents[rng.int(0, KPI_AGENTS - 1)] as string);
          const point = (rng.chance(0.85) ? loan.points[0] : loan.points[1]) ?? loan.points[0];
          const blocked = rng.chance(0.01);
          const outcome = blocked ? 'blocked' : rng.weighted(outcomes);
          const at = blocked ? t + 14 * 3_600_000 + rng.int(1, 60) * 60_000 : t; // 22:00–23:00: quiet hours
          const id = uuidv7({ msecs: at });
          out.contact({
            id, loanId: loan.id, at, channel: channelOf[outcome] ?? 'phone',
            party: outcome === 'third_party_message' ? 'third_party' : point ? partyOf(point) : 'borrower', relation: point?.party ?? null,
            address: point?.value ?? null, outcome, collectorId, complaint: rng.chance(0.002),
            overrideIds: rng.chance(0.003) ? JSON.stringify([uuidv7({ msecs: at - 3_600_000 })]) : null,
          });
          if (recent.length < 64) recent.push({ id, loanId: loan.id, point, collectorId });
          else recent[rng.int(0, 63)] = { id, loanId: loan.id, point, collectorId };
          if (outcome === 'promise_to_pay') {
            const promisedOn = addDays(day, rng.int(1, 10));
            const amount = rng.int(50, 800) * 1_000;
            out.promise({ id: uuidv7({ msecs: at }), loanId: loan.id, contactId: id, at, amount, promisedOn, by: collectorId });
            if (promisedOn <= AS_OF) {
              const x = rng.float();
              if (x < 0.55) out.payment({ loanId: loan.id, paidOn: promisedOn, amount });
              else if (x < 0.7) out.payment({ loanId: loan.id, paidOn: addDays(promisedOn, rng.int(-2, 2)), amount: Math.floor(amount * 0.6) });
            }
          }
        }
      }
      return out.flush();
    } finally {
      db.pragma(`cache_size = ${previous}`);
    }
  });
}

async function signedIn(store: LocalStore, username: string, clock: () => Date) {
  const dispatch = createDispatcher({ store, deviceId: `bench-${username}`, clientId: `bench-${username}`, clock });
  const session = new SessionStore().slot(username);
  data(await dispatch(session, 'auth.signIn', { username, password: DEMO_PASSWORD }, 'zh-CN'), `auth.signIn ${username}`);
  return (name: string, input: unknown) => dispatch(session, name, input, 'zh-CN');
}

async function benchQueue(book: Book, emit: Emit): Promise<void> {
  const call = await signedIn(book.store, 'collector1', () => new Date(NOW_MS));
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < 25; i++) {
    const t0 = performance.now();
    const q = data<{ total: number; rows: unknown[] }>(await call('collections.queue', {}), 'collections.queue');
    if (i >= 5) samples.push(performance.now() - t0); // the first 5 warm up caches and the JIT
    total = q.total;
  }
  if (total !== QUEUE_LOANS) throw new Error(`the queue holds ${total} loans, expected ${QUEUE_LOANS}`);
  const r = book.store.read();
  const agent = book.userIds.get('collector1') as string;
  const sqlMs = split({
    readQueuePage: () => readQueuePage(r, book.branchId, { collectorId: agent, offset: 0, limit: 50 }),
  });
  emit({
    name: 'collections.queue.20k_ms', value: round4(mean(samples)), unit: 'ms',
    p95: round4(percentile(samples, 95)), n: samples.length, loans: total, target: '< 150', sqlMs,
  });
}

async function benchLogContact(book: Book, emit: Emit): Promise<void> {
  const WARM = 200;
  const N = 1_000;
  const loans = book.agentLoans.slice(0, LOG_LOANS);
  const perLoan = Math.ceil((WARM + N) / LOG_LOANS);
  // The logged calls run day by day over the perLoan days before the clock; the history ends before them.
  const firstCallDay = addDays(AS_OF, -perLoan - 1);
  addHistory(book, loans, shanghai(firstCallDay, 0));
  const history = book.store.read().sql.prepare('SELECT COUNT(*) AS n FROM contacts WHERE loan_id = ?');
  const historyAtStart = (history.get(loans[0]?.id) as { n: number }).n;
  const call = await signedIn(book.store, 'collector1', () => new Date(NOW_MS));
  const outcomes = ['right_party_contact', 'no_answer', 'right_party_contact', 'busy', 'voicemail'];
  const samples: number[] = [];
  for (let i = 0; i < WARM + N; i++) {
    const loan = loans[i % LOG_LOANS] as (typeof loans)[number];
    const j = Math.floor(i / LOG_LOANS);
    // One call a day on each loan, at a different hour each day (08:00–21:59 in Shanghai): never in
    // quiet hours, never a 7th unanswered call on a number.
    const startedAt = iso(shanghai(addDays(firstCallDay, j), 8 * 60 + ((j * 53) % (14 * 60))));
    const input = { loanId: loan.id, channel: 'phone', party: 'borrower', contactPoint: 0, startedAt, outcome: outcomes[i % outcomes.length], durationSeconds: 60 };
    const t0 = performance.now();
    const env = await call('collections.logContact', input);
    const dt = performance.now() - t0;
    data(env, `collections.logContact #${i}`);
    if (i >= WARM) samples.push(dt);
  }
  const historyAtEnd = (history.get(loans[0]?.id) as { n: number }).n;

  const floor: number[] = [];
  for (let i = 0; i < WARM + N; i++) {
    const loan = loans[i % LOG_LOANS] as (typeof loans)[number];
    const t0 = performance.now();
    const env = await call('loan.addNote', { loanId: loan.id, body: `催收备注 ${i}` });
    const dt = performance.now() - t0;
    data(env, `loan.addNote #${i}`);
    if (i >= WARM) floor.push(dt);
  }
  emit({
    name: 'collections.log_contact.p99_ms', value: round4(percentile(samples, 99)), unit: 'ms',
    p50: round4(percentile(samples, 50)), n: N, loans: LOG_LOANS, historyContacts: [historyAtStart, historyAtEnd], historyYears: 2, target: '< 3',
  });
  emit({ name: 'collections.log_contact.floor_p99_ms', value: round4(percentile(floor, 99)), unit: 'ms', p50: round4(percentile(floor, 50)), n: N, via: 'loan.addNote' });
}

async function benchKpis(book: Book, emit: Emit): Promise<void> {
  const added = addKpiBranch(book);
  const contacts = (book.store.read().sql.prepare('SELECT COUNT(*) AS n FROM contacts').get() as { n: number }).n;
  const call = await signedIn(book.store, 'supervisor1', () => new Date(NOW_MS));
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const k = data<{ rows: unknown[] }>(await call('collections.kpis', { from: KPI_FROM, to: KPI_TO }), 'collections.kpis');
    if (i >= 2) samples.push(performance.now() - t0); // the first 2 warm up
    rows = k.rows.length;
  }
  const r = book.store.read();
  const sqlMs = split(
    {
      kpiCounts: () =>
        kpiCounts(r, book.branchId, shanghaiDayStart(KPI_FROM), shanghaiDayStart(addDays(KPI_TO, 1)), OUTCOME_CODES.filter((c) => OUTCOMES[c].rightParty), [
          'blocked', ...OUTCOME_CODES.filter((c) => !OUTCOMES[c].isAttempt),
        ]),
      recoveredByCollector: () => recoveredByCollector(r, book.branchId, KPI_FROM, KPI_TO),
      // As the service calls them: the promises whose deadline (promised date + the default grace day) may fall in the period.
      promisesFor: () => promisesFor(r, book.branchId, { promisedFrom: KPI_PROMISED_FROM, promisedTo: KPI_TO }),
      paymentsOfPromisedLoans: () => paymentsOfPromisedLoans(r, book.branchId, { from: KPI_PROMISED_FROM, to: KPI_TO }),
    },
    3,
  );
  emit({
    name: 'collections.kpi.month_ms', value: round4(mean(samples)), unit: 'ms', n: samples.length,
    contacts: added.contacts, agents: KPI_AGENTS, rows, contactsInFile: contacts, promises: added.promises, period: `${KPI_FROM}..${KPI_TO}`,
    target: '< 500', sqlMs,
  });
}

export interface CollectionBenchOptions {
  /**
   * A book written by buildCollectionsBook, copied (with its key file) rather than rebuilt; written
   * there first when it does not exist yet. For working on this file: BENCH_BOOK=/tmp/book.db.
   */
  readonly bookFile?: string;
  /** Which measurements to run (default all): BENCH_COLLECTIONS=queue,log,kpi. */
  readonly parts?: ReadonlySet<'queue' | 'log' | 'kpi'>;
}

export async function runCollectionBenchmarks(emit: Emit, opts: CollectionBenchOptions = {}): Promise<void> {
  const dir = tempDir('bench-collections-');
  const file = path.join(dir, 'workstation.db');
  const keyOf = (db: string) => path.join(path.dirname(db), DATA_KEY_FILE_NAME);
  if (opts.bookFile && !fs.existsSync(opts.bookFile)) {
    buildCollectionsBook(opts.bookFile);
  }
  if (opts.bookFile) {
    fs.copyFileSync(opts.bookFile, file);
    fs.copyFileSync(keyOf(opts.bookFile), keyOf(file));
  } else buildCollectionsBook(file);
  const part = (p: 'queue' | 'log' | 'kpi') => !opts.parts || opts.parts.has(p);
  const book = openBook(file);
  try {
    addQueueWork(book);
    // The work above was written straight to the file, as an import would: build the queue as start does.
    const t = performance.now();
    book.store.transaction((w) => refreshCollectionQueue(w, null, new Date(NOW_MS)));
    emit({ name: 'collections.queue.rebuild_ms', value: round4(performance.now() - t), unit: 'ms', what: 'whole queue summary, at start or after an import' });
    if (part('queue')) await benchQueue(book, emit);
    if (part('log')) await benchLogContact(book, emit);
    if (part('kpi')) await benchKpis(book, emit);
  } finally {
    book.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
