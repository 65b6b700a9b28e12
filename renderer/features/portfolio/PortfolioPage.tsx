// The branch portfolio: an ag-grid over the service's paged, filtered and sorted portfolio.list
// (infinite row model: the grid asks for blocks of rows as the user scrolls).
import type { GridApi, GridReadyEvent } from 'ag-grid-community';
import { App } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedPortfolioView } from '../../../shared/api/portfolioViewSchemas';
import type { PortfolioRow } from '../../../shared/api/schemas';
import { errorText, invoke } from '../../api/transport';
import { navigate } from '../../app/router';
import { useLocale } from '../../i18n/useLocale';
import { downloadText } from '../../ui/download';
import { focusGridRow } from '../../ui/grid';
import { GridPage } from '../../ui/GridPage';
import { PagedGrid } from '../../ui/PagedGrid';
import { useInfiniteRows } from '../../ui/useInfiniteRows';
import type { ColumnChoices } from './columnPrefs';
import { portfolioColumns } from './columns';
import { FilterTags } from './FilterTags';
import { PortfolioToolbar, type ColumnChoice } from './PortfolioToolbar';
import { EMPTY_FILTERS, toQuery, toSort, type PortfolioFilters } from './query';
import { SavedViews } from './SavedViews';
import { useColumnPrefs } from './useColumnPrefs';
import { columnStateOf, viewOf } from './viewState';

interface Props {
  /** False while hidden behind a loan page; the page stays mounted to keep filters and scroll. */
  active: boolean;
}

export function PortfolioPage({ active }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const [filters, setFilters] = useState<PortfolioFilters>(EMPTY_FILTERS);
  const [asOf, setAsOf] = useState('');
  const [exporting, setExporting] = useState(false);
  const [columns, setColumns] = useState<ColumnChoice[]>([]);
  const lastOpened = useRef<number | null>(null);
  const prefs = useColumnPrefs();

  const query = useMemo(() => toQuery(filters), [filters]);
  const columnDefs = useMemo(() => portfolioColumns(locale), [locale]);

  // New filters refetch from the first row; a sync round reloads the rows in place.
  const { apiRef, total, error, start } = useInfiniteRows({
    query,
    fetchPage: (q, page) =>
      invoke('portfolio.list', { ...q, sort: toSort(page.sortModel), offset: page.startRow, limit: page.endRow - page.startRow }),
    onAnswer: (res, current) => {
      if (current) setAsOf(res.asOf);
    },
  });

  const syncColumnChoices = useCallback((api: GridApi) => {
    setColumns(api.getColumnState().map((c) => ({ colId: c.colId, visible: !c.hide })));
  }, []);

  const onGridReady = useCallback(
    (e: GridReadyEvent<PortfolioRow>) => {
      apiRef.current = e.api;
      // Restore the user's columns (including sort) before the first fetch, so it uses that sort.
      void prefs.load().then((saved: ColumnChoices | null) => {
        if (e.api.isDestroyed()) return;
        if (saved) e.api.applyColumnState({ state: saved.state, applyOrder: saved.applyOrder });
        syncColumnChoices(e.api);
        start(e.api);
      });
    },
    [apiRef, prefs, start, syncColumnChoices],
  );

  // Back from a loan: put the keyboard focus on the row that was opened.
  useEffect(() => {
    const api = apiRef.current;
    if (!active || !api || lastOpened.current === null) return;
    focusGridRow(api, lastOpened.current, 'loanNo');
  }, [active, apiRef]);

  const open = (row: PortfolioRow, rowIndex: number | null) => {
    lastOpened.current = rowIndex;
    navigate({ name: 'loan', loanId: row.id });
  };

  /** A column choice the user made: saved for next time, and shown in the column chooser. */
  const keepColumns = (api: GridApi) => {
    prefs.remember(api);
    syncColumnChoices(api);
  };

  const onColumnsChanged = (e: { api: GridApi; source?: string; finished?: boolean }) => {
    // Changes the app applies itself (restoring prefs) are not user choices to save again.
    if (e.source === 'api' || e.finished === false) return;
    keepColumns(e.api);
  };

  /** A saved view: its filters, then its columns and sort (kept as the user's column choice too). */
  const applyView = (view: SavedPortfolioView) => {
    setFilters(view.filters);
    const api = apiRef.current;
    if (!api) return;
    api.applyColumnState({ state: columnStateOf(view), applyOrder: true, defaultState: { sort: null } });
    keepColumns(api);
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
    <GridPage
      title={t('portfolio.title')}
      toolbar={
        <>
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
              keepColumns(api);
            }}
            onResetColumns={() => {
              const api = apiRef.current;
              if (!api) return;
              api.resetColumnState();
              keepColumns(api);
            }}
            onEnterGrid={() => focusGridRow(apiRef.current, 0, 'loanNo')}
            views={
              <SavedViews
                current={() => (apiRef.current ? viewOf(filters, apiRef.current.getColumnState()) : null)}
                onApply={applyView}
              />
            }
          />
          <FilterTags filters={filters} onChange={setFilters} />
        </>
      }
      error={error && t('portfolio.loadFailed', { msg: error })}
      gridTestId="portfolio-grid"
      hint={t('portfolio.hint')}
    >
      {/* A language switch rebuilds the grid (AppGrid); useColumnPrefs carries the column state over. */}
      <PagedGrid<PortfolioRow>
        columnDefs={columnDefs}
        maxBlocksInCache={50}
        suppressMultiSort
        onGridReady={onGridReady}
        onOpen={open}
        onColumnMoved={onColumnsChanged}
        onColumnResized={onColumnsChanged}
        onColumnVisible={onColumnsChanged}
        onColumnPinned={onColumnsChanged}
        onSortChanged={onColumnsChanged}
      />
    </GridPage>
  );
}
