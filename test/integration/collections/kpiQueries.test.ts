// The KPI read models against a plain reading of the same real SQLite file: the covering indexes, the
// promise-contact join through contacts_promise_idx and the contact_loans set (local migration 0011)
// must give exactly the figures the definitions give when read row by row.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { kpiCounts, paymentsOfPromisedLoans, promisesFor, recoveredByCollector } from '../../../db/local/queries/collections';
import type { ReadHandle } from '../../../db/local/store';
import { OUTCOME_CODES, OUTCOMES } from '../../../shared/domain/contactOutcomes';
import { addDays } from '../../../shared/domain/dates';
import { Prng } from '../../../shared/demo/prng';
import { createFixture, openTestStore, tempDir, type Fixture } from '../../helpers/fixtures';

const RIGHT_PARTY = OUTCOME_CODES.filter((c) => OUTCOMES[c].rightParty);
const NOT_ATTEMPTS = ['blocked', ...OUTCOME_CODES.filter((c) => !OUTCOMES[c].isAttempt)];
const OUTCOMES_USED = ['no_answer', 'right_party_contact', 'promise_to_pay', 'refused_to_pay', 'blocked', 'cleared_by_supervisor', 'sms_sent', 'busy'];
const COLLECTORS = ['user-collector-A', 'user-collector-B', 'user-supervisor-A', 'user-officer-A'];
const LOANS_A = Array.from({ length: 12 }, (_, i) => `loan-A-${i}`);
const MIGRATIONS = path.resolve(import.meta.dirname, '../../../db/local/migrations');

const iso = (date: string, minute: number) => new Date(Date.parse(`${date}T00:00:00+08:00`) + minute * 60_000).toISOString();
const byKey = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

/**
 * Loans, contacts (corrections, tombstones, other branch, blocked tries, overrides, complaints),
 * promises (some made by a contact that is not a promise entry, some with no or a missing contact) and
 * payments (tombstoned, outside the period) spread over September to November, from one seed.
 */
