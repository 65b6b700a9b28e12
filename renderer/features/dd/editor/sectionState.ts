// A section's state in the navigator, apart from React so it can be tested on its own.

/**
 * A section is complete when it has requirements and all are met; one with only optional items has
 * nothing to complete, so it never shows the green tick of a finished section.
 */
export function sectionState(s: { done: number; total: number }): 'complete' | 'open' | 'optional' {
  if (s.total === 0) return 'optional';
  return s.done === s.total ? 'complete' : 'open';
}
