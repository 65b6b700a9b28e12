// Column order, widths, visibility and sort of the portfolio grid, remembered per user by the service
// (prefs 'portfolio.columns'). Saves are debounced: dragging a column edge fires many resize events.
import type { ColumnState, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { invoke } from '../../api/transport';

const PREF_KEY = 'portfolio.columns';
const SAVE_DELAY_MS = 800;

interface Stored {
  v: 1;
  columns: ColumnState[];
}

/** Stored values come from an older app version or another device; anything unexpected is ignored. */
function parseStored(value: unknown): ColumnState[] | null {
  if (!value || typeof value !== 'object') return null;
  const columns = (value as Partial<Stored>).columns;
  if ((value as Partial<Stored>).v !== 1 || !Array.isArray(columns)) return null;
  const ok = columns.every((c: unknown) => !!c && typeof c === 'object' && typeof (c as ColumnState).colId === 'string');
  return ok ? (columns as ColumnState[]) : null;
}

/** One instance per signed-in user: the shell is rebuilt for each sign-in, so nothing leaks across users. */
export function useColumnPrefs() {
  // The last known state, also used to restore the grid when it is rebuilt for a language switch.
  const current = useRef<ColumnState[] | null>(null);
  const loading = useRef<Promise<ColumnState[] | null> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const dirty = useRef(false);

  const load = useCallback((): Promise<ColumnState[] | null> => {
    if (current.current) return Promise.resolve(current.current);
    loading.current ??= invoke('prefs.get', { key: PREF_KEY })
      .then((out) => {
        current.current ??= parseStored(out.value);
        return current.current;
      })
      // Preferences are a convenience: without them the grid simply starts with its defaults.
      .catch(() => null);
    return loading.current;
  }, []);

  const save = useCallback(() => {
    window.clearTimeout(timer.current);
    if (!dirty.current || !current.current) return;
    dirty.current = false;
    const value: Stored = { v: 1, columns: current.current };
    invoke('prefs.set', { key: PREF_KEY, value }).catch(() => {
      dirty.current = true; // try again with the next change
    });
  }, []);

  const remember = useCallback(
    (api: GridApi) => {
      current.current = api.getColumnState();
      dirty.current = true;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(save, SAVE_DELAY_MS);
    },
    [save],
  );

  // Unmounting must not drop a change still waiting for its debounce. (After a sign-out the session is
  // already gone and the save fails quietly: a layout tweak from the last second is not worth more.)
  useEffect(() => save, [save]);

  return useMemo(() => ({ load, remember }), [load, remember]);
}
