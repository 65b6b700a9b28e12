/**
 * Deterministic demo portfolio for two branches: staff, customers, loans, schedules, payment
 * histories and the derived per-loan metrics, all from one integer seed.
 *
 * Why deterministic: demos, screenshots and performance runs must be reproducible, so nothing here
 * reads the clock or Math.random; even the ids are UUID-shaped values drawn from the seeded PRNG.
 * Why lazy: 100,000 loans carry ~4 M installment rows; `loans()` yields one loan at a time so a
 * seeder can write it and drop it, instead of holding the whole book in memory.
 *
 * Delinquency is planned backwards: each loan first draws a target DPD band (shares in BANDS), then
 * its first due date and paid count are chosen so the oldest unpaid installment fell due exactly
 * that many days before asOf. The DPD, amounts and class floor reported are then recomputed from the
 * generated rows with the shared delinquency functions, so the data always agrees with the rules
 * the app applies. Module layout: types.ts (records), prng.ts (PRNG and ids), customers.ts (people),
 * contactHistory.ts with contactStories.ts (collection contacts and promises on the delinquent loans).
 */
import type { Role } from '../auth/roles';
import { addDays, addMonthsClamped, daysBetween, lastDayOfMonth } from '../domain/dates';
import {
  FIVE_CLASS_ORDER,
  allocatePayments,
  bucketOf,
  classificationFloor,
  type FiveClass,
  type InstallmentDue,
  type Payment,
} from '../domain/delinquency';
import { buildSchedule, type RepaymentMethod } from '../domain/schedule';
import { ContactHistoryMaker } from './contactHistory';
import { ConsentMaker } from './consents';
import { makeCustomer, pad } from './customers';
import { IdFactory, Prng } from './prng';
import type {
  CustomerType,
  DemoBranch,
  DemoCustomer,
  DemoData,
  DemoInstallment,
  DemoLoan,
  DemoLoanBundle,
  DemoLoanMetrics,
  DemoPayment,
  DemoProduct,
  DemoUser,
  DemoUserSpec,
  GenerateDemoOptions,
  LoanPurpose,
} from './types';

export * from './types';

/** Every demo account signs in with this password (documented in the CLI output and README). */
export const DEMO_PASSWORD = 'demo1234';

export const DEMO_BRANCHES = [
  { code: 'B001', nameZh: '城东支行', nameEn: 'East City Branch', timeZone: 'Asia/Shanghai', phone: '0571-8760 1001', address: '杭州市上城区建国中路 118 号' },
  { code: 'B002', nameZh: '城西支行', nameEn: 'West City Branch', timeZone: 'Asia/Shanghai', phone: '0571-8760 2002', address: '杭州市西湖区文三路 256 号' },
] as const;

const spec = (username: string, displayName: string, role: Role, branchCode: string): DemoUserSpec => ({
  username,
  displayName,
  roles: [role],
  branchCode,
  password: DEMO_PASSWORD,
});

/** Demo accounts: every role in each branch, plus a second officer and collector to share the book. */
export const DEMO_USERS: readonly DemoUserSpec[] = [
  spec('officer1', '王建国', 'officer', 'B001'),
  spec('officer3', '陈丽华', 'officer', 'B001'),
  spec('inspector1', '刘志强', 'inspector', 'B001'),
  spec('collector1', '赵海燕', 'collector', 'B001'),
  spec('collector3', '黄伟', 'collector', 'B001'),
  spec('supervisor1', '孙卫东', 'supervisor', 'B001'),
  spec('admin1', '周敏', 'admin', 'B001'),
  spec('officer2', '李娜', 'officer', 'B002'),
  spec('officer4', '吴俊峰', 'officer', 'B002'),
  spec('inspector2', '郑晓云', 'inspector', 'B002'),
  spec('collector2', '杨磊', 'collector', 'B002'),
  spec('collector4', '徐静', 'collector', 'B002'),
  spec('supervisor2', '马志明', 'supervisor', 'B002'),
  spec('admin2', '朱玉兰', 'admin', 'B002'),
];

