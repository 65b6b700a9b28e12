// portfolio.list and portfolio.exportCsv: the branch's loans with their latest metrics, filtered, sorted
// and paged in SQL; the export is the same query as CSV.
import type { InputOf, OutputOf } from '../../shared/api/contract';
import { portfolioQuery, type PortfolioRow } from '../../shared/api/schemas';
import { fenToPlainYuan, toCsv } from '../../shared/csv';
import {
  BUCKET_LABELS,
  CUSTOMER_TYPE_LABELS,
  FIVE_CLASS_LABELS,
  METHOD_LABELS,
  PORTFOLIO_COLUMN_LABELS,
  PRODUCT_LABELS,
  PURPOSE_LABELS,
  label,
} from '../../shared/i18n/labels';
import { metricsAsOf, queryPortfolio } from '../../db/local/queries/portfolio';
import { requireActor, type ServiceContext } from './context';

export function list(ctx: ServiceContext, input: InputOf<'portfolio.list'>): OutputOf<'portfolio.list'> {
  const actor = requireActor(ctx);
  const q = portfolioQuery.parse(input);
  const r = ctx.store.read();
  const { rows, total } = queryPortfolio(r, actor.branchId, q, { offset: input.offset ?? 0, limit: input.limit ?? 100 });
  return { rows, total, asOf: metricsAsOf(r) ?? '' };
}

const CSV_COLUMNS: (keyof PortfolioRow)[] = [
  'loanNo', 'customerName', 'customerType', 'product', 'purpose', 'method', 'principal', 'outstandingPrincipal',
  'overdueAmount', 'annualRate', 'dpd', 'bucket', 'fiveClass', 'disbursedOn', 'maturityDate', 'officerName',
];
const MONEY_COLUMNS = new Set<keyof PortfolioRow>(['principal', 'outstandingPrincipal', 'overdueAmount']);
const LABELLED: Partial<Record<keyof PortfolioRow, Record<string, Record<'zh-CN' | 'en', string>>>> = {
  customerType: CUSTOMER_TYPE_LABELS,
  product: PRODUCT_LABELS,
  purpose: PURPOSE_LABELS,
  method: METHOD_LABELS,
  bucket: BUCKET_LABELS,
  fiveClass: FIVE_CLASS_LABELS,
};

/** The whole filtered portfolio (not only the loaded page) as CSV in the user's language. */
export function exportCsv(ctx: ServiceContext, input: InputOf<'portfolio.exportCsv'>): OutputOf<'portfolio.exportCsv'> {
  const actor = requireActor(ctx);
  const locale = input.locale ?? 'zh-CN';
  const q = portfolioQuery.parse(input);
  const r = ctx.store.read();
  const { rows } = queryPortfolio(r, actor.branchId, q, null);
  const header = CSV_COLUMNS.map((c) => label(PORTFOLIO_COLUMN_LABELS, c, locale));
  const body = rows.map((row) =>
    CSV_COLUMNS.map((c) => {
      const v = row[c];
      if (MONEY_COLUMNS.has(c)) return fenToPlainYuan(v as number);
      const labels = LABELLED[c];
      return labels ? label(labels, String(v), locale) : (v as string | number | null);
    }),
  );
  const asOf = metricsAsOf(r) ?? 'na';
  return { fileName: `portfolio-${asOf}.csv`, csv: toCsv(header, body), rows: rows.length };
}
