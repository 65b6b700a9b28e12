// The due-diligence case list: an ag-grid over the service's filtered, sorted and paged dd.list
// (infinite row model). A supervisor starts on the approval queue (submitted, oldest deadline first);
// an officer on their own cases, most recently changed first.
import {
  type CellKeyDownEvent,
  type GridApi,
  type GridReadyEvent,
  type IDatasource,
  type RowDoubleClickedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { Alert, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/api/schemas';
import { errorText, invoke } from '../../api/transport';
import { navigate } from '../../app/router';
import { useSyncState } from '../../app/syncState';
import { useLocale } from '../../i18n/useLocale';
import { caseListColumns, type DdListRow } from './caseListColumns';
import { CaseListToolbar } from './CaseListToolbar';
import { rememberFilters, rememberedFilters, toListQuery, viewsFor, type DdFilters } from './listQuery';
import { setServerNow } from './serverClock';
import { gridTheme, gridLocaleText } from '../../ui/grid';

const PAGE_SIZE = 100;

export function CaseListPage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const isSupervisor = user.roles.includes('supervisor');
  const canOpen = user.roles.includes('officer');
  const views = useMemo(() => viewsFor(isSupervisor), [isSupervisor]);
  const [filters, setFiltersState] = useState<DdFilters>(() => rememberedFilters(user.id, isSupervisor));
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // No users API for the branch's officers: the officers met in the rows so far are offered.
  const [officers, setOfficers] = useState<Map<string, string>>(() => new Map());
  const apiRef = useRef<GridApi<DdListRow> | null>(null);
  const generation = useRef(0);

  const setFilters = useCallback(
    (f: DdFilters) => {
      rememberFilters(user.id, f);
      setFiltersState(f);
    },
    [user.id],
  );

  const query = useMemo(() => toListQuery(filters), [filters]);
  const queryRef = useRef(query);
  queryRef.current = query;

  const columnDefs = useMemo(() => caseListColumns(t, locale), [t, locale]);

  const noteOfficers = useCallback((rows: DdListRow[]) => {
    setOfficers((prev) => {
      const fresh = rows.filter((r) => !prev.has(r.officerId));
      if (fresh.length === 0) return prev;
      const next = new Map(prev);
      for (const r of fresh) next.set(r.officerId, r.officerName ?? r.officerId);
      return next;
    });
  }, []);

  // Each filter change gets a fresh datasource; answers for an older one must not overwrite the count.
  const makeDatasource = useCallback((): IDatasource => {
    const gen = ++generation.current;
    const q = queryRef.current;
    setTotal(null);
    return {
      getRows: (params) => {
        invoke('dd.list', { ...q, offset: params.startRow, limit: params.endRow - params.startRow })
          .then((res) => {
            setServerNow(res.now);
            noteOfficers(res.rows);
            if (gen === generation.current) {
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
  }, [noteOfficers]);

  const onGridReady = useCallback(
    (e: GridReadyEvent<DdListRow>) => {
      apiRef.current = e.api;
      e.api.setGridOption('datasource', makeDatasource());
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

  // A sync round brought head office's changes (a decision, a reassignment): reload in place.
  const dataVersion = useSyncState().status?.dataVersion ?? 0;
  const seenVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion === seenVersion.current) return;
    seenVersion.current = dataVersion;
    apiRef.current?.refreshInfiniteCache();
  }, [dataVersion]);

  const open = (row: DdListRow | undefined) => {
    if (row) navigate({ name: 'ddCase', caseId: row.id });
  };

  const officerList = useMemo(
    () => (isSupervisor ? [...officers].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) : null),
    [isSupervisor, officers],
  );

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {t('dd.list.title')}
      </Typography.Title>
      <CaseListToolbar
        filters={filters}
        onChange={setFilters}
        views={views}
        officers={officerList}
        total={total}
        canOpen={canOpen}
        onNew={() => navigate({ name: 'ddNew' })}
        onEnterGrid={() => {
          const api = apiRef.current;
          if (!api) return;
          api.ensureIndexVisible(0);
          api.setFocusedCell(0, 'customerName');
        }}
      />
      {error && <Alert type="error" showIcon title={t('dd.list.loadFailed', { msg: error })} style={{ marginBottom: 8 }} />}
      <div style={{ flex: 1, minHeight: 360 }} data-testid="dd-grid">
        <AgGridReact<DdListRow>
          // localeText is read once at creation, so a language switch rebuilds the grid.
          key={locale}
          theme={gridTheme}
          loadThemeGoogleFonts={false}
          localeText={gridLocaleText(locale)}
          columnDefs={columnDefs}
          defaultColDef={{ resizable: true, suppressHeaderMenuButton: true, filter: false }}
          rowModelType="infinite"
          cacheBlockSize={PAGE_SIZE}
          maxBlocksInCache={20}
          infiniteInitialRowCount={1}
          getRowId={(p) => p.data.id}
          suppressColumnVirtualisation
          onGridReady={onGridReady}
          onRowDoubleClicked={(e: RowDoubleClickedEvent<DdListRow>) => open(e.data)}
          onCellKeyDown={(e: CellKeyDownEvent<DdListRow>) => {
            if ((e.event as KeyboardEvent | null)?.key === 'Enter') open(e.data);
          }}
        />
      </div>
      <Typography.Text type="secondary" style={{ marginTop: 6, fontSize: 12 }}>
        {t('dd.list.hint')}
      </Typography.Text>
    </>
  );
}
