// The signed-in frame: header, role-based menu, the current page, and the idle lock.
import { AuditOutlined, BankOutlined, BarChartOutlined, DashboardOutlined, FileSearchOutlined, InboxOutlined, LockOutlined, LogoutOutlined, PhoneOutlined, TableOutlined } from '@ant-design/icons';
import { Badge, Button, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBilingual } from '../i18n/bilingual';
import type { SessionUser } from '../../shared/api/schemas';
import { hasAnyRole } from '../../shared/auth/roles';
import { ApiCallError, invoke, setSessionHooks } from '../api/transport';
import { AuditPage } from '../features/audit/AuditPage';
import { COLLECTION_SUPERVISOR_ROLES, CollectionsArea, collectionsMenuKey, collectionsRouteFor } from '../features/collections/CollectionsArea';
import { LetterPage } from '../features/collections/letter/LetterPage';
import { CaseListPage } from '../features/dd/CaseListPage';
import { CasePage } from '../features/dd/CasePage';
import { MemoPage } from '../features/dd/MemoPage';
import { NewCasePage } from '../features/dd/NewCasePage';
import { LoanDetailPage } from '../features/loan/LoanDetailPage';
import { PortfolioPage } from '../features/portfolio/PortfolioPage';
import { SyncInboxPage } from '../features/sync/SyncInboxPage';
import { WorkbenchCountsProvider } from '../features/workbench/counts';
import { hasWorkbenchPage } from '../features/workbench/landing';
import { CollectionsMenuLabel, WorkbenchMenuLabel } from '../features/workbench/menuLabels';
import { WorkbenchPage } from '../features/workbench/WorkbenchPage';
import { LanguageSwitch } from './LanguageSwitch';
import { LockModal } from './LockModal';
import { navigate, parseHash, useHash, type Route } from './router';
import { SyncStatus } from './SyncStatus';
import { SyncStateProvider, useSyncState } from './syncState';
import { PoliciesProvider, PolicyProblemsBanner } from './policies';

const AUDIT_ROLES = ['supervisor', 'admin'] as const;
/** Due diligence: officers open and fill cases, supervisors review them. */
const DD_ROLES = ['officer', 'supervisor'] as const;

interface Props {
  user: SessionUser;
  lockedAtStart: boolean;
  /** Leave the shell for the sign-in page, optionally with a message to show there. */
  onSignedOut(notice?: string): void;
}

type Waiter = { resolve(): void; reject(err: unknown): void };

