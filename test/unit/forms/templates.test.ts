// The shipped due-diligence templates (db/seeds/templates): they parse, pass the publish checks, and
// behave as a credit officer expects — an empty form is incomplete, a sound applicant completes with no
// high red flag, a risky one raises the flags a reviewer must see. The consumer template's "simple
// applicant" path below is also the path the end-to-end test fills in (keep the two in step).
import { describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates/index';
import {
  checkAnswer,
  compileForm,
  evaluateForm,
  templateFile,
  validateTemplateFile,
  type Answers,
  type CompiledForm,
  type EvidenceCounts,
  type FormItem,
  type ItemKind,
  type TemplateFile,
} from '../../../shared/forms';

const TODAY = '2026-11-26';

function byCode(code: string): TemplateFile {
  const t = SHIPPED_TEMPLATES.find((x) => x.code === code);
  if (!t) throw new Error(`template ${code} is not shipped`);
  return t;
}

function formOf(code: string): CompiledForm {
  const r = validateTemplateFile(byCode(code));
  if (!r.ok) throw new Error(`${code}: ${JSON.stringify(r.problems)}`);
  return compileForm(r.template);
}

function topItems(t: TemplateFile): FormItem[] {
  return t.body.sections.flatMap((s) => s.items);
}

function allItems(t: TemplateFile): FormItem[] {
  return topItems(t).flatMap((i) => (i.kind === 'group' ? [i, ...i.items] : [i]));
}

function flagCodes(form: CompiledForm, answers: Answers, evidence: EvidenceCounts, newMonthlyPayment = 0, severity?: string): string[] {
  return evaluateForm(form, answers, evidence, { newMonthlyPayment, today: TODAY })
    .redFlags.filter((f) => severity === undefined || f.severity === severity)
    .map((f) => f.code);
}

describe('shipped due-diligence templates: format', () => {
  it('ships the three templates with their codes, purposes and audiences', () => {
    expect(SHIPPED_TEMPLATES.map((t) => t.code)).toEqual(['dd_personal_consumer', 'dd_personal_business', 'dd_sme_working_capital']);
    expect(byCode('dd_personal_consumer').applies_to).toEqual({ customerTypes: ['individual'], products: ['consumer', 'housing'] });
    expect(byCode('dd_personal_business').applies_to).toEqual({ customerTypes: ['individual', 'micro'], products: ['business'] });
    expect(byCode('dd_sme_working_capital').applies_to).toEqual({ customerTypes: ['enterprise', 'micro'], products: ['business'] });
    expect(byCode('dd_personal_consumer').body.dsrLimit).toBe('0.5');
    expect(byCode('dd_personal_business').body.dsrLimit).toBe('0.55');
    expect(byCode('dd_sme_working_capital').body.dsrLimit).toBe('0.55');
  });

  for (const t of SHIPPED_TEMPLATES) {
    describe(t.code, () => {
      it('parses with templateFile and is a version-1 due-diligence template of 6–9 sections and 35–70 items', () => {
        expect(templateFile.safeParse(t).success).toBe(true);
        expect(t.version).toBe(1);
        expect(t.body.purpose).toBe('due_diligence');
        expect(t.body.sections.length).toBeGreaterThanOrEqual(6);
        expect(t.body.sections.length).toBeLessThanOrEqual(9);
        // Counted both ways (top-level only, and with the repeat groups' child items): both in range.
        expect(topItems(t).length).toBeGreaterThanOrEqual(35);
        expect(allItems(t).length).toBeLessThanOrEqual(70);
      });

      it('has unique section keys, item keys (children included) and red-flag codes', () => {
        const sectionKeys = t.body.sections.map((s) => s.key);
        expect(new Set(sectionKeys).size).toBe(sectionKeys.length);
        const keys = allItems(t).map((i) => i.key);
        expect(new Set(keys).size).toBe(keys.length);
        const codes = allItems(t).flatMap((i) => (i.redFlags ?? []).map((f) => f.code));
        expect(new Set(codes).size).toBe(codes.length);
      });

      it('passes the publish checks with no problems', () => {
        const r = validateTemplateFile(t);
        expect(r.ok ? [] : r.problems).toEqual([]);
      });

      it('has a complete bilingual text for every label, guidance and red-flag message', () => {
        for (const i of allItems(t)) {
          for (const text of [i.label, i.guidance, ...(i.redFlags ?? []).map((f) => f.message)]) {
            if (!text) continue;
            expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
            expect(text.en).toMatch(/^[\x20-\x7e×÷−–]+$/);
          }
        }
      });

      it('is incomplete when nothing is answered', () => {
        const e = evaluateForm(formOf(t.code), {}, {}, { today: TODAY });
        expect(e.completenessPct).toBeLessThan(100);
        expect(e.missing.length).toBeGreaterThan(10);
        expect(e.redFlags).toEqual([]);
      });
    });
  }

  it('uses every item kind at least once across the three', () => {
    const used = new Set(SHIPPED_TEMPLATES.flatMap(allItems).map((i) => i.kind));
    const kinds: ItemKind[] = ['yesno', 'text', 'number', 'money', 'date', 'single', 'multi', 'evidence', 'signature', 'group'];
    for (const k of kinds) expect(used, k).toContain(k);
    const items = SHIPPED_TEMPLATES.flatMap(allItems);
    expect(items.some((i) => i.kind === 'number' && i.unit)).toBe(true);
    expect(items.some((i) => i.kind === 'date' && i.notFuture)).toBe(true);
  });

  it('asks for at least two site photos in both business templates', () => {
    for (const code of ['dd_personal_business', 'dd_sme_working_capital']) {
      const photos = topItems(byCode(code)).find((i) => i.kind === 'evidence' && i.attachmentKinds.includes('site_photo'));
      expect(photos?.kind === 'evidence' && photos.required && photos.minCount).toBe(2);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// dd_personal_consumer
// ---------------------------------------------------------------------------------------------------

/**
 * The simple applicant (unmarried, unsecured, no guarantor, amount ≤ CNY 300,000): exactly the required
 * items, nothing else. Money in fen. The e2e test fills the same items.
 */
const CONSUMER_SIMPLE: Answers = {
  id_verified: 'yes',
  applicant_age: 35,
  interview_date: '2026-11-20',
  interview_two_staff: 'yes',
  signed_in_person: 'yes',
  marital_status: 'unmarried',
  employer_name: '杭州某某科技有限公司',
  monthly_income: 1_800_000, // ¥18,000.00
  income_verified_by: ['payroll'],
  existing_loan_monthly: 300_000, // ¥3,000.00
  card_monthly: 50_000, // ¥500.00
  credit_auth_signed: 'yes',
  credit_report_date: '2026-11-18',
  current_overdue: 0,
  overdue_24m: 0,
  queries_6m: 2,
  applied_amount: 20_000_000, // ¥200,000.00: below the entrusted-payment threshold
  loan_purpose: 'renovation',
  purpose_detail: '自住房装修，装修公司为某某装饰工程有限公司，合同金额20万元，分两期支付。',
  purpose_docs_verified: 'yes',
  guarantee_methods: ['credit'],
  officer_recommendation: 'recommend',
  officer_opinion: '借款人工作稳定，收入经代发工资流水核实，征信良好，用途真实，同意按申请金额发放。',
};
const CONSUMER_SIMPLE_EVIDENCE: EvidenceCounts = { id_scan: 1, interview_signature: 1 };

/** A sound applicant answering the optional checks too. */
const CONSUMER_GOOD: Answers = {
  ...CONSUMER_SIMPLE,
  interview_anomalies: ['none'],
  residence_type: 'own_mortgage',
  employer_type: 'state_owned',
  years_at_job: 8,
  other_monthly_income: 200_000,
  income_verified_by: ['payroll', 'tax_record', 'social_insurance'],
  employment_confirmed: 'yes',
  other_monthly_debt: 0,
  undisclosed_debt_found: 'no',
  max_consecutive_overdue: 0,
  credit_adverse_records: ['none'],
  dishonest_checked: 'yes',
  amount_matches_need: 'yes',
  use_undertaking_signed: 'yes',
  site_visit_done: 'yes',
  site_visit_date: '2026-11-21',
  dd_pledge: 'yes',
};
const CONSUMER_GOOD_EVIDENCE: EvidenceCounts = { ...CONSUMER_SIMPLE_EVIDENCE, income_proof: 2, credit_report_file: 1, site_photos: 2 };

describe('dd_personal_consumer: evaluation', () => {
  const form = formOf('dd_personal_consumer');

  it('the simple applicant completes with 25 required items: one ID-scan evidence, one signature', () => {
    const e = evaluateForm(form, CONSUMER_SIMPLE, CONSUMER_SIMPLE_EVIDENCE, { newMonthlyPayment: 450_000, today: TODAY });
    expect(e.missing).toEqual([]);
    expect(e.completenessPct).toBe(100);
    expect(e.requiredCount).toBe(Object.keys(CONSUMER_SIMPLE).length + Object.keys(CONSUMER_SIMPLE_EVIDENCE).length);
    expect(e.requiredCount).toBeLessThanOrEqual(25);
    expect(e.redFlags).toEqual([]);

    const visibleRequired = topItems(byCode('dd_personal_consumer')).filter((i) => i.required && e.visibleItems.has(i.key));
    const evidence = visibleRequired.filter((i) => i.kind === 'evidence');
    expect(evidence.map((i) => i.key)).toEqual(['id_scan']);
    expect(evidence[0]?.kind === 'evidence' && evidence[0].attachmentKinds).toEqual(['id_scan']);
    expect(evidence[0]?.kind === 'evidence' && evidence[0].minCount).toBe(1);
    expect(visibleRequired.filter((i) => i.kind === 'signature').map((i) => i.key)).toEqual(['interview_signature']);
    // The conditional parts stay out of the way for this applicant.
    for (const hidden of ['spouse_name', 'guarantors', 'collateral', 'payment_method', 'approval_conditions']) {
      expect(e.visibleItems.has(hidden), hidden).toBe(false);
    }
  });

  it('each missing answer or attachment of the simple path keeps the form incomplete', () => {
    for (const key of Object.keys(CONSUMER_SIMPLE)) {
      const answers: Record<string, unknown> = { ...CONSUMER_SIMPLE };
      delete answers[key];
      const e = evaluateForm(form, answers as Answers, CONSUMER_SIMPLE_EVIDENCE, { today: TODAY });
      expect(e.missing.map((m) => m.key), key).toEqual([key]);
    }
    for (const key of Object.keys(CONSUMER_SIMPLE_EVIDENCE)) {
      const e = evaluateForm(form, CONSUMER_SIMPLE, { ...CONSUMER_SIMPLE_EVIDENCE, [key]: 0 }, { today: TODAY });
      expect(e.missing.map((m) => m.key), key).toEqual([key]);
    }
  });

  it('a good applicant: 100 % complete, no high red flag, DSR within 50 %, full checklist score', () => {
    const e = evaluateForm(form, CONSUMER_GOOD, CONSUMER_GOOD_EVIDENCE, { newMonthlyPayment: 450_000, today: TODAY });
    expect(e.missing).toEqual([]);
    expect(e.completenessPct).toBe(100);
    expect(e.redFlags.filter((f) => f.severity === 'high')).toEqual([]);
    expect(e.redFlags).toEqual([]);
    // (3,000 + 500 + 0 + 4,500) / (18,000 + 2,000) = 0.4
    expect(e.dsr).toMatchObject({ incomeFen: 2_000_000, debtFen: 350_000, newPaymentFen: 450_000, ratio: '0.4000', overLimit: false });
    expect(e.score.pct).toBe(100);
  });

  it('a risky applicant raises the high flags: overdue now, "six in 24 months", prohibited use, self-payment, DSR over 50 %', () => {
    const risky: Answers = {
      ...CONSUMER_SIMPLE,
      signed_in_person: 'no',
      monthly_income: 1_000_000,
      existing_loan_monthly: 350_000,
      card_monthly: 50_000,
      current_overdue: 1,
      overdue_24m: 7,
      max_consecutive_overdue: 3,
      queries_6m: 9,
      applied_amount: 50_000_000, // ¥500,000: above the threshold, so the payment method is asked
      loan_purpose: 'securities',
      payment_method: 'self',
      interview_anomalies: ['agent_present'],
    };
    const e = evaluateForm(form, risky, CONSUMER_SIMPLE_EVIDENCE, { newMonthlyPayment: 300_000, today: TODAY });
    const high = e.redFlags.filter((f) => f.severity === 'high').map((f) => f.code);
    expect(high).toEqual(
      expect.arrayContaining([
        'signed_in_person_no',
        'current_overdue',
        'overdue_24m_six',
        'overdue_three_consecutive',
        'prohibited_purpose',
        'self_payment_over_limit',
        'dsr_over_limit',
      ]),
    );
    expect(e.redFlags.filter((f) => f.severity === 'medium').map((f) => f.code)).toEqual(expect.arrayContaining(['queries_6m_many', 'agent_suspected']));
    // (3,500 + 500 + 3,000) / 10,000 = 0.7
    expect(e.dsr).toMatchObject({ ratio: '0.7000', overLimit: true });
    // The high-overdue rule replaces the "some overdue" one rather than adding to it.
    expect(e.redFlags.map((f) => f.code)).not.toContain('overdue_24m_some');
    // The payee is required once entrusted payment is chosen.
    const entrusted = evaluateForm(form, { ...risky, payment_method: 'entrusted' }, CONSUMER_SIMPLE_EVIDENCE, { today: TODAY });
    expect(entrusted.missing.map((m) => m.key)).toEqual(['payee_name', 'payee_matches_contract']);
  });

  it('shows the payment method only above CNY 300,000, so a hidden self-payment answer raises nothing', () => {
    const below = { ...CONSUMER_SIMPLE, payment_method: 'self' };
    expect(flagCodes(form, below, CONSUMER_SIMPLE_EVIDENCE)).toEqual([]);
    const atLimit = evaluateForm(form, { ...below, applied_amount: 30_000_000 }, CONSUMER_SIMPLE_EVIDENCE, { today: TODAY });
    expect(atLimit.visibleItems.has('payment_method')).toBe(false);
    const above = evaluateForm(form, { ...below, applied_amount: 30_000_001 }, CONSUMER_SIMPLE_EVIDENCE, { today: TODAY });
    expect(above.visibleItems.has('payment_method')).toBe(true);
    expect(above.redFlags.map((f) => f.code)).toEqual(['self_payment_over_limit']);
  });

  it('a married applicant: spouse items become required; a co-borrowing spouse counts in the DSR', () => {
    const married = { ...CONSUMER_SIMPLE, marital_status: 'married' };
    const e = evaluateForm(form, married, CONSUMER_SIMPLE_EVIDENCE, { today: TODAY });
    expect(e.missing.map((m) => m.key)).toEqual(['spouse_name', 'spouse_consent', 'spouse_co_borrower']);

    const coBorrowing: Answers = {
      ...married,
      spouse_name: '李娜',
      spouse_consent: 'yes',
      spouse_co_borrower: 'yes',
      spouse_monthly_income: 1_200_000,
      spouse_monthly_debt: 200_000,
    };
    const c = evaluateForm(form, coBorrowing, CONSUMER_SIMPLE_EVIDENCE, { newMonthlyPayment: 450_000, today: TODAY });
    expect(c.completenessPct).toBe(100);
    // (3,000 + 500 + 2,000 + 4,500) / (18,000 + 12,000)
    expect(c.dsr).toMatchObject({ incomeFen: 3_000_000, debtFen: 550_000, ratio: '0.3333' });

    // Answers left over from a change of mind do not count once hidden.
    const single = evaluateForm(form, { ...coBorrowing, marital_status: 'divorced' }, CONSUMER_SIMPLE_EVIDENCE, { newMonthlyPayment: 450_000, today: TODAY });
    expect(single.dsr).toMatchObject({ incomeFen: 1_800_000, debtFen: 350_000 });
    expect(single.visibleItems.has('spouse_monthly_income')).toBe(false);
  });

  it('a guaranteed and mortgaged loan asks for guarantor and collateral rows and their documents', () => {
    const secured = { ...CONSUMER_SIMPLE, guarantee_methods: ['guarantee', 'mortgage'] };
    const e = evaluateForm(form, secured, CONSUMER_SIMPLE_EVIDENCE, { today: TODAY });
    expect(e.missing.map((m) => m.key)).toEqual(['guarantors', 'guarantee_contract', 'collateral', 'collateral_docs', 'loan_to_value']);

    const withRows: Answers = {
      ...secured,
      guarantors: [
        { guarantor_name: '张伟', guarantor_relation: 'parent', guarantor_id_verified: 'no', guarantor_monthly_income: 800_000, guarantor_current_overdue: 1 },
      ],
      collateral: [
        {
          collateral_type: 'residential',
          collateral_location: '杭州市西湖区文三路100号2幢301室',
          collateral_value: 150_000_000,
          collateral_title_verified: 'yes',
          collateral_co_owned: 'yes',
        },
      ],
      loan_to_value: 75,
    };
    const r = evaluateForm(form, withRows, { ...CONSUMER_SIMPLE_EVIDENCE, guarantee_contract: 1, collateral_docs: 1 }, { today: TODAY });
    // The co-owner consent appears inside the row only because the row says there are co-owners.
    expect(r.missing).toEqual([expect.objectContaining({ key: 'collateral', row: 0, childKey: 'collateral_co_owner_consent', reason: 'required' })]);
    expect(r.redFlags.map((f) => [f.code, f.severity, f.row])).toEqual([
      ['guarantor_id_verified_no', 'high', 0],
      ['guarantor_overdue', 'high', 0],
      ['loan_to_value_high', 'medium', undefined],
    ]);
  });

  it('refuses years at the employer above the age, and a future interview date', () => {
    const p = checkAnswer(form, 'years_at_job', 40, { applicant_age: 35 });
    expect(p?.code).toBe('rule');
    expect(checkAnswer(form, 'years_at_job', 10, { applicant_age: 35 })).toBeNull();
    expect(checkAnswer(form, 'interview_date', '2026-11-27', {}, { today: TODAY })?.code).toBe('future_date');
    expect(checkAnswer(form, 'overdue_24m', 0, { current_overdue: 2 })?.code).toBe('rule');
  });
});

// ---------------------------------------------------------------------------------------------------
// dd_personal_business
// ---------------------------------------------------------------------------------------------------

const BUSINESS_GOOD: Answers = {
  id_verified: 'yes',
  applicant_age: 42,
  interview_date: '2026-11-19',
  interview_two_staff: 'yes',
  signed_in_person: 'yes',
  interview_anomalies: ['none'],
  marital_status: 'married',
  spouse_name: '陈丽',
  spouse_consent: 'yes',
  spouse_co_borrower: 'yes',
  spouse_monthly_income: 600_000,
  spouse_monthly_debt: 0,
  license_verified: 'yes',
  entity_type: 'individual_business',
  industry: '建材零售',
  years_in_operation: 8,
  premises: 'leased_covering',
  monthly_turnover: 30_000_000,
  monthly_net_income: 4_000_000,
  turnover_verified_by: ['bank_statement', 'tax_returns'],
  invoice_statement_consistent: 'yes',
  personal_loan_monthly: 500_000,
  business_loan_monthly: 800_000,
  card_monthly: 100_000,
  credit_auth_signed: 'yes',
  credit_report_date: '2026-11-18',
  current_overdue: 0,
  overdue_24m: 0,
  queries_6m: 3,
  applied_amount: 80_000_000,
  loan_purpose: 'inventory',
  purpose_detail: '向某某水泥有限公司采购水泥及辅材，合同金额80万元，货到付款。',
  purpose_matches_business: 'yes',
  payment_method: 'entrusted',
  payee_name: '某某水泥有限公司',
  payee_matches_contract: 'yes',
  guarantee_methods: ['guarantee'],
  guarantors: [{ guarantor_name: '周强', guarantor_relation: 'business_partner', guarantor_id_verified: 'yes', guarantor_monthly_income: 2_000_000, guarantor_current_overdue: 0 }],
  mutual_guarantee: 'no',
  site_visit_date: '2026-11-19',
  premises_operating: 'yes',
  industry_policy: 'permitted',
  env_compliant: 'yes',
  officer_recommendation: 'recommend',
  officer_opinion: '经营稳定，流水与纳税数据相符，用途为采购存货并受托支付，同意。',
};
const BUSINESS_EVIDENCE: EvidenceCounts = {
  id_scan: 1,
  interview_signature: 1,
  business_license: 1,
  guarantee_contract: 1,
  site_photos: 3,
  co_investigator_signature: 1,
};

describe('dd_personal_business: evaluation', () => {
  const form = formOf('dd_personal_business');

  it('a good applicant: complete, no high flag, household DSR within 55 %', () => {
    const e = evaluateForm(form, BUSINESS_GOOD, BUSINESS_EVIDENCE, { newMonthlyPayment: 1_000_000, today: TODAY });
    expect(e.missing).toEqual([]);
    expect(e.completenessPct).toBe(100);
    expect(e.redFlags.filter((f) => f.severity === 'high')).toEqual([]);
    // (5,000 + 8,000 + 1,000 + 0 + 10,000) / (40,000 + 6,000)
    expect(e.dsr).toMatchObject({ incomeFen: 4_600_000, debtFen: 1_400_000, ratio: '0.5217', overLimit: false });
  });

  it('one site photo is not enough', () => {
    const e = evaluateForm(form, BUSINESS_GOOD, { ...BUSINESS_EVIDENCE, site_photos: 1 }, { today: TODAY });
    expect(e.missing.map((m) => [m.key, m.reason])).toEqual([['site_photos', 'evidence']]);
  });

  it('a risky applicant: short trading history, no real operation, property use, phase-out industry, DSR over 55 %', () => {
    const risky: Answers = {
      ...BUSINESS_GOOD,
      years_in_operation: 0.5,
      premises: 'none_fixed',
      premises_operating: 'no',
      loan_purpose: 'down_payment',
      industry_policy: 'eliminated',
      private_lending_monthly: 600_000,
      mutual_guarantee: 'yes',
    };
    const codes = flagCodes(form, risky, BUSINESS_EVIDENCE, 1_000_000, 'high');
    expect(codes).toEqual(
      expect.arrayContaining(['operating_under_1y', 'no_fixed_premises', 'prohibited_purpose', 'premises_operating_no', 'industry_eliminated', 'dsr_over_limit']),
    );
    expect(flagCodes(form, risky, BUSINESS_EVIDENCE, 1_000_000, 'medium')).toEqual(expect.arrayContaining(['private_lending', 'mutual_guarantee_yes']));
  });

  it('refuses net income above sales', () => {
    expect(checkAnswer(form, 'monthly_net_income', 40_000_000, { monthly_turnover: 30_000_000 })?.code).toBe('rule');
  });
});

// ---------------------------------------------------------------------------------------------------
// dd_sme_working_capital
// ---------------------------------------------------------------------------------------------------

const SME_GOOD: Answers = {
  registration_verified: 'yes',
  years_in_operation: 6,
  controller_name: '刘建国',
  interview_date: '2026-11-17',
  interview_two_staff: 'yes',
  interviewees: ['legal_rep', 'controller', 'finance_head'],
  borrowing_resolution: 'yes',
  signed_by_authorized: 'yes',
  monthly_turnover: 150_000_000,
  turnover_verified_by: ['bank_statement', 'tax_returns', 'utility_bills'],
  tax_invoice_consistent: 'yes',
  site_visit_date: '2026-11-17',
  production_normal: 'yes',
  industry_policy: 'encouraged',
  env_compliant: 'yes',
  statement_date: '2026-10-31',
  annual_revenue: 1_800_000_000,
  net_profit: 90_000_000,
  debt_asset_ratio: 55,
  current_ratio: 1.3,
  monthly_operating_cash: 20_000_000,
  wc_gap: 300_000_000,
  bank_loans_outstanding: 200_000_000,
  monthly_debt_service: 5_000_000,
  financing_banks: 2,
  guarantee_circle: 'no',
  related_party_transactions: 'no',
  credit_auth_signed: 'yes',
  credit_report_date: '2026-11-16',
  enterprise_current_overdue: 0,
  controller_current_overdue: 0,
  controller_overdue_24m: 0,
  litigation: ['none'],
  applied_amount: 200_000_000,
  loan_purpose: 'raw_materials',
  purpose_detail: '向上游供应商采购铝锭，年度框架合同，按批次付款。',
  trade_background_verified: 'yes',
  new_relationship: 'no',
  guarantee_methods: ['guarantee'],
  guarantors: [{ guarantor_name: '刘建国', guarantor_relation: 'controller', guarantor_id_verified: 'yes', guarantor_monthly_income: 5_000_000, guarantor_current_overdue: 0 }],
  officer_recommendation: 'recommend',
  officer_opinion: '企业经营正常，财务指标稳健，需求测算充分，实际控制人提供连带责任保证，同意。',
};
const SME_EVIDENCE: EvidenceCounts = {
  business_license: 1,
  legal_rep_id_scan: 2,
  legal_rep_signature: 1,
  site_photos: 4,
  financial_statements: 3,
  credit_reports: 2,
  trade_contract: 1,
  guarantee_contract: 1,
  investigator_signature: 1,
};

describe('dd_sme_working_capital: evaluation', () => {
  const form = formOf('dd_sme_working_capital');

  it('a good applicant: complete, no red flag, DSR well within 55 %', () => {
    const e = evaluateForm(form, SME_GOOD, SME_EVIDENCE, { newMonthlyPayment: 2_000_000, today: TODAY });
    expect(e.missing).toEqual([]);
    expect(e.completenessPct).toBe(100);
    expect(e.redFlags).toEqual([]);
    expect(e.dsr).toMatchObject({ ratio: '0.3500', overLimit: false });
    // A loan under CNY 10 million to an existing customer may be paid to the borrower.
    expect(e.visibleItems.has('payment_method')).toBe(false);
  });

  it('a new customer must use entrusted payment whatever the amount', () => {
    const e = evaluateForm(form, { ...SME_GOOD, new_relationship: 'yes', payment_method: 'self' }, SME_EVIDENCE, { today: TODAY });
    expect(e.visibleItems.has('payment_method')).toBe(true);
    expect(e.redFlags.map((f) => f.code)).toEqual(['self_payment_over_limit']);
  });

  it('a risky applicant: leverage, liquidity, overdue, guarantee-circle defaults, non-working-capital use', () => {
    const risky: Answers = {
      ...SME_GOOD,
      debt_asset_ratio: 88,
      current_ratio: 0.7,
      net_profit: -5_000_000,
      enterprise_current_overdue: 1,
      guarantee_circle: 'yes',
      guarantee_circle_default: 'yes',
      financing_banks: 5,
      litigation: ['dishonest'],
      loan_purpose: 'equity_investment',
      interviewees: ['legal_rep'],
    };
    expect(flagCodes(form, risky, SME_EVIDENCE, 2_000_000, 'high')).toEqual(
      expect.arrayContaining(['leverage_excessive', 'liquidity_poor', 'enterprise_overdue', 'guarantee_circle_default_yes', 'litigation_dishonest', 'prohibited_purpose']),
    );
    expect(flagCodes(form, risky, SME_EVIDENCE, 2_000_000, 'medium')).toEqual(
      expect.arrayContaining(['net_loss', 'guarantee_circle_yes', 'many_lenders', 'controller_not_interviewed']),
    );
    // The medium tiers give way to the high ones.
    expect(flagCodes(form, risky, SME_EVIDENCE)).not.toContain('leverage_high');
    expect(flagCodes(form, risky, SME_EVIDENCE)).not.toContain('liquidity_weak');
  });

  it('refuses an amount above the estimated working-capital need', () => {
    expect(checkAnswer(form, 'applied_amount', 300_000_001, { wc_gap: 300_000_000 })?.code).toBe('rule');
    expect(checkAnswer(form, 'applied_amount', 300_000_000, { wc_gap: 300_000_000 })).toBeNull();
  });
});
