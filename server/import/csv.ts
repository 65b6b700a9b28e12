// A small streaming RFC 4180 reader for the core-banking export files (db/seeds/README.md): comma
// separated, fields optionally in double quotes, "" for a quote inside a quoted field, line breaks
// allowed inside quoted fields, CRLF or LF line ends, an optional UTF-8 BOM. Files are read line by
// line (readline), so memory stays flat however large the export is.
//
// A broken record must not take the rest of the file with it: an unterminated quote would otherwise
// swallow every following line. So a record may span at most MAX_RECORD_LINES physical lines; when a
// record that started on line n cannot be parsed, line n alone is reported and the lines after it
// are parsed again as fresh records.
import fs from 'node:fs';
import readline from 'node:readline';
import { importReason, type Reason } from './messages';

export type CsvItem =
  | { readonly kind: 'record'; readonly line: number; readonly fields: string[] }
  | { readonly kind: 'error'; readonly line: number; readonly reason: Reason };

/** Longer multi-line fields than this are treated as a quote that was never closed. */
const MAX_RECORD_LINES = 50;
const MAX_RECORD_CHARS = 1_000_000;

type Parsed = { status: 'complete'; fields: string[] } | { status: 'incomplete' } | { status: 'error'; reason: Reason };

/** Parses one record from its physical lines joined by '\n'. */
export function parseRecord(text: string): Parsed {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { status: 'incomplete' };
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return { status: 'complete', fields };
      if (text[i] !== ',') return { status: 'error', reason: importReason('textAfterClosingQuote') };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const value = comma < 0 ? text.slice(i) : text.slice(i, comma);
      if (value.includes('"')) return { status: 'error', reason: importReason('quoteInUnquotedField') };
      if (value.includes('\n')) return { status: 'error', reason: importReason('unbalancedQuotes') };
      fields.push(value);
      if (comma < 0) return { status: 'complete', fields };
      i = comma + 1;
    }
  }
}

/** Turns physical lines into records, recovering after a broken one (see the file comment). */
export class CsvSplitter {
  private pending: { text: string; line: number }[] = [];

  push(text: string, line: number): CsvItem[] {
    const out: CsvItem[] = [];
    const queue = [{ text, line }];
    while (queue.length > 0) {
      const next = queue.shift() as { text: string; line: number };
      // Blank lines between records (a trailing newline, an editor's extra line) carry no data.
      if (this.pending.length === 0 && next.text.trim() === '') continue;
      this.pending.push(next);
      const joined = this.pending.map((p) => p.text).join('\n');
      const parsed = parseRecord(joined);
      if (parsed.status === 'complete') {
        out.push({ kind: 'record', line: (this.pending[0] as { line: number }).line, fields: parsed.fields });
        this.pending = [];
      } else if (parsed.status === 'error' || this.pending.length > MAX_RECORD_LINES || joined.length > MAX_RECORD_CHARS) {
        const reason =
          parsed.status === 'error' && this.pending.length === 1
            ? parsed.reason
            : importReason('quotedFieldNotEnded');
        queue.unshift(...this.fail(out, reason));
      }
    }
    return out;
  }

  /** At end of file a record still open had a quote that never closed. */
  end(): CsvItem[] {
    const out: CsvItem[] = [];
    while (this.pending.length > 0) {
      const rest = this.fail(out, importReason('quoteNeverClosed'));
      for (const r of rest) out.push(...this.push(r.text, r.line));
    }
    return out;
  }

  /** Reports the record's first line and hands back the lines after it to be parsed again. */
  private fail(out: CsvItem[], reason: Reason): { text: string; line: number }[] {
    const [first, ...rest] = this.pending;
    this.pending = [];
    if (first) out.push({ kind: 'error', line: first.line, reason });
    return rest;
  }
}

/** Streams the records (and unparseable lines) of a CSV file; line numbers are 1-based physical lines. */
export async function* readCsv(file: string): AsyncGenerator<CsvItem> {
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  const splitter = new CsvSplitter();
  let n = 0;
  try {
    for await (const raw of lines) {
      n++;
      const text = n === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
      yield* splitter.push(text, n);
    }
    yield* splitter.end();
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** The first record of a file (its header), or why there is none. */
export async function readHeader(file: string): Promise<{ fields: string[] } | { reason: Reason }> {
  for await (const item of readCsv(file)) {
    return item.kind === 'record' ? { fields: item.fields } : { reason: item.reason };
  }
  return { reason: importReason('emptyFile') };
}

/** One CSV cell: quoted only when it must be (comma, quote or line break inside). */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
