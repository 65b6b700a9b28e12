// Saved views of the portfolio grid: a name for a set of filters, a sort and the columns (order, width,
// visibility). Kept per user in the preferences store (key PORTFOLIO_VIEWS_PREF), never synced.
import { z } from 'zod';
import { BUCKETS, CUSTOMER_TYPES, FIVE_CLASSES, LOAN_PURPOSES } from '../domain/vocabulary';
import { PORTFOLIO_SORT_FIELDS, portfolioRow } from './schemas';

export const PORTFOLIO_VIEWS_PREF = 'portfolio.views';
export const MAX_SAVED_VIEWS = 30;
export const MAX_VIEW_NAME = 40;

/** The grid's columns: every field of a portfolio row but its id. */
export const PORTFOLIO_COLUMN_IDS = portfolioRow.keyof().exclude(['id']).options;

/** The toolbar's filters as the user set them (the quick filters are their own switches). */
export const portfolioViewFilters = z
  .object({
    q: z.string().trim().max(64),
    buckets: z.array(z.enum(BUCKETS)).max(BUCKETS.length),
    fiveClasses: z.array(z.enum(FIVE_CLASSES)).max(FIVE_CLASSES.length),
    purposes: z.array(z.enum(LOAN_PURPOSES)).max(LOAN_PURPOSES.length),
    customerTypes: z.array(z.enum(CUSTOMER_TYPES)).max(CUSTOMER_TYPES.length),
    /** Quick filter: days past due above zero. */
    overdue: z.boolean(),
    /** Quick filter: classed special mention or worse. */
    watchOrWorse: z.boolean(),
  })
  .strict();
export type PortfolioViewFilters = z.infer<typeof portfolioViewFilters>;

const portfolioSort = z.object({ field: z.enum(PORTFOLIO_SORT_FIELDS), dir: z.enum(['asc', 'desc']) }).strict();

/** One column as shown, in display order. */
export const portfolioViewColumn = z
  .object({
    colId: z.enum(PORTFOLIO_COLUMN_IDS),
    width: z.number().int().min(20).max(2000).optional(),
    hide: z.boolean().optional(),
  })
  .strict();
export type PortfolioViewColumn = z.infer<typeof portfolioViewColumn>;

export const portfolioView = z
  .object({
    filters: portfolioViewFilters,
    sort: portfolioSort,
    columns: z.array(portfolioViewColumn).max(PORTFOLIO_COLUMN_IDS.length),
  })
  .strict();
export type PortfolioView = z.infer<typeof portfolioView>;

export const savedPortfolioView = portfolioView.extend({
  name: z.string().min(1).max(MAX_VIEW_NAME),
  savedAt: z.string(),
});
export type SavedPortfolioView = z.infer<typeof savedPortfolioView>;

// The API's inputs and answer. The name is checked by the service (its own messages: required, length,
// taken); the view itself by the schema above.
export const portfolioViewsOut = z.object({ views: z.array(savedPortfolioView) });
export const portfolioSaveViewIn = z
  .object({
    name: z.string().max(200),
    view: portfolioView,
    /** Replace the view of the same name; without it a taken name is refused. */
    overwrite: z.boolean().default(false),
  })
  .strict();
export const portfolioDeleteViewIn = z.object({ name: z.string().min(1).max(200) }).strict();
