// The collections work queue: the agent's delinquent loans in the order the service's priority score
// puts them, worked from the keyboard — arrows move, Enter opens the loan, N logs a no-answer call.
// A supervisor can look at any agent's queue or everyone's, and (assign mode) move loans between agents.
import type { CellKeyDownEvent, GridApi, GridReadyEvent, RowDoubleClickedEvent } from 'ag-grid-community';
import { Button } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../shared/api/schemas';
import { errorText, invoke } from '../../../api/transport';
import { navigate } from '../../../app/router';
import { useLocale } from '../../../i18n/useLocale';
import { useOutcomeLabel, type QueueRow } from '../common';
import { AssignBar } from './AssignBar';
import { QuickLogDialog } from './QuickLogDialog';
import { queueColumns } from './queueColumns';
import { ALL_AGENTS, EMPTY_FILTERS, QueueToolbar, type QueueFilters } from './QueueToolbar';
import { AppGrid } from '../../../ui/AppGrid';
import { focusGridRow } from '../../../ui/grid';
import { GridPage } from '../../../ui/GridPage';
import { useOnSyncData } from '../../../ui/useOnSyncData';

/** The service's cap per call; a branch agent's queue is far shorter. */
const MAX_ROWS = 1000;
const FOCUS_COL = 'customerName';

interface Props {
  user: SessionUser;
  mode: 'queue' | 'assign';
  /** False while hidden behind a loan's collection screen; the page stays mounted to keep its place. */
  active: boolean;
}

