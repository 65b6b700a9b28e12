// Killing the workstation process (SIGKILL) at random points while it pushes and pulls: after a
// clean restart and sync, every outbox row is applied, nothing is duplicated at head office, and the
// branch copy equals head office's.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadOffice, type HeadOffice } from '../../helpers/headOffice';
import { openTestWorkstation } from '../../helpers/workstation';
import { tempDir } from '../../helpers/fixtures';
import { soak } from '../../helpers/soak';

const ROOT = path.resolve(__dirname, '../../..');
let ho: HeadOffice;
const dir = tempDir('killed-ws-');

beforeAll(async () => {
  ho = await startHeadOffice('pglite');
  const ws = openTestWorkstation(dir);
  await ws.sync.enroll(ho.url, await ho.enrollCode('B001'), 'killed one', ho.pin);
  await ws.close();
});
afterAll(async () => ho?.close());

function runAndKill(afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'fixtures/syncWorker.ts'), dir, ho.users['officer1']!, ho.loanA],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`worker exited early: ${stderr}`))));
  });
}

describe('workstation killed during sync', () => {
  it('ends with everything applied once and the branch equal to head office', { timeout: soak(60_000) }, async () => {
    for (let round = 0; round < soak(6); round++) await runAndKill(30 + Math.floor(Math.random() * 400));

    const ws = openTestWorkstation(dir);
    await ws.sync.syncNow();
    const outbox = ws.store.read().sql.prepare("SELECT json_extract(args, '$.id') AS id, status FROM outbox ORDER BY seq").all() as {
      id: string;
      status: string;
    }[];
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.filter((o) => o.status !== 'applied')).toEqual([]);
    const server = await ho.db.query<{ id: string; row_version: number }>('SELECT id, row_version FROM loan_notes ORDER BY id');
    expect(server.map((n) => n.id)).toEqual(outbox.map((o) => o.id).sort());
    expect(ws.store.read().sql.prepare('SELECT id, row_version FROM loan_notes ORDER BY id').all()).toEqual(server);
    await ws.close();
  });
});
