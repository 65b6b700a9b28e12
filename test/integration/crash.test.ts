// A crash mid-write leaves no half change: kill a writing child process with SIGKILL at random points
// and check that every note has exactly its outbox and audit entries, and the audit chain verifies.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../main/services/audit';
import { createFixture, openTestStore } from '../helpers/fixtures';

const ROOT = path.resolve(__dirname, '../..');

function runAndKill(file: string, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/crashWriter.ts'), file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited: ${stderr}`))));
  });
}

describe('crash atomicity', () => {
  it('has the outbox and audit entries if and only if the row change exists, after SIGKILLs', async () => {
    const fx = createFixture();
    fx.store.close();
    for (let round = 0; round < 5; round++) await runAndKill(fx.file, 20 + Math.floor(Math.random() * 300));

    const store = openTestStore(fx.file);
    const db = store.read().sql;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const notes = (db.prepare('SELECT id FROM loan_notes ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    const outboxIds = (db.prepare("SELECT json_extract(args, '$.id') AS id FROM outbox ORDER BY id").all() as { id: string }[]).map((r) => r.id);
    const auditIds = (db.prepare('SELECT entity_id AS id FROM audit_log ORDER BY entity_id').all() as { id: string }[]).map((r) => r.id);
    expect(notes.length).toBeGreaterThan(0);
    expect(outboxIds).toEqual(notes);
    expect(auditIds).toEqual(notes);
    const seqs = (db.prepare('SELECT seq FROM outbox ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(verifyAuditChain(store)).toMatchObject({ ok: true, checked: notes.length });
    store.close();
  });
});
