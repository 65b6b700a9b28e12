// One API read kept current: loaded on mount and whenever its input changes, and again whenever a sync
// round brings new data (head office's changes — a payment, a reassignment — appear on an open screen
// without a reload). An answer that arrives after the screen moved on is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract';
import { invoke } from '../api/transport';
import { useSyncState } from '../app/syncState';

export interface LiveQuery<M extends MethodName> {
  data: OutputOf<M> | null;
  /** The last load's failure (the previous data stays shown). */
  error: Error | null;
  reload(): Promise<void>;
}

/** `key` identifies the input (e.g. the loan id); a new key loads afresh. */
export function useLiveQuery<M extends MethodName>(name: M, input: InputOf<M>, key: string): LiveQuery<M> {
  const [data, setData] = useState<OutputOf<M> | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const latest = useRef(0);
  const inputRef = useRef(input);
  inputRef.current = input;

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const out = await invoke(name, inputRef.current);
      if (ticket !== latest.current) return;
      setData(out);
      setError(null);
    } catch (err) {
      if (ticket === latest.current) setError(err instanceof Error ? err : new Error(String(err)));
    }
    // The key stands for the input: reload when it changes, not on every render's new object.
  }, [name, key]);

  useEffect(() => {
    void reload();
    return () => {
      latest.current += 1; // answers for a screen that is gone are dropped
    };
  }, [reload]);

  const dataVersion = useSyncState().status?.dataVersion ?? 0;
  const seenVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion <= seenVersion.current) return;
    seenVersion.current = dataVersion;
    void reload();
  }, [dataVersion, reload]);

  return { data, error, reload };
}
