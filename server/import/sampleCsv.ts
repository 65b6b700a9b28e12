// Sample core-banking export files built from the deterministic demo book (shared/demo/generate.ts),
// in the import format of db/seeds/README.md. The branches and users they name are the demo ones
// (B001/B002, officer1, collector1, ...), which `seed-demo --loans 0` creates.
// Rows are written as the generator yields them, so a large sample never sits in memory.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { generateDemo, type GenerateDemoOptions } from '../../shared/demo/generate';
import { csvCell } from './csv';
import { FILE_COLUMNS, type ImportFile } from './schemas';

export interface SampleCounts {
  customers: number;
  loans: number;
  installments: number;
  payments: number;
}

class CsvOut {
  private readonly stream: fs.WriteStream;
  constructor(file: string, header: readonly string[]) {
    this.stream = fs.createWriteStream(file, { encoding: 'utf8' });
    this.stream.write(`${header.join(',')}\n`);
  }
  async row(cells: readonly (string | number | null)[]): Promise<void> {
    if (!this.stream.write(`${cells.map(csvCell).join(',')}\n`)) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export async function exportSample(dir: string, options: GenerateDemoOptions = {}): Promise<SampleCounts> {
  const demo = generateDemo(options);
  fs.mkdirSync(dir, { recursive: true });
  const open = (file: ImportFile) => new CsvOut(path.join(dir, file), FILE_COLUMNS[file]);
  const out = { customers: open('customers.csv'), loans: open('loans.csv'), installments: open('installments.csv'), payments: open('payments.csv') };
  const branchCode = new Map(demo.branches.map((b) => [b.id, b.code]));
  const username = new Map(demo.users.map((u) => [u.id, u.username]));
  const customerNo = new Map<string, string>(); // a borrower's later loans name the first one's number
  const counts: SampleCounts = { customers: 0, loans: 0, installments: 0, payments: 0 };
  try {
    for (const { customer: c, loan: l, installments, payments } of demo.loans()) {
      const branch = branchCode.get(l.branchId) ?? '';
      if (c) {
        customerNo.set(c.id, c.customerNo);
        await out.customers.row([
          c.customerNo, branch, c.name, c.type, c.segment, c.idNumberMasked, c.phone, c.address, JSON.stringify(c.contactPoints),
        ]);
        counts.customers++;
      }
      await out.loans.row([
        l.loanNo, branch, customerNo.get(l.customerId) ?? '', l.product, l.purpose, l.principal, l.annualRate, l.termMonths, l.method,
        l.rounding, l.disbursedOn, l.firstDueDate, l.maturityDate, username.get(l.officerId) ?? '', username.get(l.collectorId) ?? '',
        l.riskGrade, l.fiveClass, l.restructuredUntil, l.status,
      ]);
      counts.loans++;
      for (const i of installments) await out.installments.row([l.loanNo, i.seq, i.dueDate, i.principal, i.interest]);
      counts.installments += installments.length;
      // The demo has no transaction numbers; the core system's would be unique per loan, like these.
      let n = 0;
      for (const p of payments) await out.payments.row([l.loanNo, `P${String(++n).padStart(4, '0')}`, p.date, p.amount, p.channel, p.reference]);
      counts.payments += payments.length;
    }
  } finally {
    for (const o of Object.values(out)) await o.close();
  }
  return counts;
}
