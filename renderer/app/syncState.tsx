// The sync client's state for the signed-in frame, shared by the header, the menu badge and the sync
// inbox page, so they poll once and always agree. The service does not count `sync.status` or
// `sync.inbox` as the user's activity, so polling never keeps an unattended session from locking; the
// first poll after the idle limit brings up the lock dialog (the call waits for the unlock).
import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { queuesWork, type OutputOf } from '../../shared/api/contract';
import { errorText, invoke, onCallSucceeded } from '../api/transport';

const POLL_MS = 15_000;
/** While a round runs (or "sync now" waits for one, or work waits to go up), so progress moves visibly. */
const FAST_POLL_MS = 2_000;

export type SyncStatusData = OutputOf<'sync.status'>;
export type SyncIssue = OutputOf<'sync.inbox'>['issues'][number];

export interface SyncState {
  /** null until the first answer, or when the last poll failed. */
  status: SyncStatusData | null;
  /** A "sync now" call is waiting for its round. */
  syncing: boolean;
  syncNow(): Promise<void>;
  /** The issues this user may see (a supervisor: everyone's); null until loaded. */
  issues: SyncIssue[] | null;
  issuesError: string | null;
  issuesLoading: boolean;
  reloadIssues(): Promise<void>;
}

const SyncContext = createContext<SyncState | null>(null);

export function useSyncState(): SyncState {
  const value = useContext(SyncContext);
  if (!value) throw new Error('useSyncState outside SyncStateProvider');
  return value;
}

interface Props {
  /** Polling starts only once the shell's session hooks are in place (a first call may meet a lock). */
  enabled: boolean;
  children: ReactNode;
}

export function SyncStateProvider({ enabled, children }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<SyncStatusData | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [issues, setIssues] = useState<SyncIssue[] | null>(null);
  const [issuesError, setIssuesError] = useState<string | null>(null);
  const [issuesLoading, setIssuesLoading] = useState(false);
  const alive = useRef(true);
  const pollInFlight = useRef(false);
  const issuesInFlight = useRef(false);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const poll = useCallback(() => {
    // A poll held by the lock dialog stays in flight; no second one piles up behind it.
    if (pollInFlight.current) return;
    pollInFlight.current = true;
    invoke('sync.status', {})
      .then((s) => alive.current && setStatus(s))
      .catch(() => alive.current && setStatus(null))
      .finally(() => {
        pollInFlight.current = false;
      });
  }, []);

  const reloadIssues = useCallback(async () => {
    if (issuesInFlight.current) return;
    issuesInFlight.current = true;
    setIssuesLoading(true);
    try {
      const out = await invoke('sync.inbox', {});
      if (!alive.current) return;
      setIssues(out.issues);
      setIssuesError(null);
    } catch (err) {
      if (alive.current) setIssuesError(errorText(err));
    } finally {
      issuesInFlight.current = false;
      if (alive.current) setIssuesLoading(false);
    }
  }, []);

  // Also while work waits to go up: the background loop sends it within seconds, and the header should
  // say so then, not at the next slow poll.
  const fast = syncing || status?.running === true || (status?.serverConfigured === true && status.pending > 0);

  useEffect(() => {
    if (!enabled) return;
    const timer = window.setInterval(poll, fast ? FAST_POLL_MS : POLL_MS);
    return () => window.clearInterval(timer);
  }, [enabled, fast, poll]);

  useEffect(() => {
    if (!enabled) return;
    poll();
    // After a call that queued work, the pending count is refreshed at once instead of up to 15 s later.
    return onCallSucceeded((name) => {
      if (queuesWork(name)) poll();
    });
  }, [enabled, poll]);

  // New rejections or conflicts arrive with a sync round; the inbox is reloaded when their count moves.
  const rejected = status?.rejected;
  useEffect(() => {
    if (enabled && rejected !== undefined) void reloadIssues();
  }, [enabled, rejected, reloadIssues]);

  const syncNow = useCallback(async () => {
    setSyncing(true);
    try {
      const s = await invoke('sync.now', {});
      if (!alive.current) return;
      setStatus(s);
      // The round's own failure comes back in the status, not as an error of the call.
      if (s.lastError) void message.warning(t('sync.syncNowFailed', { msg: s.lastError }));
      else void message.success(t('sync.syncNowDone'));
    } catch (err) {
      if (alive.current) void message.error(t('sync.syncNowFailed', { msg: errorText(err) }));
    } finally {
      if (alive.current) setSyncing(false);
    }
  }, [message, t]);

  const value = useMemo<SyncState>(
    () => ({ status, syncing, syncNow, issues, issuesError, issuesLoading, reloadIssues }),
    [status, syncing, syncNow, issues, issuesError, issuesLoading, reloadIssues],
  );
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}
