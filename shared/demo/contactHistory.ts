/**
 * The demo's collection work: contact attempts and promises to pay on the delinquent loans, so a
 * fresh demo's queue shows promises pending, kept, partly kept and broken, recent contacts, loans
 * nobody has tried yet, third parties reached, and tries the contact rules stopped.
 *
 * Why its own PRNG and id stream: the book drawn before this existed stays the same loan for loan,
 * and a book made without history differs from one with it only in the history.
 *
 * Why the rules hold by construction rather than by asking checkContact of every attempt: a check
 * costs ~10 µs, about a second on a 100k-loan book. So attempts are placed inside the branch's contact
 * hours, unanswered calls are counted per number and local day across all loans, third parties are
 * tried only once the borrower could not be reached, and nothing is tried while a hold stands
 * (contactStories.ts). The unit tests replay every attempt through checkContact. Only the few tries
 * the rules stop are put to checkContact here, so the reasons they record are the rule's own.
 *
 * Each branch's first delinquent loans take, in turn, a story that shows a state its queue has not
 * shown yet, so even a small book shows every state; the rest draw their story by weight. Every
 * hold is cleared by asOf: a demo's first call on a loan is never refused by a hold nobody chose.
 */
import { normalizePhone } from '../domain/contactPolicy';
import { startOfLocalDay } from '../domain/contactPolicyTime';
import { resolvePolicy } from '../domain/policies';
import { dateOf, dayNo, LoanLog, STORIES, type BranchRules, type HistoryInput, type LogBook, type Story } from './contactStories';
import { IdFactory, Prng } from './prng';
import type { DemoBranch, DemoContact, DemoPromise, DemoUser } from './types';

export { RECENT_CONTACT_DAYS, type HistoryInput } from './contactStories';

export interface LoanHistory {
  readonly contacts: DemoContact[];
  readonly promises: DemoPromise[];
}

export class ContactHistoryMaker implements LogBook {
  private readonly rng: Prng;
  private readonly ids: IdFactory;
  private readonly asOf: number;
  private readonly rules = new Map<string, BranchRules>();
  /** Unanswered calls per `number|day`, over every loan: the CN cap is per number, not per loan. */
  private readonly unanswered = new Map<string, number>();
  /** The strictest per-number cap of the branches: a number is one number whichever branch dials it. */
  private readonly cap: number | null;

  constructor(seed: number, asOf: string, idBaseMs: number, branches: readonly DemoBranch[], users: readonly DemoUser[]) {
    this.rng = new Prng(seed ^ 0x0c011ec7);
    this.ids = new IdFactory(new Prng(seed ^ 0x7a11ced), idBaseMs, 0);
    this.asOf = dayNo(asOf);
    for (const branch of branches) {
      // What a fresh branch works with: nothing published yet, so each kind's defaults on its own clock.
      const facts = { id: branch.id, code: branch.code, timeZone: branch.timeZone };
      const on = new Date(startOfLocalDay(asOf, branch.timeZone));
      const supervisor = users.find((u) => u.branchId === branch.id && u.roles.includes('supervisor'));
      if (!supervisor) throw new Error(`demo branch ${branch.code} has no supervisor to clear holds`);
      this.rules.set(branch.id, {
        branch,
        contact: resolvePolicy('contact', [], facts, on).value,
        promise: resolvePolicy('promise', [], facts, on).value,
        escalation: resolvePolicy('escalation', [], facts, on).value,
        supervisorId: supervisor.id,
        unseen: new Set(STORIES.map(([, state]) => state)),
        dayStarts: new Map(),
        channels: new Map(),
      });
    }
    const caps = [...this.rules.values()].flatMap((r) => (r.contact.maxUnansweredPerNumberPerDay === null ? [] : [r.contact.maxUnansweredPerNumberPerDay]));
    this.cap = caps.length > 0 ? Math.min(...caps) : null;
  }

  /** The contact log and promises of one delinquent loan, oldest first. */
  make(input: HistoryInput): LoanHistory {
    const rules = this.rules.get(input.loan.branchId);
    if (!rules) throw new Error(`loan ${input.loan.loanNo} is in no demo branch`);
    const log = new LoanLog(this, this.rng, this.asOf, rules, input);
    log.tell(this.storyFor(log, rules));
    for (const state of log.states()) rules.unseen.delete(state);
    return { contacts: log.contacts, promises: log.promises };
  }

  private storyFor(log: LoanLog, rules: BranchRules): Story {
    for (const [story, state] of STORIES) if (rules.unseen.has(state) && log.feasible(story)) return story;
    return this.rng.weighted(STORIES.filter(([story]) => log.feasible(story)).map(([story, , weight]) => [story, weight] as const));
  }

  nextId(): string {
    return this.ids.next();
  }

  takeCall(number: string, day: number, answered: boolean): boolean {
    const key = `${normalizePhone(number)}|${day}`;
    const n = this.unanswered.get(key) ?? 0;
    if (this.cap !== null && n >= this.cap) return false;
    if (!answered) this.unanswered.set(key, n + 1);
    return true;
  }

  dayStart(rules: BranchRules, day: number): number {
    let start = rules.dayStarts.get(day);
    if (start === undefined) rules.dayStarts.set(day, (start = startOfLocalDay(dateOf(day), rules.branch.timeZone)));
    return start;
  }
}
