// One delinquent loan's contact log told as a story (a promise kept, a promise broken, a borrower who
// cannot be reached, …), entry by entry in time order, keeping the contact rules by construction (see
// contactHistory.ts for why). Days are whole numbers since 1970-01-01 inside: date strings are parsed
// only at the edges, which halved the history's cost on a 100k-loan book.
import { OUTCOMES, type OutcomeCode } from '../domain/contactOutcomes';
import type { ContactPolicy } from '../domain/contactPolicy';
import { bucketOf } from '../domain/delinquency';
import { escalationStep, type EscalationPolicy } from '../domain/escalation';
import { evaluatePromise, type PromisePolicy } from '../domain/promiseToPay';
import type { Bucket, ContactChannel, ContactParty } from '../domain/vocabulary';
import { contactPointsOf, type ContactPoint } from '../mutations/collectionRules';
import { blockedContact } from './blockedContact';
import { HOLD_CLEARED_NOTES, OUTCOME_NOTES } from './contactNotes';
import type { Prng } from './prng';
import type { DemoBranch, DemoContact, DemoCustomer, DemoLoan, DemoLoanMetrics, DemoPayment, DemoPromise } from './types';

/** How far back a delinquent loan's log goes: the collections screen's working horizon. */
const HISTORY_DAYS = 75;
/** A loan whose last attempt is this many days before asOf or fewer was contacted recently. */
export const RECENT_CONTACT_DAYS = 3;

/** Each story, the state it shows in the queue, and its weight once the branch has shown every state. */
export const STORIES = [
  ['pending', 'pending', 12],
  ['broken', 'broken', 14],
  ['kept', 'kept', 8],
  ['partly', 'partially_kept', 4],
  ['recent', 'recent_contact', 34],
  ['never', 'never_contacted', 14],
  ['unreachable', 'third_party', 8],
  ['hold', 'blocked', 3],
] as const;
export type Story = (typeof STORIES)[number][0];
/** The states of a loan's history that the queue and the loan screen show. */
export type HistoryState = (typeof STORIES)[number][1];

const DAY_MS = 86_400_000;
export const dayNo = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
export const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What a branch's demo collectors work with: its policies as a fresh branch resolves them. */
export interface BranchRules {
  readonly branch: DemoBranch;
  readonly contact: ContactPolicy;
  readonly promise: PromisePolicy;
  readonly escalation: EscalationPolicy;
  readonly supervisorId: string;
  /** States this branch's book has not shown yet. */
  readonly unseen: Set<HistoryState>;
  /** The instant each local day starts, by day number. */
  readonly dayStarts: Map<number, number>;
  /** Channels each bucket's escalation step allows. */
  readonly channels: Map<Bucket, readonly ContactChannel[]>;
}

/** What the log needs of the whole book: ids, and the per-number call tally across loans. */
export interface LogBook {
  nextId(): string;
  /** Counts a call to `number` on `day`; false (nothing counted) when the number's cap for the day is reached. */
  takeCall(number: string, day: number, answered: boolean): boolean;
  dayStart(rules: BranchRules, day: number): number;
}

export interface HistoryInput {
  readonly loan: DemoLoan;
  readonly customer: Pick<DemoCustomer, 'address' | 'contactPoints'>;
  readonly payments: readonly DemoPayment[];
  readonly metrics: DemoLoanMetrics;
}

interface Attempt {
  readonly channel: ContactChannel;
  readonly party: ContactParty;
  readonly outcome: OutcomeCode;
  /** The number for phone and sms; letters, visits and legal notices go to the borrower's address. */
  readonly point?: ContactPoint;
  readonly nextActionOn?: number;
  readonly complaint?: boolean;
}

export class LoanLog {
  readonly contacts: DemoContact[] = [];
  readonly promises: DemoPromise[] = [];
  private readonly madeOn: number[] = [];
  private readonly loan: DemoLoan;
  private readonly points: ContactPoint[];
  private readonly borrowerPhone: ContactPoint | undefined;
  /** The oldest unpaid installment's due date: the loan is behind from the day after. */
  private readonly overdueSince: number;
  /** First and last day of the log (nothing on asOf itself: a demo loaded in the morning has no contacts yet to come). */
  private readonly from: number;
  private readonly last: number;
  private readonly span: number;
  /** A payment made while behind (the partial ones): a promise taken before it is kept by it. */
  private readonly keeping: { day: number; amount: number } | undefined;
  private readonly open: number;
  private readonly close: number;
  private day = -Infinity;
  private minute = 0;
  private lastAttemptDay = -Infinity;
  private failedStreak = 0;
  private lastInvalid = -Infinity;
  private lastReached = -Infinity;
  private letterSent = false;
  private legalSent = false;
  private thirdPartyReached = false;

