import { describe, expect, it } from 'vitest';
import { sectionState } from '../../../renderer/features/dd/editor/sectionState';

describe('sectionState', () => {
  it('never calls a section with nothing to complete complete (no green tick on an empty section)', () => {
    expect(sectionState({ done: 0, total: 0 })).toBe('optional');
    expect(sectionState({ done: 0, total: 3 })).toBe('open');
    expect(sectionState({ done: 2, total: 3 })).toBe('open');
    expect(sectionState({ done: 3, total: 3 })).toBe('complete');
  });
});
