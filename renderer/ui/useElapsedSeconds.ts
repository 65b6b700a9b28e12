// Seconds since `running` became true (0 while idle): a running clock tells the user a slow step
// (loading the demo book, a first download) is alive.
import { useEffect, useState } from 'react';

export function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    setSeconds(0);
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.round((Date.now() - started) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, [running]);
  return seconds;
}
