// Text that can be stored everywhere it goes: well-formed Unicode (no lone UTF-16 surrogate, which
// PostgreSQL's jsonb refuses and SQLite would silently mangle) and no NUL (which PostgreSQL text and
// jsonb refuse). Checked at the branch's door and again at head office, so one pasted character can
// never be accepted at a PC and then wedge its sync queue.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** Deeper than any value the app sends; PostgreSQL's jsonb and JSON.stringify give up far below 100,000. */
const MAX_STORABLE_DEPTH = 64;

/**
 * The path (`a.b.0`) of the first string or object key in `value` that is not storable text, or of the
 * first value no JSON store can hold at all (nested deeper than MAX_STORABLE_DEPTH, a cycle, a bigint);
 * null when all are storable. Walks with its own stack, so hostile nesting depth cannot overflow the call
 * stack, and walks a shared object once, so shared references cannot make it exponential.
 */
export function unstorableTextPath(value: unknown): string | null {
  type Frame = { value: unknown; path: string; depth: number } | { leave: object };
  const stack: Frame[] = [{ value, path: '', depth: 0 }];
  const open = new Set<object>(); // the objects on the path being walked: meeting one again is a cycle
  const done = new Set<object>();
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if ('leave' in frame) {
      open.delete(frame.leave);
      done.add(frame.leave);
      continue;
    }
    const { value: v, path, depth } = frame;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path || '_';
    } else if (typeof v === 'bigint') {
      return path || '_';
    } else if (v !== null && typeof v === 'object') {
      if (open.has(v) || depth >= MAX_STORABLE_DEPTH) return path || '_';
      if (done.has(v)) continue;
      open.add(v);
      stack.push({ leave: v });
      if (Array.isArray(v)) {
        v.forEach((item, i) => stack.push({ value: item, path: path ? `${path}.${i}` : String(i), depth: depth + 1 }));
      } else {
        for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
          const at = path ? `${path}.${key}` : key;
          if (!isStorableText(key)) return at;
          stack.push({ value: item, path: at, depth: depth + 1 });
        }
      }
    }
  }
  return null;
}

/** A JSON value cut at MAX_STORABLE_DEPTH (deeper containers become null); bigints become text. */
function cutDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'bigint') return String(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_STORABLE_DEPTH) return null;
  if (Array.isArray(value)) return value.map((v) => cutDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutDeep(v, depth + 1)]));
}

/**
 * The same value with every unstorable character replaced by U+FFFD and nesting cut at
 * MAX_STORABLE_DEPTH, for keeping a refused record on file.
 */
export function storableCopy(value: unknown): unknown {
  // JSON.stringify writes a lone surrogate and NUL as \uXXXX escapes (an even run of backslashes
  // before them is escaped backslashes, not part of the escape), and nothing else that way.
  const json = JSON.stringify(cutDeep(value ?? null, 0)).replace(/(?<!\\)((?:\\\\)*)\\u(d[89a-f][0-9a-f]{2}|0000)/gi, '$1\\ufffd');
  return JSON.parse(json) as unknown;
}
