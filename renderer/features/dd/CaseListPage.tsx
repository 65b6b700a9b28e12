// The due-diligence case list: an ag-grid over the service's filtered, sorted and paged dd.list
// (infinite row model). A supervisor starts on the approval queue (submitted, oldest deadline first);
// an officer on their own cases, most recently changed first.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/api/schemas';
import { invoke } from '../../api/transport';
import { navigate } from '../../app/router';
import { useLocale } from '../../i18n/useLocale';
import { focusGridRow } from '../../ui/grid';
import { GridPage } from '../../ui/GridPage';
import { PagedGrid } from '../../ui/PagedGrid';
import { useInfiniteRows } from '../../ui/useInfiniteRows';
import { caseListColumns, type DdListRow } from './caseListColumns';
import { CaseListToolbar } from './CaseListToolbar';
import { rememberFilters, rememberedFilters, toListQuery, viewsFor, type DdFilters } from './listQuery';
import { setServerNow } from './serverClock';

export function CaseListPage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const isSupervisor = user.roles.includes('supervisor');
  const canOpen = user.roles.includes('officer');
  const views = useMemo(() => viewsFor(isSupervisor), [isSupervisor]);
  const [filters, setFiltersState] = useState<DdFilters>(() => rememberedFilters(user.id, isSupervisor));
  // No users API for the branch's officers: the officers met in the rows so far are offered.
  const [officers, setOfficers] = useState<Map<string, string>>(() => new Map());

  const setFilters = useCallback(
    (f: DdFilters) => {
      rememberFilters(user.id, f);
      setFiltersState(f);
    },
    [user.id],
  );

  const query = useMemo(() => toListQuery(filters), [filters]);
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

  // A sync round brings head office's changes (a decision, a reassignment): the hook reloads in place.
  const { apiRef, total, error, start } = useInfiniteRows({
    query,
    fetchPage: (q, page) => invoke('dd.list', { ...q, offset: page.startRow, limit: page.endRow - page.startRow }),
    onAnswer: (res) => {
      setServerNow(res.now);
      noteOfficers(res.rows);
    },
  });

  const officerList = useMemo(
    () => (isSupervisor ? [...officers].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) : null),
    [isSupervisor, officers],
  );

  return (
    <GridPage
      title={t('dd.list.title')}
      toolbar={
        <CaseListToolbar
          filters={filters}
          onChange={setFilters}
          views={views}
          officers={officerList}
          total={total}
          canOpen={canOpen}
          onNew={() => navigate({ name: 'ddNew' })}
          onEnterGrid={() => focusGridRow(apiRef.current, 0, 'customerName')}
        />
      }
      error={error && t('dd.list.loadFailed', { msg: error })}
      gridTestId="dd-grid"
      hint={t('dd.list.hint')}
    >
      <PagedGrid<DdListRow>
        columnDefs={columnDefs}
        maxBlocksInCache={20}
        onGridReady={(e) => start(e.api)}
        onOpen={(row) => navigate({ name: 'ddCase', caseId: row.id })}
      />
    </GridPage>
  );
}
