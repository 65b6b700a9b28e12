// npm run soak -- --minutes M [--factor F] [test files...]      (or SOAK_MINUTES=M npm run soak)
//
// Runs the randomized sync suites (the fast-check model and the network faults, both backends when
// TEST_DATABASE_URL is set) again and again for M minutes, each run with a fresh seed, and says how to
// replay any failure: SOAK=F SOAK_SEED=<seed> [SOAK_PATH=<path>] npx vitest run --project integration <file>.
// Without --minutes, one run of the whole sync suite with SOAK=${SOAK:-20}, as before.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SOAK_FAILURE_TAG } from '../test/helpers/soak';

const RANDOMIZED = ['test/integration/sync/model.test.ts', 'test/integration/sync/faults.test.ts'];

interface Args {
  minutes: number | null;
  factor: number;
  files: string[];
}

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run soak -- [--minutes M] [--factor F] [test files...]`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Args {
  const envMinutes = process.env['SOAK_MINUTES'];
  const args: Args = { minutes: envMinutes ? Number(envMinutes) : null, factor: Number(process.env['SOAK'] ?? 0), files: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (!flag.startsWith('--')) {
      args.files.push(flag);
      continue;
    }
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value <= 0) usage(`${flag} needs a positive number`);
    if (flag === '--minutes') args.minutes = value;
    else if (flag === '--factor') args.factor = value;
    else usage(`unknown option ${flag}`);
  }
  if (args.minutes !== null && !(args.minutes > 0)) usage('SOAK_MINUTES must be a positive number');
  return args;
}

interface RunResult {
  exitCode: number;
  log: string;
  /** Failing tests: their file and full name. */
  failed: { file: string; name: string }[];
  /** The fast-check cases that failed. */
  tagged: { test: string; file?: string; seed: number; path: string }[];
  /** Property cases the model ran (from its coverage lines). */
  modelCases: number;
}

function vitest(files: readonly string[], env: NodeJS.ProcessEnv, logFile: string, jsonFile: string): Promise<RunResult> {
  const args = ['vitest', 'run', '--project', 'integration', ...files, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`];
  return new Promise((resolve) => {
    const out = fs.createWriteStream(logFile);
    const child = spawn('npx', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', (code) => {
      current = null;
      out.end(() => {
        const log = fs.readFileSync(logFile, 'utf8');
        resolve({ exitCode: code ?? 1, log, failed: failedTests(jsonFile), tagged: taggedFailures(log), modelCases: modelCases(log) });
      });
    });
  });
}

function failedTests(jsonFile: string): RunResult['failed'] {
  try {
    const report = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as {
      testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string }[] }[];
    };
    return report.testResults.flatMap((result) => {
      const file = path.relative(process.cwd(), result.name);
      const tests = result.assertionResults.filter((t) => t.status === 'failed').map((t) => ({ file, name: t.fullName }));
      // A file that failed outside any test (a hook, an import) has no failed assertion to name.
      return tests.length === 0 && result.status === 'failed' ? [{ file, name: result.message ?? 'failed outside its tests' }] : tests;
    });
  } catch {
    return [];
  }
}

function taggedFailures(log: string): RunResult['tagged'] {
  const found: RunResult['tagged'] = [];
  for (const line of log.split('\n')) {
    const at = line.indexOf(`${SOAK_FAILURE_TAG} `);
    if (at >= 0) found.push(JSON.parse(line.slice(at + SOAK_FAILURE_TAG.length + 1)) as RunResult['tagged'][number]);
  }
  return found;
}

function modelCases(log: string): number {
  let total = 0;
  for (const m of log.matchAll(/sync model on \w+: \{"runs":(\d+)/g)) total += Number(m[1]);
  return total;
}

let current: ReturnType<typeof spawn> | null = null;

async function soakFor(args: Args): Promise<number> {
  const minutes = args.minutes as number;
  const files = args.files.length > 0 ? args.files : RANDOMIZED;
  const factor = args.factor > 0 ? args.factor : 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  const started = Date.now();
  const deadline = started + minutes * 60_000;
  const seeds: number[] = [];
  const failures: { run: number; seed: number; tests: string; replays: string[]; log: string }[] = [];
  let cases = 0;
  let lastSeed = -1;
  console.log(`soak: ${files.join(', ')} for ${minutes} min, SOAK=${factor}, backends: ${process.env['TEST_DATABASE_URL'] ? 'pglite, postgres' : 'pglite (set TEST_DATABASE_URL for postgres too)'}; logs in ${dir}`);

  const summary = () => {
    const elapsed = (Date.now() - started) / 60_000;
    console.log(`\nsoak summary: ${elapsed.toFixed(1)} min, ${seeds.length} runs, ${cases} model cases, seeds tried: ${seeds.join(' ') || 'none'}`);
    console.log(`failures: ${failures.length}`);
    for (const f of failures) {
      console.log(`  run ${f.run}, seed ${f.seed}: ${f.tests}\n    log: ${f.log}`);
      for (const r of f.replays) console.log(`    replay: ${r}`);
    }
  };
  process.once('SIGINT', () => {
    current?.kill('SIGINT');
    console.log('\nsoak interrupted');
    summary();
    process.exit(130);
  });

  while (Date.now() < deadline) {
    // A fresh seed each run: the clock, moved on if two runs start within the same millisecond.
    let seed = Date.now() % 2 ** 31;
    if (seed <= lastSeed) seed = lastSeed + 1;
    lastSeed = seed;
    seeds.push(seed);
    const run = seeds.length;
    const runStarted = Date.now();
    const log = path.join(dir, `run-${run}-seed-${seed}.log`);
    const result = await vitest(files, { ...process.env, SOAK: String(factor), SOAK_SEED: String(seed) }, log, path.join(dir, `run-${run}.json`));
    cases += result.modelCases;
    const took = `${((Date.now() - runStarted) / 1000).toFixed(0)} s`;
    if (result.exitCode === 0) {
      console.log(`run ${run} seed ${seed}: passed (${result.modelCases} model cases) in ${took}`);
      continue;
    }
    // A fast-check case replays alone by its path; any other failure by the run's seed.
    const replay = (env: string, file: string) => `SOAK=${factor} ${env} npx vitest run --project integration ${file}`;
    const tagged = result.tagged.map((t) => `${replay(`SOAK_SEED=${t.seed} SOAK_PATH=${t.path}`, t.file ? path.relative(process.cwd(), t.file) : files.join(' '))}   # ${t.test}`);
    const others = [...new Set(result.failed.filter((f) => !result.tagged.some((t) => t.file && path.relative(process.cwd(), t.file) === f.file)).map((f) => f.file))];
    const replays = [...tagged, ...others.map((file) => replay(`SOAK_SEED=${seed}`, file))];
    if (replays.length === 0) replays.push(replay(`SOAK_SEED=${seed}`, files.join(' ')));
    const tests = result.failed.map((f) => `${f.file} > ${f.name}`).join('; ') || `vitest exited ${result.exitCode}`;
    failures.push({ run, seed, tests, replays, log });
    console.log(`run ${run} seed ${seed}: FAILED in ${took}: ${tests}`);
    for (const r of replays) console.log(`  replay: ${r}`);
  }
  summary();
  return failures.length === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.minutes !== null) return soakFor(args);
  // One long run of every sync suite, as `npm run soak` always did.
  const factor = args.factor > 0 ? args.factor : 20;
  const child = spawn('npx', ['vitest', 'run', '--project', 'integration', ...(args.files.length ? args.files : ['test/integration/sync'])], {
    env: { ...process.env, SOAK: String(factor) },
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

main().then((code) => process.exit(code));
