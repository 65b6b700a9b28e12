// The body of the single 'api' IPC channel, kept free of Electron so both transports are testable:
// the session is keyed by the sending webContents, and only our own page may call.
import { isLocale, type Envelope } from '../../shared/api/envelope';
import type { Dispatch } from './dispatcher';
import { SessionStore } from '../services/session';

export interface IpcEventLike {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

export function createIpcApiHandler(dispatch: Dispatch, isAppUrl: (url: string) => boolean) {
  const sessions = new SessionStore();
  return (event: IpcEventLike, name: unknown, input: unknown, locale: unknown): Promise<Envelope<unknown>> => {
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
      return Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } });
    }
    return dispatch(sessions.slot(`ipc:${event.sender.id}`), name, input, isLocale(locale) ? locale : 'zh-CN');
  };
}
