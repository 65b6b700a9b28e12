// Plain records produced by the demo generator (camelCase; money in integer fen, dates 'YYYY-MM-DD').
import type { Role } from '../auth/roles';
import type { Bucket, FiveClass } from '../domain/delinquency';
import type { RepaymentMethod } from '../domain/schedule';
import type { ConsentWay, ContactChannel, ContactParty, CustomerType, LoanPurpose, PromiseStatus } from '../domain/vocabulary';

export type { CustomerType, LoanPurpose };
export type DemoProduct = 'consumer_credit' | 'personal_business' | 'sme_working_capital' | 'mortgage';
export type RiskGrade = 'low' | 'medium' | 'high';

export interface DemoUserSpec {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly branchCode: string;
  readonly password: string;
}

export interface DemoBranch {
  readonly id: string;
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly timeZone: string;
  /** The contact line its letters print. */
  readonly phone: string;
  readonly address: string;
}
export interface DemoUser extends DemoUserSpec {
  readonly id: string;
  readonly branchId: string;
}
export interface DemoContactPoint {
  readonly kind: 'mobile' | 'landline';
  readonly value: string;
  readonly party: 'borrower' | 'spouse' | 'guarantor' | 'emergency_contact' | 'legal_representative' | 'company';
  readonly name: string;
}
export interface DemoCustomer {
  readonly id: string;
  readonly branchId: string;
  readonly customerNo: string;
  readonly name: string;
  readonly type: CustomerType;
  readonly segment: string;
  readonly idNumberMasked: string;
  readonly phone: string;
  readonly address: string;
  readonly contactPoints: readonly DemoContactPoint[];
}
export interface DemoLoan {
  readonly id: string;
  readonly branchId: string;
  readonly loanNo: string;
  readonly customerId: string;
  readonly product: DemoProduct;
  readonly purpose: LoanPurpose;
  readonly principal: number; // fen
  readonly annualRate: string;
  readonly termMonths: number;
  readonly method: RepaymentMethod;
  readonly rounding: 'half_up';
  readonly disbursedOn: string;
  readonly firstDueDate: string;
  readonly maturityDate: string;
  readonly officerId: string;
  readonly collectorId: string;
  readonly riskGrade: RiskGrade;
  readonly fiveClass: FiveClass;
  readonly restructuredUntil: string | null;
  readonly status: 'active';
}
export interface DemoInstallment {
  readonly id: string;
  readonly seq: number;
  readonly dueDate: string;
  readonly principal: number;
  readonly interest: number;
}
/** `date`/`amount` match the domain Payment shape so the record feeds the delinquency functions. */
export interface DemoPayment {
  readonly id: string;
  readonly date: string;
  readonly amount: number;
  readonly channel: string;
  readonly reference: string | null;
}
export interface DemoLoanMetrics {
  readonly dpd: number;
  readonly bucket: Bucket;
  readonly classFloor: FiveClass;
  readonly outstandingPrincipal: number;
  readonly overduePrincipal: number;
  readonly overdueInterest: number;
  /** Next scheduled due date on or after asOf; null once the last installment has fallen due. */
  readonly nextDueDate: string | null;
}
/**
 * One entry of a loan's contact log, shaped like a `contacts` row: what contact.log writes for an
 * attempt, what contact.blocked writes for a try the rules stopped (no address, duration or
 * override list), or contactHold.clear's administrative entry.
 */
export interface DemoContact {
  readonly id: string;
  readonly loanId: string;
  readonly channel: ContactChannel;
  readonly party: ContactParty;
  /** The customer file's word for whom a number belongs to (spouse, emergency_contact, …), as the screen sends it. */
  readonly partyRelation: string | null;
  /** The number (phone, sms) or address (letter, visit, legal) used, in full. */
  readonly addressUsed: string | null;
  /** UTC ISO instant. The table keeps the end as a duration: ended = startedAt + durationSeconds. */
  readonly startedAt: string;
  readonly durationSeconds: number | null;
  /** An OutcomeCode, or the blocked marker contact.blocked writes. */
  readonly outcome: string;
  readonly note: string | null;
  readonly nextActionOn: string | null;
  readonly collectorId: string;
  readonly consentLate: boolean;
  readonly complaint: boolean;
  readonly overrideIds: readonly string[] | null;
}
/** A promise to pay, shaped like a `promises_to_pay` row, written with the contact that took it. */
export interface DemoPromise {
  readonly id: string;
  readonly loanId: string;
  readonly contactId: string;
  readonly amount: number; // fen
  readonly promisedOn: string;
  /** When it was made: the contact's startedAt (the table reads it through contact_id). */
  readonly madeAt: string;
  /** As contact.log writes it ('pending'); the state is judged on read from the payments (evaluatePromise). */
  readonly status: PromiseStatus;
}
/** A consent to late contact (or its withdrawal), shaped like a `contact_consents` row. */
export interface DemoConsent {
  readonly id: string;
  readonly customerId: string;
  readonly loanId: string;
  /** The collector who recorded it (updated_by). */
  readonly recordedBy: string | null;
  readonly givenVia: ConsentWay;
  readonly givenOn: string;
  readonly validUntil: string | null;
  readonly note: string;
  readonly withdrawsId: string | null;
}
export interface DemoLoanBundle {
  /** Set on the borrower's first loan only; later loans of the same borrower reuse loan.customerId. */
  readonly customer: DemoCustomer | null;
  readonly loan: DemoLoan;
  readonly installments: readonly DemoInstallment[];
  readonly payments: readonly DemoPayment[];
  readonly metrics: DemoLoanMetrics;
  /**
   * The loan's collection contact log, oldest first (delinquent loans only; empty when the demo was
   * generated without history). Optional so a bundle built by hand (the benches) may leave it out.
   */
  readonly contacts?: readonly DemoContact[];
  readonly promises?: readonly DemoPromise[];
  /** The borrower's recorded consents to late contact, given with one of their delinquent loans. */
  readonly consents?: readonly DemoConsent[];
}
export interface DemoData {
  readonly seed: number;
  readonly asOf: string;
  readonly loanCount: number;
  /** created_at/updated_at for every seeded row: midnight of asOf in Asia/Shanghai, as UTC ISO. */
  readonly createdAt: string;
  readonly branches: readonly DemoBranch[];
  readonly users: readonly DemoUser[];
  /** Yields the loans in order; each call restarts the same deterministic sequence. */
  loans(): Generator<DemoLoanBundle, void, undefined>;
}
export interface GenerateDemoOptions {
  readonly seed?: number;
  readonly loans?: number;
  readonly asOf?: string;
  /** Contact attempts and promises to pay on the delinquent loans (default true). */
  readonly contactHistory?: boolean;
}
