// Toolbar filters of the case list -> the contract's dd.list query. Filtering, sorting and paging are
// the service's: a branch accumulates thousands of cases and the grid holds only the pages it shows.
import type { InputOf } from '../../../shared/api/contract';
import type { DdStatus, SLA_STATES } from '../../../shared/api/ddSchemas';

export type SlaState = (typeof SLA_STATES)[number];
export type DdSort = 'sla' | 'updated';

export interface DdFilters {
  statuses: DdStatus[];
  /** Supervisors only: one officer's cases. */
  officerId: string | null;
  slaStates: SlaState[];
  q: string;
  sort: DdSort;
}

/** Named starting points: a supervisor's approval queue, an officer's own cases and their to-do list. */
export type DdView = 'queue' | 'all' | 'mine' | 'todo';

const VIEW_FILTERS: Record<DdView, DdFilters> = {
  queue: { statuses: ['submitted'], officerId: null, slaStates: [], q: '', sort: 'sla' },
  all: { statuses: [], officerId: null, slaStates: [], q: '', sort: 'updated' },
  mine: { statuses: [], officerId: null, slaStates: [], q: '', sort: 'updated' },
  todo: { statuses: ['draft', 'returned'], officerId: null, slaStates: [], q: '', sort: 'updated' },
};

export function viewsFor(isSupervisor: boolean): DdView[] {
  return isSupervisor ? ['queue', 'all'] : ['mine', 'todo'];
}

export function viewFilters(view: DdView): DdFilters {
  return { ...VIEW_FILTERS[view], statuses: [...VIEW_FILTERS[view].statuses] };
}

/** The view whose filters these are exactly, or null once the user has changed something. */
export function matchingView(f: DdFilters, views: readonly DdView[]): DdView | null {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  for (const v of views) {
    const p = VIEW_FILTERS[v];
    if (same(f.statuses, p.statuses) && f.officerId === p.officerId && same(f.slaStates, p.slaStates) && f.q === p.q && f.sort === p.sort) {
      return v;
    }
  }
  return null;
}

type QueryPart = Omit<InputOf<'dd.list'>, 'offset' | 'limit'>;

/** Only the filters actually set, so an empty list never means "match nothing". */
export function toListQuery(f: DdFilters): QueryPart {
  const q: QueryPart = { sort: f.sort };
  const text = f.q.trim().slice(0, 64);
  if (text) q.q = text;
  if (f.statuses.length) q.statuses = f.statuses;
  if (f.slaStates.length) q.slaStates = f.slaStates;
  if (f.officerId) q.officerId = f.officerId;
  return q;
}

// The filters each user left the list with, so coming back from a case finds the same view.
const remembered = new Map<string, DdFilters>();

export function rememberedFilters(userId: string, isSupervisor: boolean): DdFilters {
  return remembered.get(userId) ?? viewFilters(isSupervisor ? 'queue' : 'mine');
}

export function rememberFilters(userId: string, f: DdFilters): void {
  remembered.set(userId, f);
}
