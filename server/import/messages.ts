// Rejection reasons for the people who fix the export files: head-office operators read Chinese,
// the vendors who write the core-banking extracts often English, so every reason carries both. The
// texts are in shared/i18n/importReport.ts.
import { IMPORT_REASONS, type ImportReasonKey } from '../../shared/i18n/importReport';
import { labelOf } from '../../shared/i18n/collections';
import type { TextParams } from '../../shared/i18n/text';

export interface Reason {
  readonly zh: string;
  readonly en: string;
}

/** A reason from the catalog, placeholders filled, in both languages. */
export function importReason(key: ImportReasonKey, params: TextParams = {}): Reason {
  return labelOf(IMPORT_REASONS[key], params);
}

/** zod carries one message string per issue; this is how a Reason travels through it and back. */
const SEP = ' ¦ ';

export function toIssueMessage(reason: Reason): string {
  return `${reason.zh}${SEP}${reason.en}`;
}

export function fromIssueMessage(message: string): Reason {
  const at = message.indexOf(SEP);
  return at < 0 ? { zh: message, en: message } : { zh: message.slice(0, at), en: message.slice(at + SEP.length) };
}
