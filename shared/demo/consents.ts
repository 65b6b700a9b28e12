// The demo's recorded consents to late contact (contact_consents): each branch's first delinquent
// borrowers show one consent in force, one expired and one withdrawn, and a few more borrowers have one
// in force, so the collection screen shows every state. Its own PRNG and id stream, like the contact
// history, so the rest of the book stays the same loan for loan.
import { addDays } from '../domain/dates';
import { CONSENT_WAYS } from '../domain/vocabulary';
import { IdFactory, Prng } from './prng';
import type { DemoConsent, DemoLoan } from './types';

const STATES = ['active', 'expired', 'withdrawn'] as const;
/** Share of the other delinquent borrowers with a consent in force. */
const MORE_ACTIVE = 0.03;

const NOTES = {
  written: '客户签署夜间联系同意书',
  recorded_call: '客户在录音电话中同意夜间联系（夜班工作）',
  in_person: '客户到网点当面确认可在夜间联系',
  withdrawn: '客户来电撤回夜间联系同意',
} as const;

export class ConsentMaker {
  private readonly rng: Prng;
  private readonly ids: IdFactory;
  /** States each branch has not shown yet, in the order they are given. */
  private readonly unseen = new Map<string, (typeof STATES)[number][]>();
  private readonly customers = new Set<string>();

  constructor(seed: number, private readonly asOf: string, idBaseMs: number) {
    this.rng = new Prng(seed ^ 0x5c0e5e7);
    this.ids = new IdFactory(new Prng(seed ^ 0x1d5c0e5), idBaseMs, 0);
  }

  /** The consents recorded for a delinquent loan's borrower, through the loan (each borrower once). */
  make(loan: DemoLoan): DemoConsent[] {
    if (this.customers.has(loan.customerId)) return [];
    let left = this.unseen.get(loan.branchId);
    if (!left) this.unseen.set(loan.branchId, (left = [...STATES]));
    const state = left.shift() ?? (this.rng.chance(MORE_ACTIVE) ? 'active' : null);
    if (state === null) return [];
    this.customers.add(loan.customerId);
    const via = this.rng.pick(CONSENT_WAYS);
    const base = { loanId: loan.id, customerId: loan.customerId, recordedBy: loan.collectorId, givenVia: via, withdrawsId: null };
    if (state === 'active') {
      const givenOn = addDays(this.asOf, -this.rng.int(3, 60));
      return [{ ...base, id: this.ids.next(), givenOn, validUntil: addDays(givenOn, 180), note: NOTES[via] }];
    }
    if (state === 'expired') {
      const givenOn = addDays(this.asOf, -400);
      return [{ ...base, id: this.ids.next(), givenOn, validUntil: addDays(givenOn, 300), note: NOTES[via] }];
    }
    const givenOn = addDays(this.asOf, -90);
    const consent: DemoConsent = { ...base, id: this.ids.next(), givenOn, validUntil: addDays(givenOn, 300), note: NOTES[via] };
    const withdrawal: DemoConsent = { ...base, id: this.ids.next(), givenOn: addDays(this.asOf, -10), validUntil: null, note: NOTES.withdrawn, withdrawsId: consent.id };
    return [consent, withdrawal];
  }
}
