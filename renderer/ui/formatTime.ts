// An instant as every screen shows it: YYYY-MM-DD HH:mm (with :ss where seconds matter), on this PC's
// clock. One place, so no screen falls back to the browser's own 2026/12/4 style.
import dayjs from 'dayjs';

export function formatTime(iso: string | null | undefined, seconds = false): string {
  return iso ? dayjs(iso).format(seconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : '';
}
