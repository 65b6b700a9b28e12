// Reference-data import from a core-banking export folder (format: db/seeds/README.md).
//
// Every present file of the folder is imported in ONE transaction, parents first (customers, loans,
// installments, payments): either the whole run's valid rows land, with their change-log entries, or
// nothing does. Bad rows do not stop the run: each is rejected with its file, line, column and reason,
// and the rest is imported. A dry run is the same run rolled back at the end, so its report (counts,
// rejections) is exactly what the real run would do.
//
// Files are streamed line by line and handled in batches (one lookup query and one multi-row write
// per batch), so a file of millions of installments runs in flat memory.
import fs from 'node:fs';
import path from 'node:path';
import type { CentralDb, Queryable } from '../db';
import { AdminError, SYSTEM_USER } from '../admin';
import { readCsv, readHeader } from './csv';
import { IMPORT_HEADER_PROBLEMS } from '../../shared/i18n/importReport';
import { bothLanguages } from '../../shared/i18n/text';
import { fromIssueMessage, importReason, type Reason } from './messages';
import {
  Directory,
  FILE_TABLE,
  resolveCustomers,
  resolveInstallments,
  resolveLoans,
  resolvePayments,
  type Parsed,
  type Rejection,
  type Resolved,
} from './resolve';
import {
  customerRow,
  FILE_COLUMNS,
  IMPORT_FILES,
  installmentRow,
  loanRow,
  paymentRow,
  type CustomerRow,
  type ImportFile,
  type InstallmentRow,
  type LoanRow,
  type PaymentRow,
} from './schemas';
import { ImportWriter } from './writer';

export interface ImportOptions {
  dir: string;
  /** Validate and count everything, then roll back: the database is left as it was. */
  dryRun?: boolean;
  now?: Date;
  /** updated_by of the rows written. */
  by?: string;
  /** Rows per lookup and write. */
  batchSize?: number;
}

