// npm run demo:seed -- --loans N [--seed S] [--data-dir DIR] [--as-of YYYY-MM-DD]
// Creates <dataDir>/workstation.db (migrated) and loads the deterministic demo book into it.
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '../shared/demo/generate';
import { isBusinessDate } from '../shared/domain/dates';
import { LocalStore } from '../db/local/store';
import { keyInDataFolder, storeKeysFor } from '../main/services/dataKey';
import { loadDemo } from '../main/services/demo';

interface Args {
  loans: number;
  seed?: number;
  dataDir: string;
  asOf?: string;
}

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run demo:seed -- --loans N [--seed S] [--data-dir DIR] [--as-of YYYY-MM-DD]`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { loans: 5000, dataDir: process.env['DATA_DIR'] ?? './.data' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) usage(`missing value for ${flag}`);
    i++;
    if (flag === '--loans' || flag === '--seed') {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < 0) usage(`${flag} must be a whole number, got ${value}`);
      if (flag === '--loans') args.loans = n;
      else args.seed = n;
    } else if (flag === '--data-dir') {
      args.dataDir = value;
    } else if (flag === '--as-of') {
      if (!isBusinessDate(value)) usage(`--as-of must be a date YYYY-MM-DD, got ${value}`);
      args.asOf = value;
    } else {
      usage(`unknown option ${flag}`);
    }
  }
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const file = path.resolve(args.dataDir, 'workstation.db');
  const started = performance.now();
  const secs = (): string => ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeding ${args.loans} demo loans into ${file}`);
  const store = LocalStore.open(file, storeKeysFor(file, keyInDataFolder));
  try {
    const result = loadDemo(store, {
      loans: args.loans,
      seed: args.seed,
      asOf: args.asOf,
      onProgress: (done, total) => {
        process.stdout.write(`  ${done}/${total} loans (${secs()} s)\n`);
      },
    });
    const c = result.counts;
    console.log(
      `Done in ${secs()} s: ${c.branches} branches, ${c.users} users, ${c.customers} customers, ${c.loans} loans, ` +
        `${c.installments} installments, ${c.payments} payments; metrics as of ${result.asOf}.`,
    );
    console.log(`Demo users (password for every account: ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) {
      console.log(`  ${u.branchCode}  ${u.username.padEnd(12)} ${u.roles.join(',').padEnd(11)} ${u.displayName}`);
    }
  } catch (err) {
    console.error(`Seeding failed after ${secs()} s: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  } finally {
    store.close();
  }
}

main();
