// Domain labels in both languages, used by the renderer and by exports made in main.
import type { Locale } from '../api/envelope';

type Labels = Record<string, Record<Locale, string>>;

export const FIVE_CLASS_LABELS: Labels = {
  normal: { 'zh-CN': '正常', en: 'Normal' },
  special_mention: { 'zh-CN': '关注', en: 'Special mention' },
  substandard: { 'zh-CN': '次级', en: 'Substandard' },
  doubtful: { 'zh-CN': '可疑', en: 'Doubtful' },
  loss: { 'zh-CN': '损失', en: 'Loss' },
};

export const BUCKET_LABELS: Labels = {
  current: { 'zh-CN': '正常（未逾期）', en: 'Current' },
  M1: { 'zh-CN': 'M1（1–30天）', en: 'M1 (1–30)' },
  M2: { 'zh-CN': 'M2（31–60天）', en: 'M2 (31–60)' },
  M3: { 'zh-CN': 'M3（61–90天）', en: 'M3 (61–90)' },
  M4: { 'zh-CN': 'M4（91–120天）', en: 'M4 (91–120)' },
  M5: { 'zh-CN': 'M5（121–150天）', en: 'M5 (121–150)' },
  M6: { 'zh-CN': 'M6（151–180天）', en: 'M6 (151–180)' },
  'M7+': { 'zh-CN': 'M7+（180天以上）', en: 'M7+ (>180)' },
};

export const METHOD_LABELS: Labels = {
  equal_installment: { 'zh-CN': '等额本息', en: 'Equal installment' },
  equal_principal: { 'zh-CN': '等额本金', en: 'Equal principal' },
  interest_only: { 'zh-CN': '按月付息到期还本', en: 'Interest only, bullet' },
};

export const PURPOSE_LABELS: Labels = {
  consumer: { 'zh-CN': '消费', en: 'Consumer' },
  business: { 'zh-CN': '经营', en: 'Business' },
  housing: { 'zh-CN': '住房', en: 'Housing' },
};

export const CUSTOMER_TYPE_LABELS: Labels = {
  individual: { 'zh-CN': '个人', en: 'Individual' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  micro: { 'zh-CN': '小微', en: 'Micro business' },
};

export const PRODUCT_LABELS: Labels = {
  consumer_credit: { 'zh-CN': '个人消费贷', en: 'Personal consumer loan' },
  personal_business: { 'zh-CN': '个人经营贷', en: 'Personal business loan' },
  sme_working_capital: { 'zh-CN': '小微企业流动资金贷', en: 'SME working capital' },
  mortgage: { 'zh-CN': '个人住房贷款', en: 'Mortgage' },
};

export const PORTFOLIO_COLUMN_LABELS: Labels = {
  loanNo: { 'zh-CN': '贷款编号', en: 'Loan no.' },
  customerName: { 'zh-CN': '客户名称', en: 'Customer' },
  customerType: { 'zh-CN': '客户类型', en: 'Customer type' },
  product: { 'zh-CN': '产品', en: 'Product' },
  purpose: { 'zh-CN': '用途', en: 'Purpose' },
  method: { 'zh-CN': '还款方式', en: 'Repayment' },
  principal: { 'zh-CN': '合同金额（元）', en: 'Principal (CNY)' },
  outstandingPrincipal: { 'zh-CN': '贷款余额（元）', en: 'Outstanding (CNY)' },
  overdueAmount: { 'zh-CN': '逾期金额（元）', en: 'Overdue (CNY)' },
  annualRate: { 'zh-CN': '年利率（%）', en: 'Rate (%)' },
  dpd: { 'zh-CN': '逾期天数', en: 'DPD' },
  bucket: { 'zh-CN': '逾期阶段', en: 'Bucket' },
  fiveClass: { 'zh-CN': '五级分类', en: 'Five-category class' },
  disbursedOn: { 'zh-CN': '放款日', en: 'Disbursed' },
  maturityDate: { 'zh-CN': '到期日', en: 'Maturity' },
  officerName: { 'zh-CN': '客户经理', en: 'Officer' },
};

export function label(labels: Labels, key: string, locale: Locale): string {
  return labels[key]?.[locale] ?? key;
}
