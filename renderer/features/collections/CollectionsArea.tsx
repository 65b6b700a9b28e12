// The collections part of the signed-in frame: which collections page a route shows to whom, and
// the queue kept mounted (hidden) behind a loan's screen so its filters and focused row survive.
import { useRef } from 'react';
import type { SessionUser } from '../../../shared/api/schemas';
import { hasAnyRole } from '../../../shared/auth/roles';
import type { Route } from '../../app/router';
import { KpiPage } from './kpi/KpiPage';
import { CollectionPage } from './loan/CollectionPage';
import { QueuePage } from './queue/QueuePage';

/** Collectors work the queue; supervisors see every agent's, assign work and read the KPIs. */
const COLLECTION_ROLES = ['collector', 'supervisor'] as const;
export const COLLECTION_SUPERVISOR_ROLES = ['supervisor'] as const;

export type CollectionsRoute = Extract<Route, { name: 'collections' | 'collectionsAssign' | 'collectionLoan' | 'collectionLetter' | 'collectionsKpi' }>;

/** The collections page to show, or null when the route is not one (or the user may not see it). */
export function collectionsRouteFor(route: Route, roles: SessionUser['roles']): CollectionsRoute | null {
  if (!hasAnyRole(roles, COLLECTION_ROLES)) return null;
  switch (route.name) {
    case 'collectionsAssign':
    case 'collectionsKpi':
      // Supervisor pages; anyone else asking for them gets their own queue.
      return hasAnyRole(roles, COLLECTION_SUPERVISOR_ROLES) ? route : { name: 'collections' };
    case 'collections':
    case 'collectionLoan':
    case 'collectionLetter':
      return route;
    default:
      return null;
  }
}

/** The menu entry a collections route belongs to. */
export function collectionsMenuKey(route: CollectionsRoute): 'collections' | 'collectionsKpi' {
  return route.name === 'collectionsKpi' ? 'collectionsKpi' : 'collections';
}

export function CollectionsArea({ route, user }: { route: CollectionsRoute; user: SessionUser }) {
  const queueShown = route.name === 'collections' || route.name === 'collectionsAssign';
  const lastMode = useRef<'queue' | 'assign'>('queue');
  if (queueShown) lastMode.current = route.name === 'collectionsAssign' ? 'assign' : 'queue';
  const keepQueue = queueShown || route.name === 'collectionLoan';
  return (
    <>
      {keepQueue && (
        <div style={{ display: queueShown ? 'flex' : 'none', flexDirection: 'column', flex: 1, minHeight: 0 }}>
          <QueuePage user={user} mode={lastMode.current} active={queueShown} />
        </div>
      )}
      {route.name === 'collectionLoan' && <CollectionPage key={route.loanId} loanId={route.loanId} />}
      {route.name === 'collectionsKpi' && <KpiPage />}
    </>
  );
}
