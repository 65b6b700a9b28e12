// The user's own activity (keys, clicks, scrolling), as opposed to the app's background calls. Used to
// keep background polling from holding the service's idle lock open on an unattended workstation.
let lastActivityAt = Date.now();

export function lastUserActivityAt(): number {
  return lastActivityAt;
}

export function trackUserActivity(): () => void {
  const mark = () => {
    lastActivityAt = Date.now();
  };
  const events = ['keydown', 'pointerdown', 'wheel'] as const;
  for (const e of events) window.addEventListener(e, mark, { capture: true, passive: true });
  return () => {
    for (const e of events) window.removeEventListener(e, mark, { capture: true });
  };
}