// ---------- loan terms ----------

interface Terms {
  product: DemoProduct;
  customerType: CustomerType;
  termMonths: number;
  principal: number;
  annualRate: string;
  method: RepaymentMethod;
  /** How far back this product's disbursements go, in months. */
  maxAgeMonths: number;
}

/** A demo amount between lo and hi yuan, log-uniform (small loans are commoner), in fen. */
function amountFen(rng: Prng, loYuan: number, hiYuan: number, stepYuan: number): number {
  const yuan = Math.exp(Math.log(loYuan) + rng.float() * Math.log(hiYuan / loYuan));
  return Math.max(loYuan, Math.min(hiYuan, Math.round(yuan / stepYuan) * stepYuan)) * 100;
}
/** An annual rate in percent on a 0.05 grid, as the decimal string the schedule expects. */
function rate(rng: Prng, loBp: number, hiBp: number): string {
  const bp = loBp + 5 * rng.int(0, Math.floor((hiBp - loBp) / 5));
  return `${Math.floor(bp / 100)}.${pad(bp % 100, 2)}`;
}

function drawTerms(rng: Prng, purpose: LoanPurpose): Terms {
  if (purpose === 'consumer') {
    // 《个人贷款管理办法》2024: consumer loans at most 5 years.
    return {
      product: 'consumer_credit',
      customerType: 'individual',
      termMonths: rng.pick([6, 12, 12, 12, 24, 24, 36, 36, 48, 60]),
      principal: amountFen(rng, 5_000, 300_000, 1_000),
      annualRate: rate(rng, 345, 1200),
      method: rng.chance(0.8) ? 'equal_installment' : 'equal_principal',
      maxAgeMonths: 48,
    };
  }
  if (purpose === 'housing') {
    return {
      product: 'mortgage',
      customerType: 'individual',
      termMonths: rng.pick([120, 120, 180, 240, 240, 300, 360]),
      principal: amountFen(rng, 300_000, 3_000_000, 10_000),
      annualRate: rate(rng, 300, 450),
      method: rng.chance(0.7) ? 'equal_installment' : 'equal_principal',
      maxAgeMonths: 96, // mortgages run long, so the book holds older ones
    };
  }
  const customerType = rng.weighted([['micro', 55], ['individual', 15], ['enterprise', 30]] as const);
  return {
    product: customerType === 'enterprise' ? 'sme_working_capital' : 'personal_business',
    customerType,
    termMonths: rng.pick([12, 12, 12, 24, 24, 36, 36, 48, 60]),
    principal: amountFen(rng, 50_000, 3_000_000, 10_000),
    annualRate: rate(rng, 345, 850),
    // Interest-only (按月付息到期还本) is offered for business purposes only.
    method: rng.weighted([['interest_only', 35], ['equal_installment', 40], ['equal_principal', 25]] as const),
    maxAgeMonths: 48,
  };
}

/**
 * Target DPD bands and their shares of the book: ~88 % current, M1 4 %, M2 2 %, M3 1.5 %,
 * M4–M6 2 %, M7+ 2.5 % of which over a third past 360 days (loans that stopped paying long ago).
 */
const BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 0], 880],
  [[1, 30], 40],
  [[31, 60], 20],
  [[61, 90], 15],
  [[91, 120], 8],
  [[121, 150], 6],
  [[151, 180], 6],
  [[181, 360], 12],
  [[361, 720], 8],
  [[721, 1200], 5],
];

const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/**
 * The date the oldest unpaid installment falls due, moved off days 29–31 so every monthly due
 * date of the loan stays on one day of the month (no end-of-month clamping). Returns the DPD too.
 */
function oldestUnpaidDue(asOf: string, lo: number, hi: number, rng: Prng): { due: string; dpd: number } {
  let dpd = rng.int(lo, hi);
  let due = addDays(asOf, -dpd);
  const day = Number(due.slice(8, 10));
  if (day > 28) {
    const back = day - 28; // to the 28th of the same month
    const forward = lastDayOfMonth(Number(due.slice(0, 4)), Number(due.slice(5, 7))) - day + 1; // to the 1st
    dpd = dpd + back <= hi ? dpd + back : dpd - forward;
    due = addDays(asOf, -dpd);
  }
  return { due, dpd };
}

