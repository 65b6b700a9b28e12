// Publishing templates, policies and models (server/publish.ts): a version lands in the global scope of
// the change log and reaches every branch; the same content again is a no-op; different content under a
// published version is refused; versions are assigned when not given; the CLI publishes a file.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AdminError, createBranch } from '../../../server/admin';
import { GLOBAL_BRANCH_ID, publishVersion } from '../../../server/publish';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import { centralBackends, enrollTestDevice, pullAll, uniqueCode } from '../../helpers/central';
import { serverTestBed } from '../../helpers/serverTestBed';

const run = promisify(execFile);

describe.each(centralBackends())('publishing on $name', ({ open }) => {
  const { db, app } = serverTestBed(open);
  const NOW = new Date('2026-03-01T02:00:00.000Z');
  const globalVersion = async () =>
    (await db.query<{ version: number }>(`SELECT version FROM scope_versions WHERE scope = 'global'`))[0]?.version ?? 0;

  it('publishes a policy to the global scope, which every branch pulls', async () => {
    const body = { maxFailedSignIns: 3, lockoutMinutes: 30, idleLockMinutes: 10 };
    const r = await publishVersion(db, 'policy', { code: 'security', version: 1, body }, NOW);
    expect(r).toMatchObject({ kind: 'policy', code: 'security', version: 1, status: 'published' });
    const [entry] = await db.query<{ scope: string; op: string; version: number; data: Record<string, unknown> }>(
      `SELECT scope, op, version, data FROM change_log WHERE table_name = 'policies' AND row_id = $1`,
      [r.id],
    );
    expect(entry).toMatchObject({ scope: 'global', op: 'upsert' });
    // effective_from defaults to the publishing day in Asia/Shanghai (10:00 there).
    expect(entry?.data).toMatchObject({ branch_id: GLOBAL_BRANCH_ID, code: 'security', version: 1, body, effective_from: '2026-03-01' });
    expect(entry?.data['row_version']).toBe(entry?.version);

    const code = uniqueCode('P');
    await createBranch(db, { code, nameZh: '测试支行', nameEn: 'Test Branch' });
    const device = await enrollTestDevice(db, code);
    const pages = await pullAll(app, device.token, 'global', { epoch: null, cursor: 0 });
    const pulled = pages.flatMap((p) => p.changes).find((c) => c.table === 'policies' && c.id === r.id);
    expect(pulled?.row).toMatchObject({ code: 'security', version: 1, body });
  });

  it('publishing the same content again is a no-op; different content under that version is refused', async () => {
    const body = { maxFailedSignIns: 3, lockoutMinutes: 30, idleLockMinutes: 10 };
    const before = await globalVersion();
    const again = await publishVersion(db, 'policy', { code: 'security', version: 1, body });
    expect(again).toMatchObject({ version: 1, status: 'unchanged' });
    // Without a version: the latest already holds this content, so nothing happens either.
    expect(await publishVersion(db, 'policy', { code: 'security', body: { idleLockMinutes: 10, lockoutMinutes: 30, maxFailedSignIns: 3 } })).toMatchObject({
      version: 1,
      status: 'unchanged',
    });
    await expect(publishVersion(db, 'policy', { code: 'security', version: 1, body: { ...body, lockoutMinutes: 60 } })).rejects.toThrow(
      /security@1 is already published with different content/,
    );
    expect(await globalVersion()).toBe(before);
    const [row] = await db.query<{ body: unknown }>(`SELECT body FROM policies WHERE code = 'security' AND version = 1`);
    expect(row?.body).toEqual(body);
  });

  it('takes the next version when none is given and refuses going back', async () => {
    const next = await publishVersion(db, 'policy', { code: 'security', body: { maxFailedSignIns: 4 } });
    expect(next).toMatchObject({ version: 2, status: 'published' });
    await expect(publishVersion(db, 'model', { code: 'scorecard', version: 3, body: { intercept: -1.2 } })).resolves.toMatchObject({ status: 'published' });
    await expect(publishVersion(db, 'model', { code: 'scorecard', version: 2, body: { intercept: -1.1 } })).rejects.toThrow(/already at version 3/);
    const entries = await db.query<{ table_name: string }>(`SELECT table_name FROM change_log WHERE scope = 'global' ORDER BY version`);
    expect(entries.map((e) => e.table_name)).toEqual(['policies', 'policies', 'models']);
  });

  it('publishes a template with its titles and applies_to, and refuses invalid files', async () => {
    const { version: _shipped, ...template } = { ...SHIPPED_TEMPLATES[0]!, code: 'dd.consumer', title_zh: '消费贷尽调清单' };
    const t = await publishVersion(db, 'template', template, NOW);
    expect(t).toMatchObject({ version: 1, status: 'published' });
    const [row] = await db.query<Record<string, unknown>>('SELECT branch_id, title_zh, applies_to, published_at FROM form_templates WHERE id = $1', [t.id]);
    expect(row).toEqual({ branch_id: 'HQ', title_zh: '消费贷尽调清单', applies_to: template.applies_to, published_at: NOW.toISOString() });

    const refused = (kind: 'template' | 'policy', doc: unknown) => expect(publishVersion(db, kind, doc)).rejects.toThrow(AdminError);
    await refused('template', { ...template, title_en: undefined }); // a title missing
    await refused('template', { ...template, version: 2, colour: 'red' }); // an unknown key
    // The form engine's checks: a condition on an item that comes later in the checklist is refused.
    const [first, ...rest] = template.body.sections;
    const forward = { ...first!, items: [{ ...first!.items[0]!, visibleIf: { item: rest[0]!.items[0]!.key, op: 'answered' } }, ...first!.items.slice(1)] };
    await expect(publishVersion(db, 'template', { ...template, version: 2, body: { ...template.body, sections: [forward, ...rest] } })).rejects.toThrow(
      /conditions may only use earlier items/,
    );
    await refused('policy', { code: 'Bad Code', body: {} });
    await refused('policy', { code: 'contact', body: 'text' }); // body must be an object or array
    await refused('policy', { code: 'security', body: { maxFailedSignIns: 0 } }); // checked with the branch's own schema
  });
});

describe('the publish CLI', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcw-publish-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('publishes the example policy file', async () => {
    const file = path.resolve('db/seeds/policy-security.json');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'publish', '--kind', 'policy', '--file', file], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    expect(stdout).toMatch(/policy security@1 published to every branch/);
  });
});
