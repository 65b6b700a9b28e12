// Electron's security linter over the Electron code (`main/`), run by `npm run lint`. Fails on any
// finding above LOW. A finding that is right to keep is disabled on its line with
// `// eng-disable CHECK_ID — why`, and this script fails on an eng-disable comment without its why.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

interface Issue {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string; value: number };
  confidence: { name: string };
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: Issue[]; errors: unknown[] }>;

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity') as Runner;
const root = path.resolve(import.meta.dirname, '..');
const input = path.join(root, 'main');
const electronVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const LOW = 1; // electronegativity's severity scale (finder/attributes.js): INFORMATIONAL 0, LOW 1, MEDIUM 2, HIGH 3

function unexplainedDisables(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|tsx|js|cjs|html)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const m = /eng-disable((?:\s+[A-Z_]+)+)(.*)$/.exec(line);
      if (m && !/[—-]\s*\S{3,}/.test(m[2] ?? '')) found.push(`${path.relative(root, file)}:${i + 1}`);
    });
  }
  return found;
}

const result = await run(
  {
    input,
    customScan: [],
    excludeFromScan: [],
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion, // no network lookup of the version
    parserPlugins: [],
  },
  false,
);
const blocking = result.issues.filter((i) => i.severity.value > LOW);
for (const i of result.issues) {
  console.log(`${i.severity.value > LOW ? 'FAIL' : 'ok  '} ${i.id} ${i.severity.name}/${i.confidence.name} main/${i.file}:${i.location.line}`);
}
const unexplained = unexplainedDisables(input);
for (const where of unexplained) console.log(`FAIL eng-disable without a reason at ${where}`);
console.log(`electronegativity: ${result.issues.length} findings, ${blocking.length} above LOW, ${unexplained.length} unexplained disables, ${result.errors.length} parse errors`);
if (blocking.length > 0 || unexplained.length > 0 || result.errors.length > 0) process.exit(1);