const CHANNELS = ['counter', 'mobile_banking', 'transfer'] as const;
const NONE: readonly never[] = Object.freeze([]);

/**
 * DPD, amounts and class floor from ONE allocatePayments pass over a schedule in due-date order.
 * This is daysPastDue + overdueAmounts + classificationFloor fused, because the two separate calls
 * each re-validate and re-allocate, which was a fifth of the generator's time at 100k loans; the
 * unit tests check it against those functions for every generated loan.
 */
function metricsOf(
  schedule: readonly InstallmentDue[],
  payments: readonly Payment[],
  asOf: string,
  restructuredUntil: string | null,
): DemoLoanMetrics {
  const alloc = allocatePayments(schedule, payments, asOf).installments;
  let oldestUnpaid: string | null = null;
  let nextDueDate: string | null = null;
  let outstandingPrincipal = 0;
  let overduePrincipal = 0;
  let overdueInterest = 0;
  for (let i = 0; i < schedule.length; i++) {
    const r = schedule[i] as InstallmentDue;
    const a = alloc[i] as (typeof alloc)[number];
    outstandingPrincipal += r.principal - a.principalPaid;
    if (r.dueDate < asOf) {
      overduePrincipal += r.principal - a.principalPaid;
      overdueInterest += r.interest - a.interestPaid;
      if (!a.paidInFull && oldestUnpaid === null) oldestUnpaid = r.dueDate;
    } else if (nextDueDate === null) {
      nextDueDate = r.dueDate;
    }
  }
  const dpd = oldestUnpaid === null ? 0 : daysBetween(oldestUnpaid, asOf);
  const restructured = restructuredUntil !== null && restructuredUntil >= asOf;
  const classFloor = classificationFloor(dpd, { restructured });
  return { dpd, bucket: bucketOf(dpd), classFloor, outstandingPrincipal, overduePrincipal, overdueInterest, nextDueDate };
}

