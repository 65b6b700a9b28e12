// The published policy values the screens need before they call (the attachment limit a file is
// checked against, the limit the upload hint states), loaded from the service once the frame is ready
// and again after each sync round that brought data: a policy head office publishes reaches the screen
// without a restart. The services judge again with the same values.
import { Alert } from 'antd';
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../shared/api/contract';
import { useLiveQuery } from '../ui/useLiveQuery';

export type CurrentPolicies = OutputOf<'policy.current'>;

const PolicyContext = createContext<CurrentPolicies | null>(null);

/** The current values; null until the first answer. */
export function usePolicies(): CurrentPolicies | null {
  return useContext(PolicyContext);
}

function LoadedPolicies({ children }: { children: ReactNode }) {
  const { data } = useLiveQuery('policy.current', {}, 'policy');
  return <PolicyContext.Provider value={data}>{children}</PolicyContext.Provider>;
}

/** `enabled`: the frame's session hooks are in place (a first call may meet a lock). */
export function PoliciesProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  if (!enabled) return <PolicyContext.Provider value={null}>{children}</PolicyContext.Provider>;
  return <LoadedPolicies>{children}</LoadedPolicies>;
}

/** Tells a supervisor that a published policy version could not be used, and which one is in force. */
export function PolicyProblemsBanner() {
  const { t } = useTranslation();
  const problems = usePolicies()?.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="policy-problems"
      message={t('policy.problemsTitle')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((p) => (
            <li key={`${p.kind}@${p.version}`}>{t('policy.problem', { kind: p.kind, version: p.version, message: p.message })}</li>
          ))}
        </ul>
      }
    />
  );
}
