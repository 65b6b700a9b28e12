// The branch's policy loader on a real SQLite file: the newest valid version in effect is used, a
// newer one that fails its schema is skipped and reported (and shown to a supervisor through
// policy.current), one not yet in effect waits for its date, a new version replaces the cached value,
// and the contact profile and zone follow the branch's row.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../db/local/queries/policies';
import { current as currentPolicies } from '../../main/services/policies';
import { ddPolicy } from '../../shared/domain/ddPolicy';
import { GLOBAL_BRANCH_ID } from '../../shared/forms/publishedId';
import { createFixture, serviceContext, type Fixture } from '../helpers/fixtures';

let fx: Fixture;
const NOW = new Date('2026-12-05T02:00:00Z'); // 10:00 in Shanghai, 2026-12-05

function publish(code: string, version: number, body: unknown, effectiveFrom = '2026-01-01'): void {
  fx.store.transaction((w) =>
    w.sql
      .prepare(
        `INSERT INTO policies (id, branch_id, created_at, updated_at, updated_by, row_version, code, version, body, effective_from)
         VALUES (?, ?, ?, ?, 'system', ?, ?, ?, ?, ?)`,
      )
      .run(`${code}@${version}`, GLOBAL_BRANCH_ID, NOW.toISOString(), NOW.toISOString(), version, code, version, JSON.stringify(body), effectiveFrom),
  );
}

beforeEach(() => {
  fx = createFixture();
});
afterEach(() => fx.store.close());

describe('the policy loader', () => {
  it('gives the schema defaults while nothing is published', () => {
    const r = loadPolicy(fx.store.read(), 'dd', 'branch-A', NOW);
    expect(r).toEqual({ value: ddPolicy.parse({}), version: null, problems: [] });
  });

  it('uses the newest valid version in effect, skips a bad newer one and reports it', () => {
    publish('dd', 1, { maxAttachmentBytes: 5 * 1024 * 1024 });
    publish('dd', 2, { maxAttachmentBytes: 'ten megabytes' });
    publish('dd', 3, { maxAttachmentBytes: 2 * 1024 * 1024 }, '2026-12-06'); // tomorrow in Shanghai
    const r = loadPolicy(fx.store.read(), 'dd', 'branch-A', NOW);
    expect(r.version).toBe(1);
    expect(r.value.maxAttachmentBytes).toBe(5 * 1024 * 1024);
    expect(r.problems).toEqual([{ kind: 'dd', version: 2, message: expect.stringMatching(/^maxAttachmentBytes: /) }]);
    // A supervisor is told through policy.current.
    const supervisor = serviceContext(fx, 'supervisorA', () => NOW);
    expect(currentPolicies(supervisor).problems).toEqual([{ kind: 'dd', version: 2, message: expect.any(String) }]);
    // The next day version 3 takes effect: the cached value does not outlive the date.
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    expect(loadPolicy(fx.store.read(), 'dd', 'branch-A', tomorrow)).toMatchObject({ version: 3, problems: [] });
  });

  it('replaces the cached value when a new version arrives', () => {
    publish('security', 1, { idleLockMinutes: 10 });
    expect(loadPolicy(fx.store.read(), 'security', 'branch-A', NOW).value.idleLockMinutes).toBe(10);
    publish('security', 2, { idleLockMinutes: 7 });
    expect(loadPolicy(fx.store.read(), 'security', 'branch-A', NOW).value.idleLockMinutes).toBe(7);
  });

  it('gives each branch its contact profile on its own clock', () => {
    publish('contact', 1, { branches: { B00B: 'US_REGF' } });
    fx.store.transaction((w) => w.sql.prepare("UPDATE branches SET time_zone = 'America/Chicago', row_version = 2 WHERE id = 'branch-B'").run());
    const a = loadPolicy(fx.store.read(), 'contact', 'branch-A', NOW).value;
    const b = loadPolicy(fx.store.read(), 'contact', 'branch-B', NOW).value;
    expect([a.id, a.timeZone, a.maxUnansweredPerNumberPerDay]).toEqual(['CN', 'Asia/Shanghai', 6]);
    expect([b.id, b.timeZone, b.callFrequency?.maxCalls]).toEqual(['US_REGF', 'America/Chicago', 7]);
  });
});