export function generateDemo(options: GenerateDemoOptions = {}): DemoData {
  const seed = options.seed ?? 20261126;
  const loanCount = options.loans ?? 5000;
  const asOf = options.asOf ?? '2026-11-26';
  if (!Number.isSafeInteger(loanCount) || loanCount < 0) throw new Error(`loans must be a whole number ≥ 0, got ${loanCount}`);
  const epochDay = daysBetween('1970-01-01', asOf); // also validates asOf
  // Ids carry a timestamp about four years before asOf, when this book "started".
  const baseMs = (epochDay - 1500) * 86_400_000;
  const createdAt = `${addDays(asOf, -1)}T16:00:00.000Z`; // 00:00 Asia/Shanghai
  const withHistory = options.contactHistory ?? true;

  const staffIds = new IdFactory(new Prng(seed ^ 0x51ed270b), baseMs, 0);
  const branches: DemoBranch[] = DEMO_BRANCHES.map((b) => ({ id: staffIds.next(), ...b }));
  const branchByCode = new Map(branches.map((b) => [b.code, b]));
  const users: DemoUser[] = DEMO_USERS.map((u) => {
    const branch = branchByCode.get(u.branchCode);
    if (!branch) throw new Error(`demo user ${u.username} names unknown branch ${u.branchCode}`);
    return { ...u, id: staffIds.next(), branchId: branch.id };
  });
  const staff = branches.map((b) => ({
    branch: b,
    officers: users.filter((u) => u.branchId === b.id && u.roles.includes('officer')).map((u) => u.id),
    collectors: users.filter((u) => u.branchId === b.id && u.roles.includes('collector')).map((u) => u.id),
  }));

  function* loans(): Generator<DemoLoanBundle, void, undefined> {
    const rng = new Prng(seed);
    const ids = new IdFactory(new Prng(seed ^ 0x1d5eed), baseMs, 64); // after the staff ids
    const asOfDay = Number(asOf.slice(8, 10));
    const asOfMonth = monthIndex(asOf);
    const customerSeq = branches.map(() => 0);
    const loanSeq = branches.map(() => 0);
    // Earlier borrowers by branch and type, so some customers hold more than one loan.
    const pools = branches.map(() => ({ individual: [] as string[], enterprise: [] as string[], micro: [] as string[] }));
    // Contact ids carry a timestamp a day after the book's, so they never meet the loan ids.
    const history = withHistory ? new ContactHistoryMaker(seed, asOf, baseMs + 86_400_000, branches, users) : null;
    // Consent ids two days after the book's: apart from the loans' and the contacts'.
    const consents = withHistory ? new ConsentMaker(seed, asOf, baseMs + 2 * 86_400_000) : null;
    // A later loan's borrower, for the numbers its history dials: kept only with history (~70 MB, ~0.5 s at 100k loans).
    const customerById = new Map<string, DemoCustomer>();

    for (let n = 0; n < loanCount; n++) {
      const bi = rng.chance(0.55) ? 0 : 1;
      const { branch, officers, collectors } = staff[bi] as (typeof staff)[number];
      const purpose = rng.weighted([['consumer', 54], ['business', 41], ['housing', 5]] as const);
      const t = drawTerms(rng, purpose);

      const pool = (pools[bi] as (typeof pools)[number])[t.customerType];
      let customer: DemoCustomer | null = null;
      let customerId: string;
      if (pool.length > 0 && rng.chance(0.1)) {
        customerId = rng.pick(pool);
      } else {
        customerSeq[bi] = (customerSeq[bi] as number) + 1;
        customer = makeCustomer(rng, ids.next(), branch, customerSeq[bi] as number, t.customerType);
        customerId = customer.id;
        pool.push(customerId);
        if (history) customerById.set(customerId, customer);
      }
      const loanId = ids.next(); // before its installments, so ids follow creation order

      // Plan the dates backwards from the target DPD.
      const [lo, hi] = rng.weighted(BANDS);
      let firstDueDate: string;
      let paidCount: number; // installments paid in full before the first unpaid one
      if (hi === 0) {
        const dom = rng.int(1, 28);
        const thisMonth = `${asOf.slice(0, 8)}${pad(dom, 2)}`;
        const lastPast = dom < asOfDay ? thisMonth : addMonthsClamped(thisMonth, -1);
        paidCount = rng.int(0, Math.min(t.termMonths, t.maxAgeMonths) - 1);
        firstDueDate = addMonthsClamped(lastPast, 1 - paidCount);
      } else {
        const { due } = oldestUnpaidDue(asOf, lo, hi, rng);
        const room = t.maxAgeMonths - (asOfMonth - monthIndex(due)) - 1;
        paidCount = rng.int(0, Math.max(0, Math.min(t.termMonths - 1, room)));
        firstDueDate = addMonthsClamped(due, -paidCount);
      }
      const schedule = buildSchedule({
        principal: t.principal,
        annualRate: t.annualRate,
        termMonths: t.termMonths,
        method: t.method,
        firstDueDate,
      });
      const installments: DemoInstallment[] = schedule.map((r) => ({
        id: ids.next(),
        seq: r.seq,
        dueDate: r.dueDate,
        principal: r.principal,
        interest: r.interest,
      }));

      // Payment history: each installment paid in full around its due date up to the stop point.
      const autoDebit = rng.chance(0.65);
      const channel = autoDebit ? 'auto_debit' : rng.pick(CHANNELS);
      const payments: DemoPayment[] = [];
      const pay = (date: string, amount: number): void => {
        const d = date > asOf ? asOf : date;
        // Counter receipts carry a teller reference; electronic channels are matched by account.
        const reference = channel === 'counter' ? `GT${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${pad(rng.int(0, 999_999), 6)}` : null;
        payments.push({ id: ids.next(), date: d, amount, channel, reference });
      };
      const offset = (): number => (autoDebit ? 0 : rng.int(-5, 3));
      // A cured episode: two installments missed, then caught up in one payment.
      const cureAt = hi === 0 && paidCount >= 3 && rng.chance(0.06) ? rng.int(0, paidCount - 2) : -1;
      for (let k = 0; k < paidCount; k++) {
        const row = schedule[k] as (typeof schedule)[number];
        if (k === cureAt) continue;
        const amount = k === cureAt + 1 && cureAt >= 0 ? row.total + (schedule[cureAt]?.total ?? 0) : row.total;
        if (rng.chance(0.03) && amount > 1) {
          // Paid in two parts, the second on the due date.
          const part = Math.max(1, Math.floor(amount * (0.3 + rng.float() * 0.4)));
          pay(addDays(row.dueDate, -rng.int(3, 10)), part);
          pay(row.dueDate, amount - part);
        } else {
          pay(addDays(row.dueDate, cureAt >= 0 && k === cureAt + 1 ? rng.int(1, 6) : offset()), amount);
        }
      }
      const next = schedule[paidCount];
      if (next && hi === 0 && !autoDebit && rng.chance(0.3)) {
        const early = addDays(next.dueDate, -rng.int(1, 5)); // some pay the coming installment early
        if (early <= asOf) pay(early, next.total);
      } else if (next && hi > 0 && rng.chance(0.35)) {
        // A partial payment that does not clear the oldest unpaid installment.
        const part = Math.max(1, Math.floor(next.total * (0.1 + rng.float() * 0.6)));
        if (part < next.total) pay(addDays(next.dueDate, rng.int(0, 25)), part);
      }
      payments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

      const restructuredUntil = rng.chance(0.005)
        ? addDays(asOf, rng.int(30, 330)) // still in the one-year watch period
        : rng.chance(0.003)
          ? addDays(asOf, -rng.int(30, 400))
          : null;
      const m = metricsOf(schedule, payments, asOf, restructuredUntil);
      const floorRank = FIVE_CLASS_ORDER.indexOf(m.classFloor);
      // The confirmed class is the floor, sometimes one worse (a worse class may be proposed, never a better one).
      const worse = floorRank < FIVE_CLASS_ORDER.length - 1 && rng.chance(floorRank === 0 ? 0.03 : 0.12);
      const fiveClass = FIVE_CLASS_ORDER[floorRank + (worse ? 1 : 0)] as FiveClass;

      loanSeq[bi] = (loanSeq[bi] as number) + 1;
      const disbursedOn = addMonthsClamped(firstDueDate, -1);
      const loan: DemoLoan = {
        id: loanId,
        branchId: branch.id,
        loanNo: `LN${disbursedOn.slice(0, 4)}${branch.code}${pad(loanSeq[bi] as number, 6)}`,
        customerId,
        product: t.product,
        purpose,
        principal: t.principal,
        annualRate: t.annualRate,
        termMonths: t.termMonths,
        method: t.method,
        rounding: 'half_up',
        disbursedOn,
        firstDueDate,
        maturityDate: (schedule[schedule.length - 1] as (typeof schedule)[number]).dueDate,
        officerId: rng.pick(officers),
        collectorId: rng.pick(collectors),
        riskGrade:
          m.dpd > 0
            ? rng.weighted([['low', 15], ['medium', 40], ['high', 45]] as const)
            : rng.weighted([['low', 55], ['medium', 35], ['high', 10]] as const),
        fiveClass,
        restructuredUntil,
        status: 'active',
      };
      const log = history && m.dpd > 0 ? history.make({ loan, customer: customerById.get(customerId) as DemoCustomer, payments, metrics: m }) : null;
      const consented = consents && m.dpd > 0 ? consents.make(loan) : NONE;
      yield { customer, loan, installments, payments, metrics: m, contacts: log?.contacts ?? NONE, promises: log?.promises ?? NONE, consents: consented };
    }
  }

  return { seed, asOf, loanCount, createdAt, branches, users, loans };
}
