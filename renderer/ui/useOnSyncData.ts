// A screen that shows the branch's data reloads when a sync round brings head office's changes (a
// payment, a decision, a reassignment), so an open screen never shows what has since changed.
import { useEffect, useRef } from 'react';
import { useSyncState } from '../app/syncState';

/** Calls `onNewData` each time the synced data's version changes after the first render. */
export function useOnSyncData(onNewData: () => void) {
  const callback = useRef(onNewData);
  callback.current = onNewData;
  const dataVersion = useSyncState().status?.dataVersion ?? 0;
  const seenVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion === seenVersion.current) return;
    seenVersion.current = dataVersion;
    callback.current();
  }, [dataVersion]);
}
