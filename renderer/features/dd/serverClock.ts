// The service's clock as seen by the renderer. A branch PC's clock can be hours off (no NTP, a dead
// CMOS battery), and a decision deadline shown from it would be wrong by as much; so each answer's
// `now` sets an offset from Date.now(), and the SLA clocks tick on local time plus that offset.
import { useSyncExternalStore } from 'react';

const TICK_MS = 30_000;

let offsetMs = 0;
let tick = 0;
const listeners = new Set<() => void>();
let timer: number | null = null;

function notify(): void {
  tick += 1;
  for (const l of listeners) l();
}

/** Records the service's time from an answer (`now` of dd.list / dd.get). */
export function setServerNow(nowIso: string): void {
  const server = Date.parse(nowIso);
  if (Number.isNaN(server)) return;
  const next = server - Date.now();
  // Round trips move the estimate by milliseconds; only a real change is worth a re-render.
  if (Math.abs(next - offsetMs) < 1_000) return;
  offsetMs = next;
  notify();
}

/** The service's current time in ms since the epoch (estimated). */
export function serverNowMs(): number {
  return Date.now() + offsetMs;
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  if (timer === null) timer = window.setInterval(notify, TICK_MS);
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0 && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  };
}

/** The service's time, re-rendering the caller every 30 s (and when the offset changes). */
export function useServerNow(): number {
  useSyncExternalStore(subscribe, () => tick);
  return serverNowMs();
}