  constructor(
    private readonly book: LogBook,
    private readonly rng: Prng,
    private readonly asOf: number,
    private readonly rules: BranchRules,
    private readonly input: HistoryInput,
  ) {
    this.loan = input.loan;
    this.points = contactPointsOf({ contact_points: input.customer.contactPoints });
    this.borrowerPhone = this.points.find((p) => p.party === 'borrower' && p.kind === 'mobile') ?? this.points.find((p) => p.party === 'borrower');
    this.overdueSince = asOf - input.metrics.dpd;
    this.from = Math.max(this.overdueSince + 1, asOf - HISTORY_DAYS);
    this.last = asOf - 1;
    this.span = this.last - this.from + 1;
    for (let i = input.payments.length - 1; i >= 0 && !this.keeping; i--) {
      const p = input.payments[i] as DemoPayment;
      const day = dayNo(p.date);
      if (day > this.overdueSince && day >= this.from && p.amount > 0) this.keeping = { day, amount: p.amount };
    }
    // Half an hour inside the opening, an hour and a half before the close: a day with a clock change stays inside.
    this.open = minuteOf(rules.contact.contactHours.start) + 30;
    this.close = minuteOf(rules.contact.contactHours.end) - 90;
  }

  private get grace(): number {
    return this.rules.promise.graceDays;
  }

  feasible(story: Story): boolean {
    if (story === 'never') return true;
    if (!this.borrowerPhone || this.span < 1) return false;
    if (story === 'kept') return this.keeping !== undefined;
    if (story === 'partly') return this.keeping !== undefined && this.keeping.day + this.grace < this.asOf;
    if (story === 'broken') return this.span >= this.grace + 3;
    if (story === 'unreachable') return this.span >= 4;
    if (story === 'hold') return this.span >= 9;
    return true;
  }

  tell(story: Story): void {
    const { rng, from, last } = this;
    if (story === 'recent') {
      const recent = rng.chance(0.55) || this.rules.unseen.has('recent_contact');
      const end = last - (recent ? rng.int(0, RECENT_CONTACT_DAYS - 1) : rng.int(RECENT_CONTACT_DAYS, 20));
      this.work(from, Math.max(end, from), rng.int(1, 5), true);
    } else if (story === 'pending') {
      const madeOn = Math.max(from, last - rng.int(0, 5));
      this.work(from, madeOn - 1, rng.int(0, 4));
      this.promise(madeOn, this.instalmentAmount(), Math.max(madeOn, this.asOf) + rng.int(0, 7));
    } else if (story === 'kept' || story === 'partly') {
      const paid = this.keeping as { day: number; amount: number };
      const madeOn = Math.max(from, Math.min(paid.day, last) - rng.int(0, 6));
      this.work(from, madeOn - 1, rng.int(0, 3));
      const kept = story === 'kept';
      const promisedOn = paid.day + (kept ? rng.int(0, 2) : 0);
      // Kept: no more than was paid, in whole yuan. Partly: a round sum the payment falls short of.
      const amount = kept ? (paid.amount >= 100 ? Math.floor(paid.amount / 100) * 100 : paid.amount) : (Math.floor(paid.amount / 10_000) + rng.int(2, 5)) * 10_000;
      this.promise(madeOn, amount, promisedOn);
      if (!kept) this.work(promisedOn + this.grace + 1, last, rng.int(0, 2));
    } else if (story === 'broken') {
      const wait = rng.int(1, 6);
      const latest = last - (wait + this.grace + 1);
      const madeOn = latest < from ? from : latest - rng.int(0, Math.min(20, latest - from));
      this.work(from, madeOn - 1, rng.int(0, 3));
      const promisedOn = madeOn + Math.min(wait, last - madeOn - this.grace - 1);
      this.promise(madeOn, this.instalmentAmount(), promisedOn);
      this.work(promisedOn + this.grace + 1, last, rng.int(1, 3));
    } else if (story === 'unreachable') {
      this.unreachable();
    } else if (story === 'hold') {
      this.hold();
    }
  }

