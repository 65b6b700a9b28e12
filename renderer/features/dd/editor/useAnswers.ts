// The answers being edited and their autosave. Every change lands in local state at once (so the live
// evaluation sees it), in a sessionStorage draft until the service accepts it, and is sent through
// dd.answer: immediately for choices, after a pause in typing for text. One save per item is in flight
// at a time; a value changed meanwhile is sent when it returns. Transient failures retry by themselves.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnswerValue, LocalizedText } from '../../../../shared/forms/template';
import { ApiCallError, errorText, invoke } from '../../../api/transport';
import { clearDraft, restorableDrafts, sameValue, writeDraft } from './drafts';

export type SaveState = 'pending' | 'saving' | 'saved' | 'error' | 'invalid';
export interface SaveStatus {
  state: SaveState;
  message?: string;
}

/** What the shared checkAnswer reports for a value that may not be saved. */
export interface Problem {
  code: string;
  message: LocalizedText;
  childKey?: string;
  row?: number;
}

export type AnswerMap = Record<string, AnswerValue>;
export type Checker = (itemKey: string, value: AnswerValue, answers: AnswerMap) => Problem | null;
/** now: choices, dates, a finished edit; typing: wait for a pause first. */
export type ChangeMode = 'now' | 'typing';

const TYPING_PAUSE_MS = 600;
const RETRY_MAX_MS = 30_000;
const TRANSIENT = new Set(['NETWORK', 'INTERNAL', 'NOT_AVAILABLE']);

interface Options {
  caseId: string;
  server: Readonly<AnswerMap>;
  readOnly: boolean;
  check: Checker;
}

