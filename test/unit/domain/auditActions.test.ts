// Every action the write path can audit has a family and words in both languages, so the audit page
// never falls back to showing a raw code for a registered mutation.
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, isAuditAction } from '../../../shared/domain/auditActions';
import { AUDIT_ACTION_LABELS, AUDIT_DESCRIPTIONS } from '../../../shared/i18n/auditLog';
import { mutations } from '../../../shared/mutations/registry';

/** The actions a mutation records: a decision records what was decided, a logged contact may be a correction. */
function auditedActions(name: string): string[] {
  if (name === 'ddCase.decide') return ['ddCase.approve', 'ddCase.return'];
  if (name === 'contact.log') return ['contact.log', 'contact.correct'];
  return [name];
}

describe('audited actions', () => {
  it('lists the actions of every registered mutation', () => {
    const missing = [...mutations.values()].flatMap((def) => auditedActions(def.name)).filter((a) => !isAuditAction(a));
    expect(missing).toEqual([]);
  });

  it('names and describes each action in zh-CN and en', () => {
    for (const action of AUDIT_ACTIONS) {
      for (const text of [AUDIT_ACTION_LABELS[action], AUDIT_DESCRIPTIONS[action]]) {
        expect(text['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(text.en).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });
});
