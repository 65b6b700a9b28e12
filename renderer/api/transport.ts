// The renderer's only way to reach the services: the Electron preload's invoke when present, else the
// dev-web host's POST /api/<method>. Either way the answer is the contract's envelope, unwrapped here.
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract';
import type { Envelope, ErrorCode } from '../../shared/api/envelope';
import { currentLocale, i18n } from '../i18n/i18n';

/** Codes the server sends, plus NETWORK for when no answer arrived at all. */
export type CallErrorCode = ErrorCode | 'NETWORK';

export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly code: CallErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * How the app shell reacts to session problems. A locked session is not an error for the page that
 * made the call: the shell asks for the password and the call is retried, so nothing typed is lost.
 */
export interface SessionHooks {
  /** Resolves once unlocked; rejects if the user signs out instead. */
  onLocked(): Promise<void>;
  onUnauthenticated(): void;
}

let hooks: SessionHooks | null = null;
const succeeded = new Set<(name: MethodName) => void>();

/** Told the name of every call that succeeded, e.g. so the sync status can count new outbox work. */
export function onCallSucceeded(listener: (name: MethodName) => void): () => void {
  succeeded.add(listener);
  return () => succeeded.delete(listener);
}

export function setSessionHooks(h: SessionHooks): () => void {
  hooks = h;
  return () => {
    if (hooks === h) hooks = null;
  };
}

async function send(name: MethodName, input: unknown): Promise<Envelope<unknown>> {
  const locale = currentLocale();
  const bridge = window.workstation;
  if (bridge) return bridge.invoke(name, input, locale);
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-locale': locale },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiCallError('NETWORK', i18n.t('errors.network'));
  }
  if (!res.ok) throw new ApiCallError('INTERNAL', i18n.t('errors.http', { status: res.status }));
  return (await res.json()) as Envelope<unknown>;
}

export async function invoke<M extends MethodName>(name: M, input: InputOf<M>): Promise<OutputOf<M>> {
  for (;;) {
    const envelope = await send(name, input);
    if (envelope.ok) {
      for (const listener of succeeded) listener(name);
      return envelope.data as OutputOf<M>;
    }
    const { code, message, fields, details } = envelope.error;
    if (code === 'SESSION_LOCKED' && hooks && name !== 'auth.unlock') {
      await hooks.onLocked();
      continue; // unlocked: run the same call again for the page that is waiting on it
    }
    if (code === 'UNAUTHENTICATED' && hooks) hooks.onUnauthenticated();
    throw new ApiCallError(code, message, fields, details);
  }
}

export function errorText(err: unknown): string {
  if (err instanceof ApiCallError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