  /** States this log shows in the queue (for the branch's tally of states not shown yet). */
  states(): HistoryState[] {
    const out: HistoryState[] = [];
    if (this.lastAttemptDay === -Infinity) out.push('never_contacted');
    else if (this.lastAttemptDay >= this.asOf - RECENT_CONTACT_DAYS) out.push('recent_contact');
    if (this.thirdPartyReached) out.push('third_party');
    if (this.contacts.some((c) => !(c.outcome in OUTCOMES))) out.push('blocked');
    const asOf = dateOf(this.asOf);
    this.promises.forEach((p, i) => {
      const made = { amount: p.amount, promisedOn: p.promisedOn, madeOn: dateOf(this.madeOn[i] as number) };
      out.push(evaluatePromise(made, this.input.payments, asOf, this.rules.promise).status);
    });
    return out;
  }

  // ---------- stories ----------

  /** `count` days of ordinary collection work in [first, end], the last one on `end` when `endOnIt`. */
  private work(first: number, end: number, count: number, endOnIt = false): void {
    if (end < first || count <= 0) return;
    const span = end - first + 1;
    const days = new Set<number>(endOnIt ? [end] : []);
    while (days.size < Math.min(count, span)) days.add(first + this.rng.int(0, span - 1));
    for (const day of [...days].sort((a, b) => a - b)) this.session(day);
  }

  /** One day's work on the loan, with what its escalation step allows. */
  private session(day: number): void {
    const { rng } = this;
    const allowed = this.channelsOn(day);
    const guarantor = this.points.find((p) => (p.party === 'guarantor' || p.party === 'co_borrower') && p.kind === 'mobile');
    const kind = rng.weighted([
      ['call', 60],
      ['sms', 12],
      ['letter', allowed.includes('letter') && !this.letterSent ? 12 : 0],
      ['visit', allowed.includes('visit') ? 8 : 0],
      ['legal', allowed.includes('legal') && !this.legalSent && day - this.overdueSince > 180 ? 8 : 0],
      ['guarantor', allowed.includes('visit') && guarantor ? 8 : 0],
    ] as const);
    const borrower = this.borrowerPhone as ContactPoint;
    if (kind === 'sms') {
      this.attempt(day, { channel: 'sms', party: 'borrower', point: this.mobileOf(borrower), outcome: 'sms_sent' });
    } else if (kind === 'letter') {
      this.letterSent = true;
      this.attempt(day, { channel: 'letter', party: 'borrower', outcome: 'letter_sent', nextActionOn: day + 7 });
    } else if (kind === 'visit') {
      this.attempt(day, { channel: 'visit', party: 'borrower', outcome: rng.chance(0.55) ? 'visit_met' : 'visit_not_home', nextActionOn: day + rng.int(3, 10) });
    } else if (kind === 'legal') {
      this.legalSent = true;
      this.attempt(day, { channel: 'legal', party: 'borrower', outcome: 'legal_notice_sent', nextActionOn: day + 10 });
    } else if (kind === 'guarantor' && guarantor) {
      const outcome = rng.weighted([['right_party_contact', 50], ['no_answer', 35], ['refused_to_pay', 15]] as const);
      this.attempt(day, { channel: 'phone', party: guarantor.party, point: guarantor, outcome });
    } else {
      const outcome = rng.weighted([['no_answer', 34], ['busy', 8], ['voicemail', 8], ['right_party_contact', 30], ['refused_to_pay', 12]] as const);
      const followUp = day + (outcome === 'right_party_contact' ? rng.int(2, 7) : outcome === 'refused_to_pay' ? rng.int(3, 10) : 1);
      const call = this.attempt(day, { channel: 'phone', party: 'borrower', point: borrower, outcome, nextActionOn: followUp });
      if (call && !OUTCOMES[outcome].answered) {
        if (rng.chance(0.4)) this.attempt(day, { channel: 'phone', party: 'borrower', point: borrower, outcome: rng.pick(['no_answer', 'busy', 'voicemail'] as const) });
        if (rng.chance(0.4)) this.attempt(day, { channel: 'sms', party: 'borrower', point: this.mobileOf(borrower), outcome: 'sms_sent' });
      }
    }
    // Now and then a collector tries one more call after the contact hours; the rules stop it.
    if (rng.chance(0.03)) this.blocked(day, minuteOf(this.rules.contact.contactHours.end) + rng.int(5, 50), 'phone', 'borrower', borrower);
  }

