// The counts of what waits for the signed-in user (workbench.counts), shared by the menu badges and the
// workbench page so they always agree. Refreshed when the user comes back (window focus, the tab shown
// again, another page opened), after any call that wrote work, and when a sync round brought data —
// never on a timer, so an unattended workstation still locks on time.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { queuesWork, type OutputOf } from '../../../shared/api/contract';
import type { SessionUser } from '../../../shared/api/schemas';
import { invoke, onCallSucceeded } from '../../api/transport';
import { useHash } from '../../app/router';
import { useOnSyncData } from '../../ui/useOnSyncData';
import { hasWorkbenchCounts } from './landing';

export type WorkbenchCounts = OutputOf<'workbench.counts'>;

interface CountsState {
  /** null until the first answer (or for a user without counts). */
  counts: WorkbenchCounts | null;
  /** Goes up with each answer, so a page showing the rows behind the counts reloads with them. */
  version: number;
  refresh(): void;
}

const CountsContext = createContext<CountsState>({ counts: null, version: 0, refresh: () => undefined });

export function useWorkbenchCounts(): CountsState {
  return useContext(CountsContext);
}

interface Props {
  user: SessionUser;
  /** Calls start only once the shell's session hooks are in place. */
  enabled: boolean;
  children: ReactNode;
}

export function WorkbenchCountsProvider({ user, enabled, children }: Props) {
  const [counts, setCounts] = useState<WorkbenchCounts | null>(null);
  const [version, setVersion] = useState(0);
  const active = enabled && hasWorkbenchCounts(user.roles);
  const ticket = useRef(0);

  const refresh = useCallback(() => {
    if (!active) return;
    const mine = ++ticket.current;
    invoke('workbench.counts', {})
      .then((out) => {
        if (mine !== ticket.current) return;
        setCounts(out);
        setVersion((v) => v + 1);
      })
      // A badge is a hint: a failed count keeps the last one (the page itself says what failed).
      .catch(() => undefined);
  }, [active]);

  const hash = useHash();
  useEffect(() => {
    refresh();
  }, [refresh, hash]);

  useEffect(() => {
    if (!active) return;
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisible);
    const off = onCallSucceeded((name) => {
      if (queuesWork(name)) refresh();
    });
    return () => {
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
      off();
    };
  }, [active, refresh]);

  useOnSyncData(refresh);

  const value = useMemo(() => ({ counts, version, refresh }), [counts, version, refresh]);
  return <CountsContext.Provider value={value}>{children}</CountsContext.Provider>;
}

/** What the workbench menu entry counts: the officer's cases to work on, the supervisor's reviews and holds. */
export function workbenchTotal(c: WorkbenchCounts | null): number {
  if (!c) return 0;
  return (c.officer ? c.officer.drafts + c.officer.returned : 0) + (c.supervisor ? c.supervisor.pending + c.supervisor.holds : 0);
}
