// The layer table of DESIGN.md §3 is enforced by dependency-cruiser. Prove the rules catch each kind of
// violation (on a throwaway tree) and that the real tree has none.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');

interface CruiseResult {
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

function cruise(cwd: string, dirs: string[]): CruiseResult {
  try {
    const out = execFileSync(DEPCRUISE, ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...dirs], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out) as CruiseResult;
  } catch (err) {
    // depcruise exits non-zero when it finds violations; its JSON report is still on stdout.
    return JSON.parse((err as { stdout: string }).stdout) as CruiseResult;
  }
}

function writeTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  fs.copyFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  fs.writeFileSync(path.join(dir, 'tsconfig.node.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('layer rules', () => {
  it('flags each forbidden import', () => {
    const dir = writeTree({
      'shared/pure.ts': "import fs from 'node:fs';\nexport const a = fs;\n",
      'shared/ok.ts': "export const ok = 1;\n",
      'db/q.ts': "import { ok } from '../shared/ok';\nimport { s } from '../main/services/s';\nexport const q = ok + s;\n",
      'main/services/s.ts': "import { sync } from '../sync/c';\nexport const s = sync;\n",
      'main/sync/c.ts': 'export const sync = 1;\n',
      'renderer/view.ts': "import { q } from '../db/q';\nexport const v = q;\n",
      'server/h.ts': "import { s } from '../main/services/s';\nexport const h = s;\n",
      'main/app/boot.ts': "import { x } from '../../devweb/host';\nexport const b = x;\n",
      'devweb/host.ts': 'export const x = 1;\n',
      // A stand-in package, so an import of electron resolves to node_modules/electron as in the tree.
      'node_modules/electron/package.json': JSON.stringify({ name: 'electron', main: 'index.js' }),
      'node_modules/electron/index.js': 'module.exports = {};\n',
      'main/api/ipc.ts': "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n",
      'renderer/disk.ts': "import path from 'node:path';\nexport const p = path;\n",
      'db/local/l.ts': 'export const l = 1;\n',
      'db/central/c.ts': "import { l } from '../local/l';\nexport const c = l;\n",
      'shared/api/contract.ts': 'export const api = 1;\n',
      'shared/mutations/m.ts': "import { api } from '../api/contract';\nexport const m = api;\n",
    });
    const rules = new Set(cruise(dir, ['shared', 'db', 'main', 'renderer', 'server', 'devweb']).summary.violations.map((v) => v.rule.name));
    expect(rules).toEqual(
      new Set([
        'shared-no-core-modules',
        'shared-is-pure',
        'rules-not-api',
        'services-no-electron',
        'only-main-app-imports-electron',
        'renderer-no-core-modules',
        'central-db-imports-shared-only',
        'db-imports-shared-only',
        'services-not-sync',
        'renderer-imports-shared-only',
        'server-imports-shared-and-central-db',
        'nothing-imports-devweb-or-test',
      ]),
    );
  });

  it('finds no violation in the real tree', () => {
    const dirs = ['shared', 'db', 'main', 'renderer', 'devweb', 'scripts', 'server'].filter((d) => fs.existsSync(path.join(ROOT, d)));
    expect(cruise(ROOT, dirs).summary.violations).toEqual([]);
  });
});
