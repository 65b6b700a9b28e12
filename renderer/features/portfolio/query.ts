// Toolbar filters -> the contract's portfolio query. Filtering, sorting and counting are done by the
// service: a branch can hold 100,000 loans and the grid only ever holds the pages it shows.
import type { InputOf } from '../../../shared/api/contract';
import {
  PORTFOLIO_SORT_FIELDS,
  type BUCKET_VALUES,
  type CUSTOMER_TYPE_VALUES,
  type FIVE_CLASS_VALUES,
  type PURPOSE_VALUES,
} from '../../../shared/api/schemas';

export type SortField = (typeof PORTFOLIO_SORT_FIELDS)[number];
export type SortSpec = { field: SortField; dir: 'asc' | 'desc' };

export interface PortfolioFilters {
  q: string;
  buckets: (typeof BUCKET_VALUES)[number][];
  fiveClasses: (typeof FIVE_CLASS_VALUES)[number][];
  purposes: (typeof PURPOSE_VALUES)[number][];
  customerTypes: (typeof CUSTOMER_TYPE_VALUES)[number][];
}

export const EMPTY_FILTERS: PortfolioFilters = { q: '', buckets: [], fiveClasses: [], purposes: [], customerTypes: [] };

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
  return q;
}

export function isSortField(colId: string): colId is SortField {
  return (PORTFOLIO_SORT_FIELDS as readonly string[]).includes(colId);
}

/** The grid's first sorted column as the contract's sort; the service breaks ties by loan number. */
export function toSort(model: readonly { colId: string; sort?: 'asc' | 'desc' | null }[]): SortSpec {
  const first = model.find((m) => m.sort && isSortField(m.colId));
  return first && first.sort && isSortField(first.colId) ? { field: first.colId, dir: first.sort } : DEFAULT_SORT;
}