export function Shell({ user: initialUser, lockedAtStart, onSignedOut }: Props) {
  const { t } = useTranslation();
  const inUiLanguage = useBilingual();
  const [user, setUser] = useState(initialUser);
  const [locked, setLocked] = useState(lockedAtStart);
  // Pages render only after the session hooks are in place: child effects run before the parent's,
  // and a page's first call may already meet a locked session.
  const [hooksReady, setHooksReady] = useState(false);
  const waiters = useRef<Waiter[]>([]);
  const signedOutRef = useRef(onSignedOut);
  signedOutRef.current = onSignedOut;

  const releaseWaiters = useCallback((how: 'resolve' | 'reject') => {
    const list = waiters.current;
    waiters.current = [];
    for (const w of list) {
      if (how === 'resolve') w.resolve();
      else w.reject(new ApiCallError('UNAUTHENTICATED', t('signIn.sessionEnded')));
    }
  }, [t]);

  const hooksOff = useRef<() => void>(() => {});

  useEffect(() => {
    const off = setSessionHooks({
      onLocked: () =>
        new Promise<void>((resolve, reject) => {
          waiters.current.push({ resolve, reject });
          setLocked(true);
        }),
      onUnauthenticated: () => {
        releaseWaiters('reject');
        signedOutRef.current(t('signIn.sessionEnded'));
      },
    });
    hooksOff.current = off;
    setHooksReady(true);
    return off;
  }, [releaseWaiters, t]);


  const signOut = async (notice?: string) => {
    releaseWaiters('reject');
    // Calls still finishing after this (a debounced preference save) must not bounce us a second time.
    hooksOff.current();
    try {
      await invoke('auth.signOut', {});
    } catch {
      // signing out locally is what matters; the service drops the session on its own
    }
    onSignedOut(notice);
  };

  const lockNow = async () => {
    // The curtain comes down first, whatever the service answers: someone asked to hide the screen.
    // Unlocking asks the service for the password either way.
    setLocked(true);
    try {
      await invoke('auth.lock', {});
    } catch (err) {
      // A session already ended answers UNAUTHENTICATED: the session hook has taken the user to sign-in.
      if (!(err instanceof ApiCallError)) throw err;
    }
  };

  const hash = useHash();
  const route = parseHash(hash);
  const canAudit = hasAnyRole(user.roles, AUDIT_ROLES);
  const showAudit = route.name === 'audit' && canAudit;
  const showInbox = route.name === 'syncInbox';
  const showWorkbench = route.name === 'workbench' && hasWorkbenchPage(user.roles);
  const canDd = hasAnyRole(user.roles, DD_ROLES);
  const ddRoute = ddRouteFor(route, user.roles);
  const showDd = ddRoute !== null;
  const colRoute = collectionsRouteFor(route, user.roles);
  const selectedKey = showWorkbench
    ? 'workbench'
    : showAudit
      ? 'audit'
      : showInbox
        ? 'syncInbox'
        : showDd
          ? 'dd'
          : colRoute
            ? collectionsMenuKey(colRoute)
            : 'portfolio';
  const portfolioVisible = route.name !== 'loan' && !showWorkbench && !showAudit && !showInbox && !showDd && !colRoute;

  const menuItems: { key: Route['name']; icon: ReactNode; label: ReactNode }[] = [];
  if (hasWorkbenchPage(user.roles)) {
    menuItems.push({ key: 'workbench', icon: <DashboardOutlined />, label: <WorkbenchMenuLabel /> });
  }
  menuItems.push({ key: 'portfolio', icon: <TableOutlined />, label: <span data-testid="menu-portfolio">{t('shell.menuPortfolio')}</span> });
  if (canDd) {
    menuItems.push({ key: 'dd', icon: <FileSearchOutlined />, label: <span data-testid="menu-dd">{t('dd.menu')}</span> });
  }
  if (collectionsRouteFor({ name: 'collections' }, user.roles)) {
    menuItems.push({ key: 'collections', icon: <PhoneOutlined />, label: <CollectionsMenuLabel /> });
  }
  if (hasAnyRole(user.roles, COLLECTION_SUPERVISOR_ROLES)) {
    menuItems.push({ key: 'collectionsKpi', icon: <BarChartOutlined />, label: <span data-testid="menu-collections-kpi">{t('collections.menuKpi')}</span> });
  }
  if (canAudit) {
    menuItems.push({ key: 'audit', icon: <AuditOutlined />, label: <span data-testid="menu-audit">{t('shell.menuAudit')}</span> });
  }
  menuItems.push({ key: 'syncInbox', icon: <InboxOutlined />, label: <SyncInboxMenuLabel /> });

  const lockModal = (
    <LockModal
      open={locked}
      user={user}
      onUnlocked={(u) => {
        setUser(u);
        setLocked(false);
        releaseWaiters('resolve');
      }}
      onSignOut={(notice) => {
        setLocked(false);
        void signOut(notice);
      }}
    />
  );

  // The credit memo is a print view: the page alone, without header and menu, so printing gives just the report.
  if (ddRoute?.name === 'ddMemo') {
    return (
      <SyncStateProvider enabled={hooksReady}>
      <PoliciesProvider enabled={hooksReady}>
        <LockedCurtain locked={locked}>{hooksReady && <MemoPage key={ddRoute.caseId} caseId={ddRoute.caseId} user={user} />}</LockedCurtain>
        {lockModal}
            </PoliciesProvider>
    </SyncStateProvider>
    );
  }
  // A collection letter likewise prints alone.
  if (colRoute?.name === 'collectionLetter') {
    return (
      <SyncStateProvider enabled={hooksReady}>
      <PoliciesProvider enabled={hooksReady}>
        <LockedCurtain locked={locked}>
          {hooksReady && <LetterPage key={`${colRoute.loanId}-${colRoute.kind}`} loanId={colRoute.loanId} kind={colRoute.kind} />}
        </LockedCurtain>
        {lockModal}
            </PoliciesProvider>
    </SyncStateProvider>
    );
  }

  return (
    <SyncStateProvider enabled={hooksReady}>
      <PoliciesProvider enabled={hooksReady}>
      <WorkbenchCountsProvider user={user} enabled={hooksReady}>
      <LockedCurtain locked={locked}>
      <Layout style={{ height: '100vh' }}>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            paddingInline: 16,
            background: '#fff',
            borderBottom: '1px solid #f0f0f0',
            lineHeight: 'normal',
          }}
        >
          <BankOutlined style={{ fontSize: 22, color: '#1f5fa8' }} />
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }} data-testid="app-title">
            {t('app.title')}
          </Typography.Title>
          <Tag color="geekblue" data-testid="branch-name">
            {inUiLanguage(user.branchName, user.branchNameEn)}
          </Tag>
          <div style={{ flex: 1 }} />
          <SyncStatus />
          <Space size={4} wrap={false} style={{ flexShrink: 0 }}>
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }} data-testid="user-name">
              {user.displayName}
            </Typography.Text>
            {user.roles.map((r) => (
              <Tag key={r}>{t(`roles.${r}`)}</Tag>
            ))}
          </Space>
          <LanguageSwitch />
          <Tooltip title={t('shell.lockNowTip')}>
            <Button icon={<LockOutlined />} onClick={() => void lockNow()} data-testid="lock-now">
              {t('shell.lockNow')}
            </Button>
          </Tooltip>
          <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="signout">
            {t('shell.signOut')}
          </Button>
        </Layout.Header>
        <Layout>
          <Layout.Sider width={180} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
            <Menu
              mode="inline"
              selectedKeys={[selectedKey]}
              items={menuItems}
              style={{ borderInlineEnd: 'none' }}
              onClick={({ key }) => navigate(MENU_ROUTES[key as MenuKey] ?? { name: 'portfolio' })}
            />
          </Layout.Sider>
          <Layout.Content style={{ padding: 16, overflow: 'auto', display: 'flex', flexDirection: 'column', minHeight: 0 }}>
            {hooksReady && (
              <>
                {hasAnyRole(user.roles, ['supervisor']) && <PolicyProblemsBanner />}
                {/* Kept mounted (hidden) while a loan is open, so filters, sort and scroll survive. */}
                <div style={{ display: portfolioVisible ? 'flex' : 'none', flexDirection: 'column', flex: 1, minHeight: 0 }}>
                  <PortfolioPage active={portfolioVisible} />
                </div>
                {showWorkbench && <WorkbenchPage user={user} />}
                {route.name === 'loan' && <LoanDetailPage key={route.loanId} loanId={route.loanId} />}
                {showAudit && <AuditPage />}
                {showInbox && <SyncInboxPage user={user} />}
                {ddRoute?.name === 'dd' && <CaseListPage user={user} />}
                {ddRoute?.name === 'ddNew' && <NewCasePage />}
                {ddRoute?.name === 'ddCase' && <CasePage key={ddRoute.caseId} caseId={ddRoute.caseId} />}
                {colRoute && <CollectionsArea route={colRoute} user={user} />}
              </>
            )}
          </Layout.Content>
        </Layout>
      </Layout>
      </LockedCurtain>
      {lockModal}
      </WorkbenchCountsProvider>
          </PoliciesProvider>
    </SyncStateProvider>
  );
}

