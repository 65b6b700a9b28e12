// Column order, widths, visibility and sort of the portfolio grid, remembered per user by the service
// (prefs 'portfolio.columns', read by columnPrefs.ts). Saves are debounced: dragging a column edge fires
// many resize events.
import type { ColumnState, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { invoke } from '../../api/transport';
import { readStoredColumns, type ColumnChoices, type StoredColumns } from './columnPrefs';

const PREF_KEY = 'portfolio.columns';
const SAVE_DELAY_MS = 800;

/** One instance per signed-in user: the shell is rebuilt for each sign-in, so nothing leaks across users. */
export function useColumnPrefs() {
  // The last known state, also used to restore the grid when it is rebuilt for a language switch.
  const current = useRef<ColumnChoices | null>(null);
  const loading = useRef<Promise<ColumnChoices | null> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const dirty = useRef(false);

  const load = useCallback((): Promise<ColumnChoices | null> => {
    if (current.current) return Promise.resolve(current.current);
    loading.current ??= invoke('prefs.get', { key: PREF_KEY })
      .then((out) => {
        current.current ??= readStoredColumns(out.value);
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
    const value: StoredColumns = { v: 2, columns: current.current.state };
    invoke('prefs.set', { key: PREF_KEY, value }).catch(() => {
      dirty.current = true; // try again with the next change
    });
  }, []);

  const remember = useCallback(
    (api: GridApi) => {
      const state: ColumnState[] = api.getColumnState();
      current.current = { state, applyOrder: true };
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
