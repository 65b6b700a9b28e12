// Runs only the sync benchmarks (`npx tsx test/bench/syncOnly.ts [name-filter]`), same JSON lines as
// `npm run bench`; PostgreSQL when TEST_DATABASE_URL is set, else PGlite.
import { runSyncBenchmarks } from './sync';

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ name, value: Number(value.toFixed(4)), unit, ...extra }));
}

await runSyncBenchmarks(emit, { only: process.argv[2] });
