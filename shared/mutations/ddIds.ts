// Ids that must come out the same on every device: one answer row per (case, item), so two devices
// answering the same item offline meet on one row at head office (and merge per field) instead of
// leaving two answers for one question.
import { v5 as uuidv5 } from 'uuid';
import { todayInTimeZone } from '../domain/dates';
import { buildSchedule } from '../domain/schedule';
import type { LoanApplication } from '../domain/loanApplication';

const ANSWER_NAMESPACE = '6f1c2d7e-4b8a-5c3d-9e0f-1a2b3c4d5e6f';

export function answerRowId(caseId: string, itemKey: string): string {
  return uuidv5(`dd_case:${caseId}:${itemKey}`, ANSWER_NAMESPACE);
}

/** First installment of the applied-for loan, fen: the new debt service the debt-service ratio adds. */
export function applicationMonthlyPayment(app: LoanApplication): number {
  // The due date only places installments in the calendar; the first period's amount does not depend on it.
  const [first] = buildSchedule({
    principal: app.amount,
    annualRate: app.annualRate,
    termMonths: app.termMonths,
    method: app.method,
    firstDueDate: '2000-01-15',
  });
  return first ? first.total : 0;
}

/**
 * A case's reference for people and printouts, the same on every device and never changing: DD, the
 * date the case was opened in the branch's zone (from the time inside its UUIDv7 id) and the id's last
 * six hex digits (random bits), e.g. DD20261204-3F9A1C.
 */
export function ddCaseNumber(caseId: string, timeZone: string): string {
  const hex = caseId.replace(/-/g, '').toLowerCase();
  const tail = hex.slice(-6).toUpperCase();
  if (hex.length !== 32 || hex[12] !== '7') return `DD-${tail}`;
  const opened = todayInTimeZone(new Date(parseInt(hex.slice(0, 12), 16)), timeZone);
  return `DD${opened.replace(/-/g, '')}-${tail}`;
}
