// The import report for the operator: a table on the console and the full JSON next to the input
// files, so the rejected rows can be fixed and the folder imported again.
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_REPORT_HEADINGS } from '../../shared/i18n/importReport';
import type { Bilingual } from '../../shared/i18n/text';
import type { ImportReport } from './importer';

/** Rejected rows printed on the console; the JSON file lists them all. */
const PRINTED_REJECTIONS = 50;

/** The table is English, so a heading gives its English first and the Chinese after it. */
function heading(text: Bilingual): string {
  return `${text.en} ${text['zh-CN']}`;
}

export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  lines.push(`${report.dryRun ? 'DRY RUN (nothing written) ' : ''}import of ${report.dir}`);
  const head = ['file', 'read', 'inserted', 'updated', 'unchanged', 'rejected'];
  const rows = report.files.map((f) => [f.file, f.read, f.inserted, f.updated, f.unchanged, f.rejected].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  lines.push(`  ${fmt(head)}`);
  for (const r of rows) lines.push(`  ${fmt(r)}`);
  const moved = report.movedWithLoan;
  if (moved.installments + moved.payments > 0) {
    lines.push(`  moved with their loan to another branch: ${moved.installments} installments, ${moved.payments} payments`);
  }
  lines.push(`  change-log entries ${report.dryRun ? 'that would be ' : ''}written: ${report.changeLogEntries}`);
  const rejected = report.files.reduce((n, f) => n + f.rejected, 0);
  if (rejected > 0) {
    lines.push(`${heading(IMPORT_REPORT_HEADINGS.rejectedRows)} (${rejected}):`);
    for (const r of report.rejectedRows.slice(0, PRINTED_REJECTIONS)) {
      const why = r.errors.map((e) => `${e.column ? `${e.column}: ` : ''}${e.zh} / ${e.en}`).join('; ');
      lines.push(`  ${r.file}:${r.line}${r.key ? ` [${r.key}]` : ''} ${why}`);
    }
    if (rejected > PRINTED_REJECTIONS) lines.push(`  ... ${rejected - PRINTED_REJECTIONS} more in the JSON report`);
  }
  for (const w of report.warnings) lines.push(`${heading(IMPORT_REPORT_HEADINGS.warning)}: ${w.zh} / ${w.en}`);
  return lines.join('\n');
}

/** Writes `import-report-<timestamp>.json` into the input folder; returns its path. */
export function saveReport(report: ImportReport, dir: string): string {
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = path.join(dir, `import-report-${stamp}${report.dryRun ? '-dry-run' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
