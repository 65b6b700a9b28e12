// portfolio.list and portfolio.exportCsv: the branch's loans with their latest metrics, filtered, sorted
// and paged in SQL; the export is the same query as CSV. portfolio.views, saveView and deleteView: the
// user's named views of the grid, kept in their preferences on this workstation.
import type { InputOf, OutputOf } from '../../shared/api/contract';
import {
  MAX_SAVED_VIEWS,
  MAX_VIEW_NAME,
  PORTFOLIO_VIEWS_PREF,
  portfolioSaveViewIn,
  savedPortfolioView,
  type SavedPortfolioView,
} from '../../shared/api/portfolioViewSchemas';
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
import { PORTFOLIO_VIEW_MESSAGES as M } from '../../shared/i18n/portfolio';
import { metricsAsOf, queryPortfolio } from '../../db/local/queries/portfolio';
import { requireActor, type ServiceContext } from './context';
import { fieldError, ServiceError } from './errors';
import { ownPref, setOwnPref } from './prefs';
import { parseWithLocale, zodFieldErrors } from './validation';

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

/**
 * The stored views that still pass the schema. A view written by another app version that no longer
 * fits (a column or filter since removed) is left out rather than failing the whole list.
 */
function storedViews(ctx: ServiceContext): SavedPortfolioView[] {
  const value = ownPref(ctx, PORTFOLIO_VIEWS_PREF) as { views?: unknown } | null;
  const list: unknown[] = value && Array.isArray(value.views) ? value.views : [];
  return list.flatMap((v) => {
    const parsed = savedPortfolioView.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Stored as { v: 1, views } so a later form can be told apart. */
function storeViews(ctx: ServiceContext, views: SavedPortfolioView[]): OutputOf<'portfolio.views'> {
  setOwnPref(ctx, PORTFOLIO_VIEWS_PREF, { v: 1, views });
  return { views };
}

export function views(ctx: ServiceContext): OutputOf<'portfolio.views'> {
  requireActor(ctx);
  return { views: storedViews(ctx) };
}

/** Saves the view under its name; a taken name is refused unless `overwrite` says to replace it. */
export function saveView(ctx: ServiceContext, input: InputOf<'portfolio.saveView'>): OutputOf<'portfolio.saveView'> {
  requireActor(ctx);
  // Checked here too, not only at the door: this is what goes into the store.
  const parsed = parseWithLocale(portfolioSaveViewIn, input, ctx.locale);
  if (!parsed.success) throw new ServiceError('VALIDATION', {}, zodFieldErrors(parsed.error));
  const { view, overwrite } = parsed.data;
  const name = parsed.data.name.trim();
  if (!name) throw fieldError(ctx.locale, 'name', M.nameRequired);
  if (name.length > MAX_VIEW_NAME) throw fieldError(ctx.locale, 'name', M.nameTooLong, { max: MAX_VIEW_NAME });
  const existing = storedViews(ctx);
  const at = existing.findIndex((v) => v.name === name);
  if (at >= 0 && !overwrite) throw fieldError(ctx.locale, 'name', M.nameTaken);
  if (at < 0 && existing.length >= MAX_SAVED_VIEWS) throw fieldError(ctx.locale, 'name', M.tooMany, { max: MAX_SAVED_VIEWS });
  const saved: SavedPortfolioView = { ...view, name, savedAt: ctx.clock().toISOString() };
  return storeViews(ctx, at >= 0 ? existing.map((v, i) => (i === at ? saved : v)) : [...existing, saved]);
}

export function deleteView(ctx: ServiceContext, input: InputOf<'portfolio.deleteView'>): OutputOf<'portfolio.deleteView'> {
  requireActor(ctx);
  const existing = storedViews(ctx);
  const name = input.name.trim();
  if (!existing.some((v) => v.name === name)) throw new ServiceError('NOT_FOUND');
  return storeViews(ctx, existing.filter((v) => v.name !== name));
}
