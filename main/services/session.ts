// Sessions live in main, keyed by the transport's connection (an IPC sender or an HTTP cookie);
// the renderer never supplies who it is.
import type { KeyObject } from 'node:crypto';
import type { SessionUser } from '../../shared/api/schemas';

export interface SessionState {
  user: SessionUser;
  lastActivityMs: number;
  locked: boolean;
  /** The user's private signing key, opened with the password at sign-in; only ever in memory. */
  signingKey?: KeyObject | null;
}

export interface SessionSlot {
  get(): SessionState | null;
  set(state: SessionState | null): void;
}

export class SessionStore {
  private readonly sessions = new Map<string, SessionState>();
  /** Keys a transport issued (an HTTP host hands out ids and honours only its own). */
  private readonly issued = new Set<string>();

  open(key: string): void {
    this.issued.add(key);
  }

  has(key: string): boolean {
    return this.issued.has(key);
  }

  close(key: string): void {
    this.issued.delete(key);
    this.sessions.delete(key);
  }

  slot(key: string): SessionSlot {
    return {
      get: () => this.sessions.get(key) ?? null,
      set: (state) => {
        if (state) this.sessions.set(key, state);
        else this.sessions.delete(key);
      },
    };
  }
}