/**
 * The page while the workstation is locked: still mounted (forms keep what was typed) but not drawn,
 * not focusable and not read out — a dimmed page would leave customer data readable behind the lock.
 */
function LockedCurtain({ locked, children }: { locked: boolean; children: ReactNode }) {
  return (
    <>
      <div data-testid="locked-curtain" data-locked={locked} inert={locked} aria-hidden={locked} style={locked ? { visibility: 'hidden' } : undefined}>
        {children}
      </div>
      {/* Opaque, under the lock dialog: an element of the page that sets its own visibility still cannot show. */}
      {locked && <div data-testid="locked-overlay" style={{ position: 'fixed', inset: 0, zIndex: 999, background: '#f0f2f5' }} />}
    </>
  );
}

type MenuKey = 'workbench' | 'portfolio' | 'dd' | 'collections' | 'collectionsKpi' | 'audit' | 'syncInbox';
const MENU_ROUTES: Record<MenuKey, Route> = {
  workbench: { name: 'workbench' },
  portfolio: { name: 'portfolio' },
  dd: { name: 'dd' },
  collections: { name: 'collections' },
  collectionsKpi: { name: 'collectionsKpi' },
  audit: { name: 'audit' },
  syncInbox: { name: 'syncInbox' },
};

type DdRoute = Extract<Route, { name: 'dd' | 'ddNew' | 'ddCase' | 'ddMemo' }>;

/** The due-diligence page to show, or null when the route is not one (or the user may not see it). */
function ddRouteFor(route: Route, roles: SessionUser['roles']): DdRoute | null {
  if (!hasAnyRole(roles, DD_ROLES)) return null;
  switch (route.name) {
    case 'ddNew':
      // Opening a case is an officer's job (dd.open); anyone else asking for the form gets the list.
      return roles.includes('officer') ? route : { name: 'dd' };
    case 'dd':
    case 'ddCase':
    case 'ddMemo':
      return route;
    default:
      return null;
  }
}

/** The menu entry with the number of items waiting in the inbox. */
function SyncInboxMenuLabel() {
  const { t } = useTranslation();
  const { issues } = useSyncState();
  const n = issues?.length ?? 0;
  return (
    <span data-testid="menu-sync-inbox" data-count={n}>
      {t('shell.menuSyncInbox')}
      <Badge count={n} size="small" overflowCount={99} style={{ marginInlineStart: 6 }} />
    </span>
  );
}
