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
 * that many days before asOf. The DPD, amounts and class floor reported are then recomputed with the
 * shared domain functions, so the data always agrees with the rules the app applies.
 */
import type { Role } from '../auth/roles';
import { addDays, addMonthsClamped, daysBetween, lastDayOfMonth } from '../domain/dates';
import {
  FIVE_CLASS_ORDER,
  allocatePayments,
  bucketOf,
  classificationFloor,
  type Bucket,
  type FiveClass,
  type InstallmentDue,
  type Payment,
} from '../domain/delinquency';
import { buildSchedule, type RepaymentMethod } from '../domain/schedule';

export type CustomerType = 'individual' | 'enterprise' | 'micro';
export type LoanPurpose = 'consumer' | 'business' | 'housing';
export type DemoProduct = 'consumer_credit' | 'personal_business' | 'sme_working_capital' | 'mortgage';
export type RiskGrade = 'low' | 'medium' | 'high';

/** Every demo account signs in with this password (documented in the CLI output and README). */
export const DEMO_PASSWORD = 'demo1234';

export const DEMO_BRANCHES = [
  { code: 'B001', nameZh: '城东支行', nameEn: 'East City Branch', timeZone: 'Asia/Shanghai' },
  { code: 'B002', nameZh: '城西支行', nameEn: 'West City Branch', timeZone: 'Asia/Shanghai' },
] as const;

export interface DemoUserSpec {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly branchCode: string;
  readonly password: string;
}

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

export interface DemoBranch {
  readonly id: string;
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly timeZone: string;
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
export interface DemoLoanBundle {
  /** Set on the borrower's first loan only; later loans of the same borrower reuse loan.customerId. */
  readonly customer: DemoCustomer | null;
  readonly loan: DemoLoan;
  readonly installments: readonly DemoInstallment[];
  readonly payments: readonly DemoPayment[];
  readonly metrics: DemoLoanMetrics;
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
}

/** sfc32 seeded through splitmix32: small, fast and good enough for synthetic data (not crypto). */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 15; i++) this.u32(); // let the state diverge from the seed
  }
  u32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  float(): number {
    return this.u32() / 4294967296;
  }
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.float() * total;
    for (const [v, w] of items) if ((x -= w) < 0) return v;
    return (items[items.length - 1] as readonly [T, number])[0];
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex4 = (n: number): string => (HEX[(n >>> 8) & 255] as string) + (HEX[n & 255] as string);
const hex8 = (n: number): string => hex4(n >>> 16) + hex4(n & 0xffff);

/**
 * Version-7-shaped ids: 48-bit ms timestamp, a 12-bit counter in rand_a (RFC 9562 method 1) and
 * PRNG bits in rand_b. The timestamp/counter part grows with every id, so ids are in insertion
 * order and the primary-key B-trees are appended to rather than split at random (faster seeding).
 */
class IdFactory {
  private counter: number;
  constructor(
    private readonly rng: Prng,
    private readonly baseMs: number,
    start: number,
  ) {
    this.counter = start;
  }
  next(): string {
    const c = this.counter++;
    const ms = this.baseMs + Math.floor(c / 4096);
    const r1 = this.rng.u32();
    const r2 = this.rng.u32();
    return `${hex8(Math.floor(ms / 65536))}-${hex4(ms % 65536)}-${hex4(0x7000 | (c & 0xfff))}-${hex4(
      0x8000 | (r1 & 0x3fff),
    )}-${hex4(r1 >>> 16)}${hex8(r2)}`;
  }
}

