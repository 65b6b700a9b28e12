// Text that can be stored everywhere it goes: well-formed Unicode (no lone UTF-16 surrogate, which
// PostgreSQL's jsonb refuses and SQLite would silently mangle) and no NUL (which PostgreSQL text and
// jsonb refuse). Checked at the branch's door and again at head office, so one pasted character can
// never be accepted at a PC and then wedge its sync queue.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/**
 * The path (`a.b.0`) of the first string or object key in `value` that is not storable text; null when
 * all are. Walks with its own stack, so hostile nesting depth cannot overflow the call stack.
 */
export function unstorableTextPath(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string };
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path || '_';
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: path ? `${path}.${i}` : String(i) }));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
        const at = path ? `${path}.${key}` : key;
        if (!isStorableText(key)) return at;
        stack.push({ value: item, path: at });
      }
    }
  }
  return null;
}

/** The same value with every unstorable character replaced by U+FFFD, for keeping a refused record on file. */
export function storableCopy(value: unknown): unknown {
  // JSON.stringify writes a lone surrogate and NUL as \uXXXX escapes (an even run of backslashes
  // before them is escaped backslashes, not part of the escape), and nothing else that way.
  const json = JSON.stringify(value ?? null).replace(/(?<!\\)((?:\\\\)*)\\u(d[89a-f][0-9a-f]{2}|0000)/gi, '$1\\ufffd');
  return JSON.parse(json) as unknown;
}
