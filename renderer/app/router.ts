// Hash routing (#/workbench, #/portfolio, #/loan/<id>, #/audit, #/sync-inbox, #/dd, #/dd/new, #/dd/<caseId>,
// #/dd/<caseId>/memo, #/collections, #/collections-assign, #/collections/<loanId>,
// #/collections/<loanId>/letter/<kind>, #/collections-kpi): works the same from file:// in Electron
// and from the dev-web host, survives a reload, and gives the browser Back button for free.
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'workbench' }
  | { name: 'portfolio' }
  | { name: 'loan'; loanId: string }
  | { name: 'audit' }
  | { name: 'syncInbox' }
  | { name: 'dd' }
  | { name: 'ddNew' }
  | { name: 'ddCase'; caseId: string }
  | { name: 'ddMemo'; caseId: string }
  | { name: 'collections' }
  | { name: 'collectionsAssign' }
  | { name: 'collectionLoan'; loanId: string }
  | { name: 'collectionLetter'; loanId: string; kind: string }
  | { name: 'collectionsKpi' };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts[0] === 'loan' && parts[1]) return { name: 'loan', loanId: parts[1] };
  if (parts[0] === 'workbench') return { name: 'workbench' };
  if (parts[0] === 'audit') return { name: 'audit' };
  if (parts[0] === 'sync-inbox') return { name: 'syncInbox' };
  if (parts[0] === 'dd') {
    if (!parts[1]) return { name: 'dd' };
    if (parts[1] === 'new') return { name: 'ddNew' };
    return parts[2] === 'memo' ? { name: 'ddMemo', caseId: parts[1] } : { name: 'ddCase', caseId: parts[1] };
  }
  if (parts[0] === 'collections') {
    if (!parts[1]) return { name: 'collections' };
    if (parts[2] === 'letter' && parts[3]) return { name: 'collectionLetter', loanId: parts[1], kind: parts[3] };
    return { name: 'collectionLoan', loanId: parts[1] };
  }
  if (parts[0] === 'collections-assign') return { name: 'collectionsAssign' };
  if (parts[0] === 'collections-kpi') return { name: 'collectionsKpi' };
  return { name: 'portfolio' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'loan':
      return `#/loan/${encodeURIComponent(route.loanId)}`;
    case 'syncInbox':
      return '#/sync-inbox';
    case 'ddNew':
      return '#/dd/new';
    case 'ddCase':
      return `#/dd/${encodeURIComponent(route.caseId)}`;
    case 'ddMemo':
      return `#/dd/${encodeURIComponent(route.caseId)}/memo`;
    case 'collectionsAssign':
      return '#/collections-assign';
    case 'collectionLoan':
      return `#/collections/${encodeURIComponent(route.loanId)}`;
    case 'collectionLetter':
      return `#/collections/${encodeURIComponent(route.loanId)}/letter/${encodeURIComponent(route.kind)}`;
    case 'collectionsKpi':
      return '#/collections-kpi';
    default:
      return `#/${route.name}`;
  }
}

// In-app navigations so far, so Back returns to the previous screen only when there is one of ours.
let depth = 0;

export function navigate(route: Route): void {
  const href = hrefOf(route);
  if (window.location.hash === href) return;
  depth += 1;
  window.location.hash = href;
}

/** Back to where the user came from inside the app, or to the fallback when opened directly. */
export function goBack(fallback: Route = { name: 'portfolio' }): void {
  if (depth > 0) {
    depth -= 1;
    window.history.back();
  } else {
    window.location.replace(hrefOf(fallback));
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
