// The randomized sync tests run briefly and deterministically in `npm test` (a fixed seed), and for
// as long as asked under `npm run soak` (scripts/soak.ts), each soak run with a fresh seed. A failing
// seed is printed so that `SOAK_SEED=<seed> [SOAK_PATH=<path>]` replays exactly that case.
//
//   SOAK=<factor>   more runs per test (and proportionally longer timeouts)
//   SOAK_SEED=<n>   the seed to use (a soak run sets it; set it by hand to replay a failure)
//   SOAK_PATH=<p>   with SOAK_SEED: replay only that fast-check case (its `path`)
import fc from 'fast-check';
import { expect } from 'vitest';

/** Tagged line scripts/soak.ts looks for in a failing run's output. */
export const SOAK_FAILURE_TAG = 'SOAK-FAILURE';

function soaking(): boolean {
  return process.env['SOAK'] !== undefined || process.env['SOAK_MINUTES'] !== undefined;
}

export function soak(base: number): number {
  const factor = Number(process.env['SOAK'] ?? 1);
  return Number.isFinite(factor) && factor > 1 ? Math.round(base * factor) : base;
}

/** The given seed when replaying, a fresh one under soak, else the test's fixed one. */
export function soakSeed(fixed: number): number {
  const given = process.env['SOAK_SEED'];
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) throw new Error(`SOAK_SEED must be an integer, not ${given}`);
    return seed;
  }
  // fast-check takes 32-bit seeds; the clock's low bits change every run.
  return soaking() ? Date.now() % 2 ** 31 : fixed;
}

/**
 * fc.assert with the soak seed, printing what replays a failure: one tagged JSON line (for the soak
 * script) before fast-check's own report (counterexample, seed and path). Returns the seed used.
 */
export async function checkProperty<T>(
  name: string,
  property: fc.IAsyncPropertyWithHooks<T>,
  opts: { fixedSeed: number; numRuns: number },
): Promise<number> {
  const seed = soakSeed(opts.fixedSeed);
  const path = process.env['SOAK_PATH'] || undefined;
  if (seed !== opts.fixedSeed) console.log(`[soak] ${name}: seed ${seed}${path ? ` path ${path}` : ''}`);
  // endOnFailure: a failing sync run is replayed as is rather than shrunk (each try costs seconds).
  const details = await fc.check(property, { seed, numRuns: opts.numRuns, endOnFailure: true, ...(path ? { path } : {}) });
  if (!details.failed) return seed;
  const file = expect.getState().testPath;
  console.error(`${SOAK_FAILURE_TAG} ${JSON.stringify({ test: name, file, seed: details.seed, path: details.counterexamplePath })}`);
  // The failing assertion itself (which table, which entry), then fast-check's report of the case.
  const cause = details.errorInstance;
  const message = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
  throw new Error(`${message}\n\n${fc.defaultReportMessage(details) ?? `property ${name} failed`}`, { cause });
}
