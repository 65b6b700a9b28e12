// The one function the Electron preload exposes (contextBridge). Absent in a plain browser, where the
// renderer falls back to the dev-web host's HTTP API.
import type { Envelope } from '../shared/api/envelope';

declare global {
  interface Window {
    workstation?: {
      invoke(name: string, input: unknown, locale: string): Promise<Envelope<unknown>>;
    };
  }
}

export {};
