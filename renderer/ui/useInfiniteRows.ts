// The rows of a grid on the infinite row model, read page by page from a service list method that
// filters, sorts and pages on its side. A new query starts a fresh datasource (the grid scrolls to
// the top); a sync round reloads the pages in place, keeping scroll and focus.
import type { GridApi, IDatasource, IGetRowsParams } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api/transport';
import { useOnSyncData } from './useOnSyncData';

interface PageAnswer {
  rows: unknown[];
  total: number;
}

interface Options<Query, Answer> {
  /** Memoised by the caller: a new object means new filters. */
  query: Query;
  fetchPage(query: Query, page: IGetRowsParams): Promise<Answer>;
  /** Every answer; `current` is false for one that belongs to an older query. */
  onAnswer?(answer: Answer, current: boolean): void;
}

export function useInfiniteRows<Query, Answer extends PageAnswer>({ query, fetchPage, onAnswer }: Options<Query, Answer>) {
  type Row = Answer['rows'][number];
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const apiRef = useRef<GridApi<Row> | null>(null);
  const generation = useRef(0);
  const latest = useRef({ query, fetchPage, onAnswer });
  latest.current = { query, fetchPage, onAnswer };

  // Each query gets a fresh datasource; answers for an older one must not overwrite the count.
  const makeDatasource = useCallback((): IDatasource => {
    const gen = ++generation.current;
    const q = latest.current.query;
    setTotal(null);
    return {
      getRows: (params) => {
        latest.current
          .fetchPage(q, params)
          .then((res) => {
            const current = gen === generation.current;
            latest.current.onAnswer?.(res, current);
            if (current) {
              setTotal(res.total);
              setError(null);
              if (res.total === 0) apiRef.current?.showNoRowsOverlay();
              else apiRef.current?.hideOverlay();
            }
            params.successCallback(res.rows, res.total);
          })
          .catch((err: unknown) => {
            params.failCallback();
            if (gen === generation.current) setError(errorText(err));
          });
      },
    };
  }, []);

  /** Starts reading rows into the grid (from onGridReady, or once its saved state is applied). */
  const start = useCallback(
    (api: GridApi<Row>) => {
      apiRef.current = api;
      api.setGridOption('datasource', makeDatasource());
    },
    [makeDatasource],
  );

  const firstQuery = useRef(true);
  useEffect(() => {
    if (firstQuery.current) {
      firstQuery.current = false;
      return;
    }
    apiRef.current?.setGridOption('datasource', makeDatasource());
  }, [query, makeDatasource]);

  useOnSyncData(() => apiRef.current?.refreshInfiniteCache());

  return { apiRef, total, error, start };
}