export function useAnswers({ caseId, server, readOnly, check }: Options) {
  const restored = useRef<Map<string, AnswerValue> | null>(null);
  if (restored.current === null) restored.current = readOnly ? new Map() : restorableDrafts(caseId, server);

  const [answers, setAnswers] = useState<AnswerMap>(() => ({ ...server, ...Object.fromEntries(restored.current ?? []) }));
  const [status, setStatus] = useState<Record<string, SaveStatus>>({});
  const [problems, setProblems] = useState<Record<string, Problem>>({});

  const answersRef = useRef(answers);
  const statusRef = useRef(status);
  /** What the service holds as far as this page knows: the loaded answers plus saves since. */
  const known = useRef<AnswerMap>({ ...server });
  const dirty = useRef(new Set<string>(restored.current.keys()));
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const inflight = useRef(new Map<string, Promise<void>>());
  const resend = useRef(new Set<string>());
  const attempts = useRef(new Map<string, number>());
  const alive = useRef(true);
  const checkRef = useRef(check);
  checkRef.current = check;

  const putStatus = useCallback((key: string, s: SaveStatus | null) => {
    const next = { ...statusRef.current };
    if (s) next[key] = s;
    else delete next[key];
    statusRef.current = next;
    if (alive.current) setStatus(next);
  }, []);

  const putProblem = useCallback((key: string, p: Problem | null) => {
    setProblems((prev) => {
      if (!p && !(key in prev)) return prev;
      const next = { ...prev };
      if (p) next[key] = p;
      else delete next[key];
      return next;
    });
  }, []);

  const save = useCallback(
    (key: string): void => {
      const timer = timers.current.get(key);
      if (timer) clearTimeout(timer);
      timers.current.delete(key);
      if (!alive.current) return;
      const value = answersRef.current[key] ?? null;
      // A value the engine refuses is kept on screen and in the draft, never sent.
      const problem = checkRef.current(key, value, answersRef.current);
      putProblem(key, problem);
      if (problem) {
        putStatus(key, { state: 'invalid' });
        return;
      }
      if (inflight.current.has(key)) {
        resend.current.add(key);
        putStatus(key, { state: 'saving' });
        return;
      }
      putStatus(key, { state: 'saving' });
      const p = invoke('dd.answer', { caseId, itemKey: key, value })
        .then(
          () => {
            attempts.current.delete(key);
            known.current = { ...known.current, [key]: value };
            const settled = sameValue(answersRef.current[key], value) && !resend.current.has(key) && !timers.current.has(key);
            if (settled) {
              clearDraft(caseId, key);
              dirty.current.delete(key);
              putStatus(key, { state: 'saved' });
            }
          },
          (err: unknown) => {
            putStatus(key, { state: 'error', message: errorText(err) });
            const code = err instanceof ApiCallError ? err.code : 'NETWORK';
            if (TRANSIENT.has(code) && alive.current) {
              const n = (attempts.current.get(key) ?? 0) + 1;
              attempts.current.set(key, n);
              const wait = Math.min(RETRY_MAX_MS, 1000 * 2 ** n);
              timers.current.set(key, setTimeout(() => save(key), wait));
            }
          },
        )
        .finally(() => {
          inflight.current.delete(key);
          if (resend.current.delete(key)) save(key);
        });
      inflight.current.set(key, p);
    },
    [caseId, putProblem, putStatus],
  );

  const change = useCallback(
    (key: string, value: AnswerValue, mode: ChangeMode) => {
      if (readOnly) return;
      const next = { ...answersRef.current, [key]: value };
      answersRef.current = next;
      setAnswers(next);
      dirty.current.add(key);
      writeDraft(caseId, key, value, known.current[key] ?? null);
      attempts.current.delete(key);
      const timer = timers.current.get(key);
      if (timer) clearTimeout(timer);
      timers.current.delete(key);
      if (mode === 'typing') {
        putStatus(key, { state: 'pending' });
        timers.current.set(key, setTimeout(() => save(key), TYPING_PAUSE_MS));
      } else {
        save(key);
      }
    },
    [caseId, putStatus, readOnly, save],
  );

  /** Saves now what is waiting for a pause in typing (blur, Enter). */
  const flush = useCallback(
    (key: string) => {
      if (timers.current.has(key) && statusRef.current[key]?.state === 'pending') save(key);
    },
    [save],
  );

  const retry = useCallback(
    (key: string) => {
      attempts.current.delete(key);
      save(key);
    },
    [save],
  );

  /** Sends everything still waiting and resolves once nothing is in flight; true when all is saved. */
  const flushAll = useCallback(async (): Promise<boolean> => {
    for (const [key, timer] of [...timers.current]) {
      clearTimeout(timer);
      timers.current.delete(key);
      save(key);
    }
    for (let guard = 0; inflight.current.size > 0 && guard < 20; guard++) {
      await Promise.allSettled([...inflight.current.values()]);
    }
    return [...dirty.current].every((k) => statusRef.current[k]?.state === 'saved' || !statusRef.current[k]);
  }, [save]);

  // A reload of the case (after an upload, a sync round) brings the service's answers; items with
  // edits not yet accepted keep the local value so nothing typed is overwritten.
  const firstServer = useRef(server);
  useEffect(() => {
    if (firstServer.current === server) return;
    firstServer.current = server;
    known.current = { ...server };
    const next: AnswerMap = { ...server };
    for (const key of dirty.current) next[key] = answersRef.current[key] ?? null;
    answersRef.current = next;
    setAnswers(next);
  }, [server]);

  // Restored drafts go out as soon as the editor is up (each is checked first like any edit).
  useEffect(() => {
    alive.current = true;
    for (const key of restored.current?.keys() ?? []) save(key);
    const pending = timers.current;
    return () => {
      alive.current = false;
      // Leaving the page mid-word: send what was typed now rather than wait for the pause. The draft
      // stays until the answer comes back, so a failure here is restored next time the case opens.
      for (const [key, timer] of pending) {
        clearTimeout(timer);
        const value = answersRef.current[key] ?? null;
        if (checkRef.current(key, value, answersRef.current)) continue;
        void invoke('dd.answer', { caseId, itemKey: key, value }).then(
          () => clearDraft(caseId, key),
          () => undefined,
        );
      }
      pending.clear();
    };
  }, [caseId, save]);

  return {
    answers,
    status,
    problems,
    restoredCount: restored.current.size,
    change,
    flush,
    retry,
    flushAll,
  };
}
