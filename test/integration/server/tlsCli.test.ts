// Head office's CLI and TLS: it serves HTTPS from a certificate and key given by flags or environment,
// refuses to listen beyond loopback without them, checks the pair at start, and prints its pin beside
// each enrollment code.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { headOfficeLink } from '../../../main/sync/headOfficeLink';
import { tempDir } from '../../helpers/fixtures';
import { testTls } from '../../helpers/tls';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
const dataDir = tempDir('bcw-tls-cli-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}) => ({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', TLS_CERT_FILE: '', TLS_KEY_FILE: '', ...extra });
const cli = (args: string[], extra: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: ROOT, env: env(extra) });

/** Starts `npm run server` with these arguments until it listens; returns its address and log, and stops it. */
function serveOnce(args: string[], extra: Record<string, string>): Promise<{ url: string; log: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { cwd: ROOT, env: env({ PORT: '0', ...extra }), stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const onData = (d: Buffer) => {
      log += d.toString();
      const url = /Server listening at (https?:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1];
      if (url && log.includes('head office ready')) {
        const stop = () => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM'))));
        resolve({ url, log, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${log.slice(-800)}`)));
  });
}

describe('head office CLI with TLS', () => {
  it('refuses to listen beyond loopback without TLS, and a certificate without its key', async () => {
    await expect(cli([], { HOST: '0.0.0.0', PORT: '0' })).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/refusing to listen on 0\.0\.0\.0 without TLS/) });
    const { server } = testTls();
    await expect(cli(['--tls-cert', server.certFile], { PORT: '0' })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/both a TLS certificate and its key/) });
    const other = testTls().ca.issue();
    await expect(cli(['--tls-cert', server.certFile, '--tls-key', other.keyFile], { PORT: '0' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/does not belong to the certificate/),
    });
  });

  it('serves HTTPS with --tls-cert and --tls-key (or the environment), logging its pin', async () => {
    const { server } = testTls();
    for (const [args, extra] of [
      [['--tls-cert', server.certFile, '--tls-key', server.keyFile], {}],
      [[], { TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: server.keyFile }],
    ] as const) {
      const ho = await serveOnce([...args], { ...extra });
      try {
        expect(ho.url).toMatch(/^https:/);
        expect(ho.log).toContain(server.pin);
        const res = await headOfficeLink(ho.url, server.pin).fetch(`${ho.url}/health`);
        expect(await res.json()).toEqual({ ok: true });
      } finally {
        await ho.stop();
      }
    }
  });

  it('prints the pin beside each enrollment code', async () => {
    const { server } = testTls();
    await cli(['create-branch', '--code', 'B900', '--name-zh', '测试支行', '--name-en', 'Test Branch']);
    const withPin = await cli(['enroll-code', '--branch', 'B900', '--tls-cert', server.certFile]);
    const [code, pin, ...rest] = withPin.stdout.trim().split('\n');
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(pin).toBe(server.pin);
    expect(rest).toEqual([]);
    expect(withPin.stderr).toMatch(/certificate pin/);
    // From the environment as the server takes it; without a certificate, the code alone and why.
    expect((await cli(['enroll-code', '--branch', 'B900'], { TLS_CERT_FILE: server.certFile })).stdout.trim().split('\n')[1]).toBe(server.pin);
    const bare = await cli(['enroll-code', '--branch', 'B900']);
    expect(bare.stdout.trim().split('\n')).toHaveLength(1);
    expect(bare.stderr).toMatch(/no TLS certificate given/);
  });
});
