// Local copies of answers that are not yet saved, in sessionStorage, so a reload, a crash of the page
// or a failed save never loses what the officer entered. One entry per case and item; removed once the
// service has accepted that exact value.
import { canonicalJson } from '../../../../shared/canonicalJson';
import type { AnswerValue } from '../../../../shared/forms/template';

const PREFIX = 'bcw.ddDraft:';

export interface Draft {
  value: AnswerValue;
  /** The server's value when the edit began: if the server still holds it, the draft is the newer one. */
  base: AnswerValue;
  at: string;
}

function storageKey(caseId: string, itemKey: string): string {
  return `${PREFIX}${caseId}:${itemKey}`;
}

export function sameValue(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

export function writeDraft(caseId: string, itemKey: string, value: AnswerValue, base: AnswerValue): void {
  try {
    const key = storageKey(caseId, itemKey);
    // Keep the first base: it is the server value this run of edits started from.
    const prev = readDraftAt(key);
    const draft: Draft = { value, base: prev ? prev.base : base, at: new Date().toISOString() };
    sessionStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the value is still in memory and is being saved.
  }
}

export function clearDraft(caseId: string, itemKey: string): void {
  try {
    sessionStorage.removeItem(storageKey(caseId, itemKey));
  } catch {
    // nothing to clean up when storage is unavailable
  }
}

function readDraftAt(key: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Draft>;
    if (!parsed || typeof parsed !== 'object' || !('value' in parsed)) return null;
    return { value: parsed.value ?? null, base: parsed.base ?? null, at: String(parsed.at ?? '') };
  } catch {
    return null;
  }
}

/** All drafts of one case: item key -> draft. */
function readDrafts(caseId: string): Map<string, Draft> {
  const out = new Map<string, Draft>();
  try {
    const prefix = `${PREFIX}${caseId}:`;
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (!key || !key.startsWith(prefix)) continue;
      const draft = readDraftAt(key);
      if (draft) out.set(key.slice(prefix.length), draft);
    }
  } catch {
    // no storage, no drafts
  }
  return out;
}

/**
 * Which drafts to bring back on opening a case. A draft whose value the server already holds was
 * saved (the success was not seen); one whose base the server still holds is newer than the server
 * and is restored; any other was overtaken by a later save (from another workstation) and is dropped.
 */
export function restorableDrafts(caseId: string, server: Readonly<Record<string, AnswerValue>>): Map<string, AnswerValue> {
  const restore = new Map<string, AnswerValue>();
  for (const [itemKey, draft] of readDrafts(caseId)) {
    const current = server[itemKey] ?? null;
    if (sameValue(current, draft.value)) clearDraft(caseId, itemKey);
    else if (sameValue(current, draft.base)) restore.set(itemKey, draft.value);
    else clearDraft(caseId, itemKey);
  }
  return restore;
}