export function QueuePage({ user, mode, active }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const outcomeLabel = useOutcomeLabel();
  const isSupervisor = user.roles.includes('supervisor');
  const assigning = isSupervisor && mode === 'assign';
  const [filters, setFilters] = useState<QueueFilters>(EMPTY_FILTERS);
  const [rows, setRows] = useState<QueueRow[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [asOf, setAsOf] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [agents, setAgents] = useState<{ id: string; name: string }[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [quick, setQuick] = useState<QueueRow | null>(null);
  const apiRef = useRef<GridApi<QueueRow> | null>(null);
  const generation = useRef(0);
  /** The loan last worked on, so focus returns to it after a reload or coming back from the loan. */
  const focusLoan = useRef<string | null>(null);
  const firstFocus = useRef(true);
  const activeRef = useRef(active);
  activeRef.current = active;

  useEffect(() => {
    if (!isSupervisor) return;
    invoke('collections.agents', {})
      .then((out) => setAgents(out.agents))
      .catch((err: unknown) => setError(errorText(err)));
  }, [isSupervisor]);

  const load = useCallback(async () => {
    const gen = ++generation.current;
    const f = filters;
    try {
      const out = await invoke('collections.queue', {
        ...(f.buckets.length ? { buckets: f.buckets } : {}),
        ...(f.promiseStatuses.length ? { promiseStatuses: f.promiseStatuses } : {}),
        ...(f.lastOutcomes.length ? { lastOutcomes: f.lastOutcomes } : {}),
        ...(f.q.trim() ? { q: f.q.trim() } : {}),
        ...(isSupervisor ? { collectorId: f.agent } : {}),
        offset: 0,
        limit: MAX_ROWS,
      });
      if (gen !== generation.current) return;
      setRows(out.rows);
      setTotal(out.total);
      setAsOf(out.asOf);
      setError(null);
    } catch (err) {
      if (gen === generation.current) setError(errorText(err));
    }
  }, [filters, isSupervisor]);

  useEffect(() => {
    if (active) void load();
  }, [active, load]);

  // A sync round brought head office's changes (payments, reassignments): reload in place.
  useOnSyncData(() => {
    if (active) void load();
  });

  const focusRow = useCallback((index: number) => {
    const api = apiRef.current;
    if (!api || api.isDestroyed() || index < 0 || index >= api.getDisplayedRowCount()) return;
    focusGridRow(api, index, FOCUS_COL);
  }, []);

  // After each load: back on the loan last worked on; on the very first load, on the top of the
  // queue (the work comes first: the agent can press N or Enter at once) unless they are typing.
  const afterRows = useCallback(() => {
    const api = apiRef.current;
    if (!api || api.isDestroyed() || !activeRef.current) return;
    const node = focusLoan.current ? api.getRowNode(focusLoan.current) : null;
    const typing = document.activeElement instanceof HTMLInputElement || document.activeElement instanceof HTMLTextAreaElement;
    if (node && node.rowIndex !== null) {
      if (!typing) focusRow(node.rowIndex);
    } else if (firstFocus.current && api.getDisplayedRowCount() > 0 && !typing) focusRow(0);
    if (api.getDisplayedRowCount() > 0) firstFocus.current = false;
    setSelected(api.getSelectedRows().map((r) => r.loanId));
  }, [focusRow]);

  const columnDefs = useMemo(
    () => queueColumns({ t, locale, outcomeLabel, showCollector: isSupervisor && filters.agent === ALL_AGENTS }),
    [t, locale, outcomeLabel, isSupervisor, filters.agent],
  );

  const open = (row: QueueRow | undefined) => {
    if (!row) return;
    focusLoan.current = row.loanId;
    navigate({ name: 'collectionLoan', loanId: row.loanId });
  };

  const onKey = (e: CellKeyDownEvent<QueueRow>) => {
    const ev = e.event as KeyboardEvent | null;
    // While the quick log is open its Enter saves; it must not also open the loan behind it.
    if (quick) return;
    if (!ev || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (ev.key === 'Enter') open(e.data);
    else if ((ev.key === 'n' || ev.key === 'N') && e.data) {
      ev.preventDefault();
      focusLoan.current = e.data.loanId;
      setQuick(e.data);
    }
  };

  return (
    <>
      <GridPage
        title={assigning ? t('collections.assign.title') : t('collections.queue.title')}
        toolbar={
          <QueueToolbar
            filters={filters}
            onChange={setFilters}
            agents={isSupervisor ? agents : null}
            total={total}
            shown={rows?.length ?? 0}
            asOf={asOf}
            onEnterGrid={() => focusRow(0)}
            extra={
              !isSupervisor ? null : assigning ? (
                <>
                  <AssignBar selectedLoanIds={selected} agents={agents} onAssigned={() => void load()} />
                  <Button onClick={() => navigate({ name: 'collections' })} data-testid="col-assign-exit">
                    {t('collections.assign.exit')}
                  </Button>
                </>
              ) : (
                <Button onClick={() => navigate({ name: 'collectionsAssign' })} data-testid="col-assign-mode">
                  {t('collections.assign.enter')}
                </Button>
              )
            }
          />
        }
        error={error && t('collections.queue.loadFailed', { msg: error })}
        gridTestId="col-grid"
        gridAttrs={{ 'data-loaded': rows ? '1' : '0' }}
        hint={assigning ? t('collections.assign.hint') : t('collections.queue.hint')}
      >
        <AppGrid<QueueRow>
          // A mode switch rebuilds the grid (with or without the selection column).
          key={assigning ? 'assign' : 'queue'}
          columnDefs={columnDefs}
          rowData={rows ?? undefined}
          getRowId={(p) => p.data.loanId}
          rowSelection={assigning ? { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false } : undefined}
          onSelectionChanged={(e) => setSelected(e.api.getSelectedRows().map((r) => r.loanId))}
          onGridReady={(e: GridReadyEvent<QueueRow>) => {
            apiRef.current = e.api;
          }}
          onRowDataUpdated={afterRows}
          onRowDoubleClicked={(e: RowDoubleClickedEvent<QueueRow>) => open(e.data)}
          onCellKeyDown={onKey}
          onCellFocused={(e) => {
            const node = e.rowIndex !== null && e.rowIndex !== undefined ? e.api.getDisplayedRowAtIndex(e.rowIndex) : null;
            if (node?.data) focusLoan.current = node.data.loanId;
          }}
        />
      </GridPage>
      <QuickLogDialog
        row={quick}
        onClose={(logged) => {
          setQuick(null);
          // Back to the grid where the agent was, so the next N or arrow works at once.
          if (logged) void load();
          else {
            const node = focusLoan.current ? apiRef.current?.getRowNode(focusLoan.current) : null;
            if (node && node.rowIndex !== null) window.setTimeout(() => focusRow(node.rowIndex ?? 0), 0);
          }
        }}
      />
    </>
  );
}
