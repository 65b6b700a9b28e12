// The branch portfolio: an ag-grid over the service's paged, filtered and sorted portfolio.list
// (infinite row model: the grid asks for blocks of rows as the user scrolls).
import {
  type CellKeyDownEvent,
  type ColumnState,
  type GridApi,
  type GridReadyEvent,
  type IDatasource,
  type RowDoubleClickedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { Alert, App, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortfolioRow } from '../../../shared/api/schemas';
import { errorText, invoke } from '../../api/transport';
import { navigate } from '../../app/router';
import { useLocale } from '../../i18n/useLocale';
import { downloadText } from '../../ui/download';
import { portfolioColumns } from './columns';
import { PortfolioToolbar, type ColumnChoice } from './PortfolioToolbar';
import { EMPTY_FILTERS, toQuery, toSort, type PortfolioFilters } from './query';
import { useColumnPrefs } from './useColumnPrefs';
import { useSyncState } from '../../app/syncState';
import { gridTheme, gridLocaleText } from '../../ui/grid';

const PAGE_SIZE = 100;

interface Props {
  /** False while hidden behind a loan page; the page stays mounted to keep filters and scroll. */
  active: boolean;
}

export function PortfolioPage({ active }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const [filters, setFilters] = useState<PortfolioFilters>(EMPTY_FILTERS);
  const [total, setTotal] = useState<number | null>(null);
  const [asOf, setAsOf] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [columns, setColumns] = useState<ColumnChoice[]>([]);
  const apiRef = useRef<GridApi<PortfolioRow> | null>(null);
  const generation = useRef(0);
  const lastOpened = useRef<number | null>(null);
  const prefs = useColumnPrefs();

  const query = useMemo(() => toQuery(filters), [filters]);
  const queryRef = useRef(query);
  queryRef.current = query;

  const columnDefs = useMemo(() => portfolioColumns(locale), [locale]);

  // Each filter change gets a fresh datasource; answers for an older one must not overwrite the count.
  const makeDatasource = useCallback((): IDatasource => {
    const gen = ++generation.current;
    const q = queryRef.current;
    setTotal(null);
    return {
      getRows: (params) => {
        invoke('portfolio.list', { ...q, sort: toSort(params.sortModel), offset: params.startRow, limit: params.endRow - params.startRow })
          .then((res) => {
            if (gen === generation.current) {
              setTotal(res.total);
              setAsOf(res.asOf);
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

  const syncColumnChoices = useCallback((api: GridApi) => {
    setColumns(api.getColumnState().map((c) => ({ colId: c.colId, visible: !c.hide })));
  }, []);

  const onGridReady = useCallback(
    (e: GridReadyEvent<PortfolioRow>) => {
      apiRef.current = e.api;
      // Restore the user's columns (including sort) before the first fetch, so it uses that sort.
      void prefs.load().then((saved: ColumnState[] | null) => {
        if (e.api.isDestroyed()) return;
        if (saved) e.api.applyColumnState({ state: saved, applyOrder: true });
        syncColumnChoices(e.api);
        e.api.setGridOption('datasource', makeDatasource());
      });
    },
    [prefs, makeDatasource, syncColumnChoices],
  );

  // New filters: refetch from the first row (the grid scrolls to the top).
  const firstQuery = useRef(true);
  useEffect(() => {
    if (firstQuery.current) {
      firstQuery.current = false;
      return;
    }
    apiRef.current?.setGridOption('datasource', makeDatasource());
  }, [query, makeDatasource]);

  // A sync round brought head office's changes: reload the rows in place, keeping scroll and focus.
  const dataVersion = useSyncState().status?.dataVersion ?? 0;
  const seenVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion === seenVersion.current) return;
    seenVersion.current = dataVersion;
    apiRef.current?.refreshInfiniteCache();
  }, [dataVersion]);

  // Back from a loan: put the keyboard focus on the row that was opened.
  useEffect(() => {
    const api = apiRef.current;
    if (!active || !api || lastOpened.current === null) return;
    const idx = lastOpened.current;
    api.ensureIndexVisible(idx);
    api.setFocusedCell(idx, 'loanNo');
  }, [active]);

  const open = (row: PortfolioRow | undefined, rowIndex: number | null) => {
    if (!row) return;
    lastOpened.current = rowIndex;
    navigate({ name: 'loan', loanId: row.id });
  };

  const onColumnsChanged = (e: { api: GridApi; source?: string; finished?: boolean }) => {
    // Changes the app applies itself (restoring prefs) are not user choices to save again.
    if (e.source === 'api' || e.finished === false) return;
    prefs.remember(e.api);
    syncColumnChoices(e.api);
  };

  const exportCsv = async () => {
    const api = apiRef.current;
    setExporting(true);
    try {
      const sort = toSort(api?.getColumnState().filter((c) => c.sort).sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0)) ?? []);
      const out = await invoke('portfolio.exportCsv', { ...query, sort, locale });
      downloadText(out.csv, out.fileName);
      void message.success(t('portfolio.exported', { n: out.rows, file: out.fileName }));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {t('portfolio.title')}
      </Typography.Title>
      <PortfolioToolbar
        filters={filters}
        onChange={setFilters}
        total={total}
        asOf={asOf}
        exporting={exporting}
        onExport={() => void exportCsv()}
        columns={columns}
        onColumnVisible={(colId, visible) => {
          const api = apiRef.current;
          if (!api) return;
          // Made through the API on the user's behalf, so the grid reports it as source 'api'.
          api.setColumnsVisible([colId], visible);
          prefs.remember(api);
          syncColumnChoices(api);
        }}
        onResetColumns={() => {
          const api = apiRef.current;
          if (!api) return;
          api.resetColumnState();
          prefs.remember(api);
          syncColumnChoices(api);
        }}
        onEnterGrid={() => {
          const api = apiRef.current;
          if (!api) return;
          api.ensureIndexVisible(0);
          api.setFocusedCell(0, 'loanNo');
        }}
      />
      {error && <Alert type="error" showIcon title={t('portfolio.loadFailed', { msg: error })} style={{ marginBottom: 8 }} />}
      <div style={{ flex: 1, minHeight: 360 }} data-testid="portfolio-grid">
        <AgGridReact<PortfolioRow>
          // localeText is read once at creation, so a language switch rebuilds the grid; the column
          // state is carried over by useColumnPrefs.
          key={locale}
          theme={gridTheme}
          loadThemeGoogleFonts={false}
          localeText={gridLocaleText(locale)}
          columnDefs={columnDefs}
          defaultColDef={{ resizable: true, suppressHeaderMenuButton: true, filter: false }}
          rowModelType="infinite"
          cacheBlockSize={PAGE_SIZE}
          maxBlocksInCache={50}
          infiniteInitialRowCount={1}
          getRowId={(p) => p.data.id}
          suppressMultiSort
          // Only 16 columns: rendering them all is cheap, and a horizontally scrolled grid then never
          // shows blank cells while catching up.
          suppressColumnVirtualisation
          onGridReady={onGridReady}
          onRowDoubleClicked={(e: RowDoubleClickedEvent<PortfolioRow>) => open(e.data, e.rowIndex)}
          onCellKeyDown={(e: CellKeyDownEvent<PortfolioRow>) => {
            if ((e.event as KeyboardEvent | null)?.key === 'Enter') open(e.data, e.rowIndex);
          }}
          onColumnMoved={onColumnsChanged}
          onColumnResized={onColumnsChanged}
          onColumnVisible={onColumnsChanged}
          onColumnPinned={onColumnsChanged}
          onSortChanged={onColumnsChanged}
        />
      </div>
      <Typography.Text type="secondary" style={{ marginTop: 6, fontSize: 12 }}>
        {t('portfolio.hint')}
      </Typography.Text>
    </>
  );
}
