// Guessing enrollment codes: after too many wrong codes from one address, /enroll answers 429 for a
// while, so a code's 60 bits cannot be worn down by a script.
export const ENROLL_MAX_FAILURES = 10;
export const ENROLL_WINDOW_MS = 15 * 60_000;

export class EnrollGuard {
  private readonly failures = new Map<string, number[]>();

  private recent(key: string, nowMs: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => nowMs - t < ENROLL_WINDOW_MS);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Milliseconds until this address may try again, or 0. */
  blockedFor(key: string, nowMs: number): number {
    const recent = this.recent(key, nowMs);
    if (recent.length < ENROLL_MAX_FAILURES) return 0;
    return ENROLL_WINDOW_MS - (nowMs - (recent[recent.length - ENROLL_MAX_FAILURES] as number));
  }

  fail(key: string, nowMs: number): void {
    this.failures.set(key, [...this.recent(key, nowMs), nowMs]);
  }
}
