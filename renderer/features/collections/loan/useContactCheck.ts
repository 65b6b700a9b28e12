// Asks the service's contact rules about the contact being entered, as the fields change (debounced),
// so the verdict is on screen before the agent saves. The service checks again on save: this is for
// the agent's information, never the enforcement.
import { useCallback, useEffect, useState } from 'react';
import type { InputOf } from '../../../../shared/api/contract';
import { errorText, invoke } from '../../../api/transport';
import type { CheckState } from '../CheckResult';

const DEBOUNCE_MS = 250;

export type CheckInput = InputOf<'collections.check'>;

interface State {
  check: CheckState | null;
  error: string | null;
  /** The refused check itself, whose field messages (a start time in the future) go under their fields. */
  failure: unknown;
  loading: boolean;
}

export function useContactCheck(input: CheckInput | null) {
  // Keyed by content: the caller builds a new object on each render.
  const key = input ? JSON.stringify(input) : '';
  const [state, setState] = useState<State>({ check: null, error: null, failure: null, loading: false });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (!key) {
      setState({ check: null, error: null, failure: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = window.setTimeout(() => {
      invoke('collections.check', JSON.parse(key) as CheckInput)
        .then((check) => live && setState({ check, error: null, failure: null, loading: false }))
        .catch((err: unknown) => live && setState({ check: null, error: errorText(err), failure: err, loading: false }));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [key, nonce]);

  const recheck = useCallback(() => setNonce((n) => n + 1), []);
  /** The verdict of a refused save (CONTACT_BLOCKED) is newer than the last check: show it. */
  const setBlocked = useCallback((reasons: CheckState['reasons']) => setState({ check: { allowed: false, reasons, overriddenBy: [], consent: null }, error: null, failure: null, loading: false }), []);

  return { ...state, recheck, setBlocked };
}