function writeBook(fx: Fixture, seed: number): void {
  const rng = new Prng(seed);
  const day = () => addDays('2026-09-20', rng.int(0, 55));
  fx.store.transaction((w) => {
    const db = w.sql;
    const base = db.prepare("SELECT * FROM loans WHERE id = 'loan-A'").get() as Record<string, unknown>;
    const cols = Object.keys(base);
    const insLoan = db.prepare(`INSERT INTO loans (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    LOANS_A.forEach((id, i) => insLoan.run(...cols.map((c) => (c === 'id' ? id : c === 'loan_no' ? `LN-A-X${i}` : c === 'collector_id' ? COLLECTORS[i % 2] : base[c]))));
    const loans = [...LOANS_A, 'loan-A', 'loan-B'];
    const insAssign = db.prepare(
      `INSERT INTO collection_assignments (id, branch_id, created_at, updated_at, updated_by, loan_id, collector_id, deleted_at) VALUES (?, 'branch-A', 'x', 'x', 'u', ?, ?, ?)`,
    );
    insAssign.run('as-1', 'loan-A-1', 'user-supervisor-A', null);
    insAssign.run('as-2', 'loan-A-2', 'user-officer-A', '2026-10-01T00:00:00Z'); // tombstoned: the loan's own collector counts

    const insContact = db.prepare(
      `INSERT INTO contacts (id, branch_id, created_at, updated_at, updated_by, loan_id, channel, party, started_at, outcome,
         collector_id, corrects_id, complaint, override_ids, deleted_at)
       VALUES (?, ?, 'x', 'x', 'u', ?, 'phone', 'borrower', ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insPromise = db.prepare(
      `INSERT INTO promises_to_pay (id, branch_id, created_at, updated_at, updated_by, loan_id, contact_id, amount, promised_on, status, deleted_at)
       VALUES (?, ?, ?, 'x', 'u', ?, ?, ?, ?, 'pending', ?)`,
    );
    const ids: string[] = [];
    for (let i = 0; i < 600; i++) {
      // Loans 10 and 11 never get a contact: their payments are not recovery.
      const loan = loans.filter((l) => l !== 'loan-A-10' && l !== 'loan-A-11')[rng.int(0, loans.length - 3)] as string;
      const branch = loan === 'loan-B' ? 'branch-B' : 'branch-A';
      const d = day();
      // Some contacts sit exactly on a day's start in Shanghai: the period's bounds.
      const at = rng.chance(0.1) ? iso(d, 0) : iso(d, rng.int(-60, 23 * 60));
      const id = `c-${String(i).padStart(4, '0')}`;
      const outcome = OUTCOMES_USED[rng.int(0, OUTCOMES_USED.length - 1)] as string;
      const corrects = ids.length > 0 && rng.chance(0.05) ? ids[rng.int(0, ids.length - 1)] : null;
      const overrides = [null, '[]', '["o-1"]'][rng.int(0, 2)] ?? null;
      insContact.run(id, branch, loan, at, outcome, COLLECTORS[rng.int(0, 3)], corrects, rng.chance(0.05) ? 1 : 0, overrides, rng.chance(0.05) ? at : null);
      ids.push(id);
      if (outcome === 'promise_to_pay' || rng.chance(0.03)) {
        insPromise.run(`p-${i}`, branch, at, loan, id, rng.int(1, 50) * 10_000, addDays(d, rng.int(0, 9)), rng.chance(0.05) ? at : null);
      }
    }
    // Promises with no contact, or a contact that is not there: made at their created_at, by nobody.
    insPromise.run('p-none', 'branch-A', iso('2026-10-03', 600), 'loan-A-3', null, 100_000, '2026-10-08', null);
    insPromise.run('p-missing', 'branch-A', iso('2026-10-04', 600), 'loan-A-4', 'c-missing', 100_000, '2026-10-09', null);

    const insPayment = db.prepare(
      `INSERT INTO payments (id, branch_id, created_at, updated_at, updated_by, loan_id, paid_on, amount, channel, deleted_at)
       VALUES (?, ?, 'x', 'x', 'u', ?, ?, ?, 'counter', ?)`,
    );
    for (let i = 0; i < 300; i++) {
      const loan = loans[rng.int(0, loans.length - 1)] as string;
      insPayment.run(`pay-${i}`, loan === 'loan-B' ? 'branch-B' : 'branch-A', loan, day(), rng.int(1, 90) * 1_000, rng.chance(0.05) ? 'x' : null);
    }
  });
}

// The definitions read row by row (NOT INDEXED: the table itself), as the queries were before 0011.
function plainCounts(r: ReadHandle, branchId: string, fromIso: string, toIso: string) {
  const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
  return r.sql
    .prepare(
      `SELECT c.collector_id AS collectorId,
              SUM(CASE WHEN c.outcome NOT IN (${list(NOT_ATTEMPTS)}) THEN 1 ELSE 0 END) AS attempts,
              SUM(CASE WHEN c.outcome IN (${list(RIGHT_PARTY)}) THEN 1 ELSE 0 END) AS rightPartyContacts,
              SUM(CASE WHEN c.outcome = 'promise_to_pay' THEN 1 ELSE 0 END) AS promises,
              SUM(CASE WHEN c.outcome = 'blocked' THEN 1 ELSE 0 END) AS blocks,
              SUM(CASE WHEN c.override_ids IS NOT NULL AND c.override_ids <> '[]' THEN 1 ELSE 0 END) AS overrides,
              SUM(c.complaint) AS complaints
         FROM contacts c NOT INDEXED
        WHERE c.branch_id = ? AND c.started_at >= ? AND c.started_at < ? AND c.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM contacts x NOT INDEXED WHERE x.corrects_id = c.id)
        GROUP BY c.collector_id`,
    )
    .all(branchId, fromIso, toIso);
}

function plainRecovered(r: ReadHandle, branchId: string, from: string, to: string) {
  return r.sql
    .prepare(
      `SELECT COALESCE(a.collector_id, l.collector_id) AS collectorId, SUM(p.amount) AS recovered
         FROM payments p NOT INDEXED JOIN loans l ON l.id = p.loan_id
         LEFT JOIN collection_assignments a ON a.loan_id = l.id AND a.deleted_at IS NULL
        WHERE l.branch_id = ? AND p.paid_on BETWEEN ? AND ? AND p.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM contacts c NOT INDEXED WHERE c.loan_id = l.id)
        GROUP BY 1`,
    )
    .all(branchId, from, to);
}

function plainPromises(r: ReadHandle, branchId: string, from: string, to: string) {
  return r.sql
    .prepare(
      `SELECT p.id, p.loan_id AS loanId, p.amount, p.promised_on AS promisedOn, COALESCE(c.started_at, p.created_at) AS madeAt,
              p.contact_id AS contactId, c.collector_id AS collectorId
         FROM promises_to_pay p NOT INDEXED LEFT JOIN contacts c NOT INDEXED ON c.id = p.contact_id
        WHERE p.branch_id = ? AND p.deleted_at IS NULL AND p.promised_on BETWEEN ? AND ?
        ORDER BY p.promised_on, p.id`,
    )
    .all(branchId, from, to);
}

function plainPayments(r: ReadHandle, branchId: string, from: string, to: string) {
  return r.sql
    .prepare(
      `SELECT p.loan_id AS loanId, p.paid_on AS date, p.amount
         FROM (SELECT pr.loan_id, MIN(MIN(pr.promised_on, substr(COALESCE(c.started_at, pr.created_at), 1, 10))) AS since
                 FROM promises_to_pay pr NOT INDEXED LEFT JOIN contacts c NOT INDEXED ON c.id = pr.contact_id
                WHERE pr.branch_id = ? AND pr.deleted_at IS NULL AND pr.promised_on BETWEEN ? AND ?
                GROUP BY pr.loan_id) f
         JOIN payments p NOT INDEXED ON p.loan_id = f.loan_id AND p.paid_on >= COALESCE(date(f.since, '-1 day'), '')
        WHERE p.deleted_at IS NULL`,
    )
    .all(branchId, from, to) as { loanId: string; date: string; amount: number }[];
}

const distinctLoansOfContacts = (r: ReadHandle) => r.sql.prepare('SELECT DISTINCT loan_id FROM contacts NOT INDEXED ORDER BY 1').pluck().all();
const contactLoans = (r: ReadHandle) => r.sql.prepare('SELECT loan_id FROM contact_loans ORDER BY 1').pluck().all();

describe('collections KPI queries', () => {
  it.each([20261201, 20261202, 20261203])('give the figures of a plain reading of the rows (seed %i)', (seed) => {
    const fx = createFixture();
    writeBook(fx, seed);
    const r = fx.store.read();
    const periods = [
      ['2026-10-01', '2026-10-31'],
      ['2026-10-15', '2026-10-15'],
      ['2026-09-01', '2026-12-31'],
      ['2027-01-01', '2027-01-31'],
    ] as const;
    for (const branchId of ['branch-A', 'branch-B']) {
      for (const [from, to] of periods) {
        const fromIso = iso(from, 0);
        const toIso = iso(addDays(to, 1), 0);
        const counts = kpiCounts(r, branchId, fromIso, toIso, RIGHT_PARTY, NOT_ATTEMPTS);
        expect(byKey(counts, (x) => x.collectorId)).toEqual(byKey(plainCounts(r, branchId, fromIso, toIso) as typeof counts, (x) => x.collectorId));
        const recovered = recoveredByCollector(r, branchId, from, to);
        expect(byKey(recovered, (x) => x.collectorId)).toEqual(byKey(plainRecovered(r, branchId, from, to) as typeof recovered, (x) => x.collectorId));
        const promisedFrom = addDays(from, -1);
        expect(promisesFor(r, branchId, { promisedFrom, promisedTo: to })).toEqual(plainPromises(r, branchId, promisedFrom, to));
        const key = (x: { loanId: string; date: string; amount: number }) => `${x.loanId} ${x.date} ${x.amount}`;
        expect(byKey(paymentsOfPromisedLoans(r, branchId, { from: promisedFrom, to }), key)).toEqual(byKey(plainPayments(r, branchId, promisedFrom, to), key));
      }
    }
    // The book is not trivially empty where it matters.
    expect(recoveredByCollector(r, 'branch-A', '2026-09-01', '2026-12-31').length).toBeGreaterThan(1);
    expect(promisesFor(r, 'branch-A', { promisedFrom: '2026-09-01', promisedTo: '2026-12-31' }).length).toBeGreaterThan(10);
    fx.store.close();
  });

  it('keeps contact_loans equal to the loans found in contacts through inserts, moves and deletes', () => {
    const fx = createFixture();
    writeBook(fx, 20261204);
    const r = fx.store.read();
    expect(contactLoans(r)).toEqual(distinctLoansOfContacts(r));
    fx.store.transaction((w) => {
      // As an undo takes back a logged contact: the row goes, and with the loan's last contact the loan.
      w.sql.prepare("DELETE FROM contacts WHERE loan_id = 'loan-A-5'").run();
      w.sql.prepare("UPDATE contacts SET loan_id = 'loan-A-10' WHERE id = (SELECT MIN(id) FROM contacts WHERE loan_id = 'loan-A-6')").run();
    });
    expect(contactLoans(r)).toEqual(distinctLoansOfContacts(r));
    expect(contactLoans(r)).toContain('loan-A-10');
    expect(contactLoans(r)).not.toContain('loan-A-5');
    fx.store.close();
  });

  it('fills contact_loans from the contacts already there when a database of 0010 is upgraded', () => {
    const file = path.join(tempDir(), 'w.db');
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    const old = new Database(file);
    old.exec('CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)');
    for (const e of journal.entries.slice(0, journal.entries.findIndex((x) => x.tag === '0010_contacts_by_number') + 1)) {
      for (const statement of fs.readFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), 'utf8').split('--> statement-breakpoint')) {
        if (statement.trim()) old.exec(statement);
      }
      old.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(e.tag, e.when);
    }
    const ins = old.prepare(
      `INSERT INTO contacts (id, branch_id, created_at, updated_at, updated_by, loan_id, channel, party, started_at, outcome, collector_id, deleted_at)
       VALUES (?, 'branch-A', 'x', 'x', 'u', ?, 'phone', 'borrower', '2026-10-01T02:00:00.000Z', 'no_answer', 'u', ?)`,
    );
    ins.run('c-1', 'loan-1', null);
    ins.run('c-2', 'loan-1', null);
    ins.run('c-3', 'loan-2', '2026-10-02T00:00:00.000Z'); // a tombstoned contact still marks its loan
    old.close();

    const store = openTestStore(file);
    expect(contactLoans(store.read())).toEqual(['loan-1', 'loan-2']);
    store.close();
  });
});
