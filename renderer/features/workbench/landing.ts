// Where each role starts after sign-in. A user with several roles gets the first that has one, in
// this order: the supervisor's reviews come before the officer's own cases and the collector's queue.
import type { SessionUser } from '../../../shared/api/schemas';
import type { Route } from '../../app/router';

type Roles = SessionUser['roles'];

const LANDINGS: readonly { role: Roles[number]; route: Route }[] = [
  { role: 'supervisor', route: { name: 'workbench' } },
  { role: 'officer', route: { name: 'workbench' } },
  { role: 'collector', route: { name: 'collections' } },
  // Inspections are not built yet: the inspector starts on the portfolio.
  { role: 'inspector', route: { name: 'portfolio' } },
];

export function landingRoute(roles: Roles): Route {
  return LANDINGS.find((l) => roles.includes(l.role))?.route ?? { name: 'portfolio' };
}

/** The workbench page is the officer's and the supervisor's (the collector's is the queue). */
export function hasWorkbenchPage(roles: Roles): boolean {
  return roles.includes('supervisor') || roles.includes('officer');
}

/** Whether the user has any count waiting to be shown (workbench.counts refuses the others). */
export function hasWorkbenchCounts(roles: Roles): boolean {
  return hasWorkbenchPage(roles) || roles.includes('collector');
}