// ---------- names and contact data ----------

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲建国文俊峰丹志新宇浩亮婷晨欣怡佳雪梅慧琳颖海波斌宁晓云飞鑫凯瑞博雅琪璐倩嘉豪轩思远涵萱然诺'];
const BRAND = [...'恒信泰华盛达宏远鑫源瑞丰金利通嘉新云安博创联合众兴鼎'];
const INDUSTRIES = ['贸易', '科技', '机械制造', '电子', '服装', '食品', '建材', '物流', '纺织', '包装', '印刷', '餐饮管理', '汽车配件', '环保科技'];
const SHOPS = ['五金店', '小吃店', '水果店', '便利店', '服装店', '建材商行', '汽修店', '茶叶商行', '家电经营部', '图文工作室', '面馆', '花店'];
const ROADS = ['解放路', '庆春路', '凤起路', '文三路', '学院路', '教工路', '莫干山路', '秋涛路', '建国北路', '天目山路', '古墩路', '丰潭路', '机场路', '艮山西路'];
const MOBILE_PREFIXES = ['130', '131', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '177', '180', '182', '186', '187', '188', '189', '199'];
const DISTRICTS: Record<string, { names: readonly string[]; codes: readonly string[] }> = {
  B001: { names: ['上城区', '钱塘区', '临平区'], codes: ['330102', '330114', '330113'] },
  B002: { names: ['西湖区', '拱墅区', '余杭区'], codes: ['330106', '330105', '330110'] },
};
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // the unified social credit code alphabet

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function personName(rng: Prng): string {
  const given = rng.chance(0.65) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}
const mobile = (rng: Prng): string => `${rng.pick(MOBILE_PREFIXES)}****${pad(rng.int(0, 9999), 4)}`;

function makeCustomer(rng: Prng, id: string, branch: DemoBranch, no: number, type: CustomerType): DemoCustomer {
  const area = DISTRICTS[branch.code] as { names: readonly string[]; codes: readonly string[] };
  const d = rng.int(0, area.names.length - 1);
  const district = area.names[d] as string;
  const address = `杭州市${district}${rng.pick(ROADS)}${rng.int(1, 899)}号`;
  const person = personName(rng);
  const phone = mobile(rng);
  const points: DemoContactPoint[] = [];
  let name: string;
  let segment: string;
  let idNumberMasked: string;
  let uscc = '';
  for (let i = 0; i < 4; i++) uscc += USCC_CHARS[rng.int(0, USCC_CHARS.length - 1)];
  if (type === 'individual') {
    name = person;
    segment = rng.weighted([['retail_mass', 70], ['retail_affluent', 25], ['retail_private', 5]] as const);
    // 18-digit resident ID: region code visible, birth date and sequence masked, last 4 kept.
    idNumberMasked = `${area.codes[d] as string}********${pad(rng.int(0, 999), 3)}${rng.chance(0.1) ? 'X' : rng.int(0, 9)}`;
    points.push({ kind: 'mobile', value: phone, party: 'borrower', name: person });
    if (rng.chance(0.6)) points.push({ kind: 'mobile', value: mobile(rng), party: 'spouse', name: personName(rng) });
    else points.push({ kind: 'mobile', value: mobile(rng), party: 'emergency_contact', name: personName(rng) });
  } else if (type === 'micro') {
    name = `${district}${person.slice(0, 1)}记${rng.pick(SHOPS)}`;
    segment = rng.chance(0.7) ? 'individual_business' : 'micro_enterprise_owner';
    idNumberMasked = `92${(area.codes[d] as string).slice(0, 4)}00******${uscc}`; // 个体工商户 codes start 92
    points.push({ kind: 'mobile', value: phone, party: 'borrower', name: person });
  } else {
    name = `杭州${rng.pick(BRAND)}${rng.pick(BRAND)}${rng.pick(INDUSTRIES)}有限公司`;
    segment = rng.weighted([['sme_small', 60], ['sme_micro', 30], ['sme_medium', 10]] as const);
    idNumberMasked = `91${(area.codes[d] as string).slice(0, 4)}00******${uscc}`;
    points.push({ kind: 'mobile', value: phone, party: 'legal_representative', name: person });
    points.push({ kind: 'landline', value: `0571-8***${pad(rng.int(0, 9999), 4)}`, party: 'company', name });
  }
  if (type !== 'individual' && rng.chance(0.5)) {
    points.push({ kind: 'mobile', value: mobile(rng), party: 'guarantor', name: personName(rng) });
  }
  const customerNo = `C${branch.code}${pad(no, 7)}`;
  return { id, branchId: branch.id, customerNo, name, type, segment, idNumberMasked, phone, address, contactPoints: points };
}

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
        const reference = channel === 'counter' ? `GT${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${pad(payments.length + 1, 4)}` : null;
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
      yield { customer, loan, installments, payments, metrics: m };
    }
  }

  return { seed, asOf, loanCount, createdAt, branches, users, loans };
}
