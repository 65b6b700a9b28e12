// Loading the demo book into a branch database (CLI `npm run demo:seed`, tests, first-run demo).
import { generateDemo } from '../../shared/demo/generate';
import { seedDemo, type SeedCounts } from '../../db/local/seed';
import type { LocalStore } from '../../db/local/store';
import { hashPassword } from './passwords';
import { refreshCollectionQueue } from './collections/queueSummary';

export interface LoadDemoOptions {
  readonly loans: number;
  readonly seed?: number;
  /** Business date the payment histories and metrics are as of; default 2026-11-26. */
  readonly asOf?: string;
  readonly onProgress?: (loansDone: number, loansTotal: number) => void;
}

export interface LoadDemoResult {
  readonly loans: number;
  readonly users: { username: string; roles: string[] }[];
  readonly counts: SeedCounts;
  readonly asOf: string;
}

/** Generates and writes the demo data; throws (writing nothing) if the database already has loans. */
export function loadDemo(store: LocalStore, opts: LoadDemoOptions): LoadDemoResult {
  const demo = generateDemo({ loans: opts.loans, seed: opts.seed, asOf: opts.asOf });
  // Each user gets its own random salt; the password itself is the documented demo password.
  const counts = seedDemo(store, demo, {
    passwordHash: (u) => hashPassword(u.password),
    onProgress: opts.onProgress,
  });
  // The collections queue is a summary of what was just written.
  store.transaction((w) => refreshCollectionQueue(w, null, new Date()));
  return {
    loans: counts.loans,
    users: demo.users.map((u) => ({ username: u.username, roles: [...u.roles] })),
    counts,
    asOf: demo.asOf,
  };
}
