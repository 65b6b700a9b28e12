// Toolbar filters -> the contract's portfolio query. Filtering, sorting and counting are done by the
// service: a branch can hold 100,000 loans and the grid only ever holds the pages it shows.
import type { InputOf } from '../../../shared/api/contract';
import type { PortfolioViewFilters } from '../../../shared/api/portfolioViewSchemas';
import { PORTFOLIO_SORT_FIELDS } from '../../../shared/api/schemas';
import type { FiveClass } from '../../../shared/domain/vocabulary';

export type SortField = (typeof PORTFOLIO_SORT_FIELDS)[number];
export type SortSpec = { field: SortField; dir: 'asc' | 'desc' };

/** The same shape a saved view keeps, so a view applies as it was saved. */
export type PortfolioFilters = PortfolioViewFilters;

export const EMPTY_FILTERS: PortfolioFilters = {
  q: '',
  buckets: [],
  fiveClasses: [],
  purposes: [],
  customerTypes: [],
  overdue: false,
  watchOrWorse: false,
};

/** The quick filter "关注及以下" starts at this class; the service takes every worse one from the domain's order. */
const WATCH_CLASS: FiveClass = 'special_mention';

const DEFAULT_SORT: SortSpec = { field: 'loanNo', dir: 'asc' };

type QueryPart = Omit<InputOf<'portfolio.list'>, 'offset' | 'limit' | 'sort'>;

/** Only the filters actually set, so an empty list never means "match nothing". */
export function toQuery(f: PortfolioFilters): QueryPart {
  const q: QueryPart = {};
  const text = f.q.trim().slice(0, 64);
  if (text) q.q = text;
  if (f.buckets.length) q.buckets = f.buckets;
  if (f.fiveClasses.length) q.fiveClasses = f.fiveClasses;
  if (f.purposes.length) q.purposes = f.purposes;
  if (f.customerTypes.length) q.customerTypes = f.customerTypes;
  if (f.overdue) q.minDpd = 1;
  if (f.watchOrWorse) q.classOrWorse = WATCH_CLASS;
  return q;
}

/** Whether any filter is set (the tags row and its reset show only then). */
export function hasFilters(f: PortfolioFilters): boolean {
  return Object.keys(toQuery(f)).length > 0;
}

export function isSortField(colId: string): colId is SortField {
  return (PORTFOLIO_SORT_FIELDS as readonly string[]).includes(colId);
}

/** The grid's first sorted column as the contract's sort; the service breaks ties by loan number. */
export function toSort(model: readonly { colId: string; sort?: 'asc' | 'desc' | null }[]): SortSpec {
  const first = model.find((m) => m.sort && isSortField(m.colId));
  return first && first.sort && isSortField(first.colId) ? { field: first.colId, dir: first.sort } : DEFAULT_SORT;
}