  /** The borrower cannot be reached, so a third party is tried (and sometimes first too early, and refused). */
  private unreachable(): void {
    const { rng } = this;
    const borrower = this.borrowerPhone as ContactPoint;
    const third = this.points.find((p) => p.party === 'third_party');
    const first = this.last - (Math.min(this.span, rng.int(4, 7)) - 1);
    const invalid = rng.chance(0.35);
    const needed = this.rules.contact.thirdParty.consecutiveFailedAttempts;
    // An invalid number is found on the first call and not dialled again; otherwise the calls go unanswered.
    for (let day = first; day < (invalid ? first + 1 : this.last); day++) {
      if (third && day === first && rng.chance(0.5)) this.blocked(day, this.open + rng.int(0, 60), 'phone', 'third_party', third);
      const outcome: OutcomeCode = invalid ? 'number_invalid' : rng.pick(['no_answer', 'busy', 'voicemail'] as const);
      this.attempt(day, { channel: 'phone', party: 'borrower', point: borrower, outcome, nextActionOn: day + 1 });
      if (!invalid && this.failedStreak < needed) this.attempt(day, { channel: 'phone', party: 'borrower', point: borrower, outcome: 'no_answer' });
    }
    const day = this.last;
    if (third) {
      const outcome = rng.chance(0.7) ? 'third_party_message' : 'no_answer';
      if (this.attempt(day, { channel: 'phone', party: 'third_party', point: third, outcome, nextActionOn: day + 2 })) this.thirdPartyReached = true;
    } else if (this.channelsOn(day).includes('visit')) {
      this.attempt(day, { channel: 'visit', party: 'borrower', outcome: 'visit_not_home', nextActionOn: day + 5 });
    }
  }

  /** A dispute or stop request; a call tried during it is refused; a supervisor clears it; work resumes. */
  private hold(): void {
    const { rng } = this;
    const borrower = this.borrowerPhone as ContactPoint;
    const raisedOn = this.from + rng.int(0, this.span - 9);
    this.work(this.from, raisedOn - 1, rng.int(0, 2));
    const stop = rng.chance(0.35);
    const outcome: OutcomeCode = stop ? 'asked_to_stop' : 'dispute';
    if (!this.attempt(raisedOn, { channel: 'phone', party: 'borrower', point: borrower, outcome, complaint: stop && rng.chance(0.5) })) return;
    const triedOn = raisedOn + rng.int(1, 3);
    this.blocked(triedOn, this.open + rng.int(0, 240), 'phone', 'borrower', borrower);
    const clearedOn = triedOn + rng.int(1, 4);
    const minute = this.slot(clearedOn);
    if (minute === null) return;
    // What contactHold.clear writes: an administrative entry by the supervisor, not a contact.
    this.entry(clearedOn, minute, {
      channel: 'phone',
      party: 'borrower',
      partyRelation: null,
      addressUsed: null,
      durationSeconds: null,
      outcome: 'cleared_by_supervisor',
      note: rng.pick(HOLD_CLEARED_NOTES),
      nextActionOn: null,
      collectorId: this.rules.supervisorId,
      consentLate: false,
      complaint: false,
      overrideIds: null,
    });
    this.work(clearedOn + 1, this.last, rng.int(0, 2));
  }

  // ---------- entries ----------

  private promise(day: number, amount: number, promisedOn: number): void {
    const call = this.attempt(day, { channel: 'phone', party: 'borrower', point: this.borrowerPhone, outcome: 'promise_to_pay', nextActionOn: promisedOn + this.grace + 1 });
    if (!call) return;
    this.promises.push({ id: this.book.nextId(), loanId: this.loan.id, contactId: call.id, amount, promisedOn: dateOf(promisedOn), madeAt: call.startedAt, status: 'pending' });
    this.madeOn.push(day);
  }