export interface FileReport {
  file: ImportFile;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface RejectedRow {
  file: ImportFile;
  line: number;
  key: string | null;
  errors: { column: string | null; zh: string; en: string }[];
}

export interface ImportReport {
  dir: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  files: FileReport[];
  rejectedRows: RejectedRow[];
  /** Rejections beyond MAX_LISTED_REJECTIONS are counted in files[].rejected but not listed. */
  rejectedRowsNotListed: number;
  /** Installments and payments that followed their loan to another branch (not counted per file). */
  movedWithLoan: { installments: number; payments: number };
  changeLogEntries: number;
  warnings: Reason[];
}

const MAX_LISTED_REJECTIONS = 10_000;
const DEFAULT_BATCH = 500;

/** Thrown inside the transaction to roll a dry run back; never leaves importDirectory. */
class DryRunRollback extends Error {}

interface Spec<T> {
  schema: { safeParse(raw: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } };
  keyOf(row: T): string;
  resolve(tx: Queryable, dir: Directory, rows: readonly Parsed<T>[]): Promise<{ resolved: Resolved[]; rejected: Rejection[] }>;
}

/** FileRun hands a spec only the rows its own schema parsed, so forgetting the row type is safe. */
const spec = <T>(s: Spec<T>): Spec<unknown> => s as unknown as Spec<unknown>;

const SPECS: Record<ImportFile, Spec<unknown>> = {
  'customers.csv': spec<CustomerRow>({ schema: customerRow, keyOf: (r) => r.customer_no, resolve: resolveCustomers }),
  'loans.csv': spec<LoanRow>({ schema: loanRow, keyOf: (r) => r.loan_no, resolve: resolveLoans }),
  'installments.csv': spec<InstallmentRow>({
    schema: installmentRow,
    keyOf: (r) => `${r.loan_no}#${r.seq}`,
    resolve: (tx, _dir, rows) => resolveInstallments(tx, rows),
  }),
  'payments.csv': spec<PaymentRow>({
    schema: paymentRow,
    keyOf: (r) => `${r.loan_no}#${r.payment_no}`,
    resolve: (tx, _dir, rows) => resolvePayments(tx, rows),
  }),
};

export async function importDirectory(db: CentralDb, options: ImportOptions): Promise<ImportReport> {
  const now = options.now ?? new Date();
  const files = IMPORT_FILES.filter((f) => fs.existsSync(path.join(options.dir, f)));
  if (files.length === 0) throw new AdminError(`no ${IMPORT_FILES.join(', ')} in ${options.dir}`);
  const headers = await checkHeaders(options.dir, files);
  const report: ImportReport = {
    dir: path.resolve(options.dir),
    dryRun: options.dryRun === true,
    startedAt: now.toISOString(),
    finishedAt: '',
    files: files.map((file) => ({ file, read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 })),
    rejectedRows: [],
    rejectedRowsNotListed: 0,
    movedWithLoan: { installments: 0, payments: 0 },
    changeLogEntries: 0,
    warnings: [],
  };
  try {
    await db.transaction(async (tx) => {
      const writer = await ImportWriter.start(tx, options.by ?? SYSTEM_USER, now);
      const directory = await Directory.load(tx);
      for (const file of files) {
        const run = new FileRun(tx, writer, directory, report, file, headers.get(file) as string[], options.batchSize ?? DEFAULT_BATCH);
        await run.all(path.join(options.dir, file));
      }
      report.changeLogEntries = await writer.recordAll();
      for (const s of await writer.splitBorrowers()) {
        report.warnings.push(importReason('splitBorrower', { customerNo: s.customerNo, customerBranch: s.customerBranch, loanNo: s.loanNo, loanBranch: s.loanBranch }));
      }
      if (report.dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  report.finishedAt = new Date().toISOString();
  return report;
}

/** Every file's header must name each documented column once, in any order, and nothing else. */
async function checkHeaders(dir: string, files: readonly ImportFile[]): Promise<Map<ImportFile, string[]>> {
  const problems: string[] = [];
  const out = new Map<ImportFile, string[]>();
  for (const file of files) {
    const header = await readHeader(path.join(dir, file));
    if ('reason' in header) {
      problems.push(`${file}: ${header.reason.zh} / ${header.reason.en}`);
      continue;
    }
    const names = header.fields.map((f) => f.trim());
    const expected = FILE_COLUMNS[file];
    const missing = expected.filter((c) => !names.includes(c));
    const unknown = names.filter((c) => !expected.includes(c));
    const twice = names.filter((c, i) => names.indexOf(c) !== i);
    const columnProblem = (problem: keyof typeof IMPORT_HEADER_PROBLEMS, columns: readonly string[]) =>
      problems.push(`${file}: ${bothLanguages(IMPORT_HEADER_PROBLEMS[problem], {}, ' / ')}: ${columns.join(', ')}`);
    if (missing.length > 0) columnProblem('missingColumns', missing);
    if (unknown.length > 0) columnProblem('unknownColumns', unknown);
    if (twice.length > 0) columnProblem('repeatedColumns', twice);
    out.set(file, names);
  }
  if (problems.length > 0) throw new AdminError(`nothing imported; fix the headers first:\n  ${problems.join('\n  ')}`);
  return out;
}

/** One file of a run: parse, validate, batch, resolve, write, count. */
class FileRun {
  private batch: Parsed<unknown>[] = [];
  private readonly counts: FileReport;
  private readonly spec: Spec<unknown>;

  constructor(
    private readonly tx: Queryable,
    private readonly writer: ImportWriter,
    private readonly directory: Directory,
    private readonly report: ImportReport,
    private readonly file: ImportFile,
    private readonly header: readonly string[],
    private readonly batchSize: number,
  ) {
    this.counts = report.files.find((f) => f.file === file) as FileReport;
    this.spec = SPECS[file];
  }

  async all(filePath: string): Promise<void> {
    let sawHeader = false;
    for await (const item of readCsv(filePath)) {
      if (!sawHeader && item.kind === 'record') {
        sawHeader = true;
        continue;
      }
      this.counts.read++;
      if (item.kind === 'error') {
        this.reject({ line: item.line, key: null, errors: [{ column: null, reason: item.reason }] });
        continue;
      }
      if (item.fields.length !== this.header.length) {
        const reason = importReason('columnCount', { expected: this.header.length, found: item.fields.length });
        this.reject({ line: item.line, key: null, errors: [{ column: null, reason }] });
        continue;
      }
      const raw = Object.fromEntries(this.header.map((c, i) => [c, item.fields[i] as string]));
      const parsed = this.spec.schema.safeParse(raw);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ column: i.path.length > 0 ? String(i.path[0]) : null, reason: fromIssueMessage(i.message) }));
        // The key as written, so the operator can find the row in the core system too.
        const trimmed = Object.fromEntries(Object.entries(raw).map(([c, v]) => [c, v.trim()]));
        this.reject({ line: item.line, key: this.spec.keyOf(trimmed), errors });
        continue;
      }
      this.batch.push({ line: item.line, key: this.spec.keyOf(parsed.data), data: parsed.data });
      if (this.batch.length >= this.batchSize) await this.flush();
    }
    await this.flush();
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    const table = FILE_TABLE[this.file];
    // A key may appear once per file: the first occurrence counts, later ones are rejected.
    const firstInBatch = new Map<string, number>();
    const unique: Parsed<unknown>[] = [];
    for (const row of batch) {
      const first = firstInBatch.get(row.key);
      if (first === undefined) {
        firstInBatch.set(row.key, row.line);
        unique.push(row);
      } else this.rejectDuplicate(row, first);
    }
    const seenBefore = await this.writer.claimKeys(table, unique.map((r) => ({ key: r.key, line: r.line })));
    const fresh = unique.filter((row) => {
      const first = seenBefore.get(row.key);
      if (first !== undefined) this.rejectDuplicate(row, first);
      return first === undefined;
    });
    const { resolved, rejected } = await this.spec.resolve(this.tx, this.directory, fresh);
    for (const r of rejected) this.reject(r);
    const { outcomes, moved } = await this.writer.write(table, resolved);
    for (const o of outcomes) this.counts[o]++;
    if (table === 'loans' && moved.length > 0) {
      const children = await this.writer.moveChildren(moved);
      this.report.movedWithLoan.installments += children.installments;
      this.report.movedWithLoan.payments += children.payments;
    }
  }

  private rejectDuplicate(row: Parsed<unknown>, firstLine: number): void {
    const reason = importReason('duplicateKey', { key: row.key, firstLine });
    this.reject({ line: row.line, key: row.key, errors: [{ column: null, reason }] });
  }

  private reject(r: Rejection): void {
    this.counts.rejected++;
    if (this.report.rejectedRows.length >= MAX_LISTED_REJECTIONS) {
      this.report.rejectedRowsNotListed++;
      return;
    }
    this.report.rejectedRows.push({
      file: this.file,
      line: r.line,
      key: r.key,
      errors: r.errors.map((e) => ({ column: e.column, zh: e.reason.zh, en: e.reason.en })),
    });
  }
}