  /** Writes an attempt as contact.log would, unless no time is left that day or the number's cap is reached. */
  private attempt(day: number, a: Attempt): DemoContact | null {
    const info = OUTCOMES[a.outcome];
    if (a.party === 'third_party' && !this.mayTryThirdParty()) return null;
    const minute = this.slot(day);
    if (minute === null) return null;
    const number = a.channel === 'phone' || a.channel === 'sms' ? a.point?.value : undefined;
    if (a.channel === 'phone' && number !== undefined && !this.book.takeCall(number, day, info.answered)) return null;
    const { rng } = this;
    const notes = OUTCOME_NOTES[a.outcome];
    const contact = this.entry(day, minute, {
      channel: a.channel,
      party: a.party,
      partyRelation: a.point?.relation ?? null,
      addressUsed: number ?? this.input.customer.address,
      durationSeconds: a.channel === 'visit' ? rng.int(600, 2700) : a.channel !== 'phone' ? null : info.answered ? rng.int(45, 480) : info.connected ? rng.int(15, 40) : null,
      outcome: a.outcome,
      note: notes && (info.answered || rng.chance(0.5)) ? rng.pick(notes) : null,
      nextActionOn: a.nextActionOn === undefined ? null : dateOf(a.nextActionOn),
      collectorId: this.loan.collectorId,
      consentLate: false,
      complaint: a.complaint ?? false,
      overrideIds: [],
    });
    this.lastAttemptDay = day;
    if (a.party === 'borrower') {
      // What the third-party rule reads: borrower attempts that failed in a row, invalid numbers since the last reach.
      if (info.rightParty) {
        this.failedStreak = 0;
        this.lastReached = this.contacts.length;
      } else if (info.failedAttempt) this.failedStreak++;
      if (info.numberInvalid) this.lastInvalid = this.contacts.length;
    }
    return contact;
  }

  /** A try the rules stop, recorded as contact.blocked records it, with the rule's own reasons. */
  private blocked(day: number, minute: number, channel: ContactChannel, party: ContactParty, point: ContactPoint): void {
    if (day < this.day || (day === this.day && minute <= this.minute)) return; // the log stays in time order
    const attempt = { loanId: this.loan.id, at: this.instant(day, minute), channel, party, phone: point.value };
    const entry = blockedContact(this.book.nextId(), this.loan, this.rules.contact, this.contacts, attempt, this.rules.branch.timeZone);
    if (entry) this.push(entry, day, minute);
  }

  private entry(day: number, minute: number, fields: Omit<DemoContact, 'id' | 'loanId' | 'startedAt'>): DemoContact {
    const contact: DemoContact = { id: this.book.nextId(), loanId: this.loan.id, startedAt: this.instant(day, minute), ...fields };
    this.push(contact, day, minute);
    return contact;
  }

  private push(contact: DemoContact, day: number, minute: number): void {
    this.contacts.push(contact);
    this.day = day;
    this.minute = minute;
  }

  // ---------- time and rules ----------

  /** A minute of `day` inside the contact hours and after the log's last entry; null when none is left. */
  private slot(day: number): number | null {
    if (day < this.day) return null;
    const first = day === this.day ? this.minute + this.rng.int(45, 150) : this.open + this.rng.int(0, 120);
    if (first > this.close) return null;
    return first + this.rng.int(0, Math.min(90, this.close - first));
  }

  /** The UTC instant of a wall-clock minute of the branch's day (seconds drawn so entries rarely share a minute). */
  private instant(day: number, minute: number): string {
    return new Date(this.book.dayStart(this.rules, day) + minute * 60_000 + this.rng.int(0, 59) * 1000).toISOString();
  }

  private channelsOn(day: number): readonly ContactChannel[] {
    const bucket = bucketOf(Math.max(1, day - this.overdueSince));
    let channels = this.rules.channels.get(bucket);
    if (!channels) this.rules.channels.set(bucket, (channels = escalationStep(bucket, this.rules.escalation).allowedChannels));
    return channels;
  }

  /** DOMAIN.md: third parties only when the borrower cannot be reached (an invalid number, or N failed attempts in a row). */
  private mayTryThirdParty(): boolean {
    return this.lastInvalid > this.lastReached || this.failedStreak >= this.rules.contact.thirdParty.consecutiveFailedAttempts;
  }

  private mobileOf(p: ContactPoint): ContactPoint {
    return p.kind === 'mobile' ? p : (this.points.find((x) => x.party === p.party && x.kind === 'mobile') ?? p);
  }

  /** A promise for about one month's instalment of what is overdue, in whole yuan. */
  private instalmentAmount(): number {
    const { overduePrincipal, overdueInterest, dpd } = this.input.metrics;
    return Math.max(100, Math.ceil((overduePrincipal + overdueInterest) / Math.max(1, Math.ceil(dpd / 30)) / 100) * 100);
  }
}
