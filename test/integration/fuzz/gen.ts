// Inputs for the fuzz suite: values generated from a zod schema (through its JSON Schema, z.toJSONSchema),
// steered towards rows that exist by field-name hints, then spoiled with hostile values — text no
// database stores, impossible dates and instants, numbers at and past every limit, wrong types, extra
// and missing keys, and (for the IPC transport) what structured clone carries but JSON cannot.
import fc from 'fast-check';
import { z } from 'zod';

type Json = Record<string, unknown>;

/**
 * Plausible values per field name (loanId -> ids that exist, in this branch and another; repeat a value to
 * weigh it), or an arbitrary of them; mixed with the values the schema alone would give.
 */
export type Hints = Readonly<Record<string, readonly unknown[] | fc.Arbitrary<unknown>>>;

/** The input schema as JSON Schema (input side: defaulted fields are optional). */
export function jsonSchemaOf(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
}

const MAX_TEXT = 24;
const DAY_MS = 86_400_000;
/** Generated dates and instants fall around this day (the suite's clocks stand on it). */
export const FUZZ_NOW = Date.parse('2026-11-26T02:00:00Z');

function shanghai(ms: number): string {
  const local = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

const instantArb = fc
  .tuple(fc.integer({ min: -40 * DAY_MS, max: 10 * DAY_MS }), fc.boolean())
  .map(([delta, zulu]) => (zulu ? new Date(FUZZ_NOW + delta).toISOString() : shanghai(FUZZ_NOW + delta)));
const dateArb = fc.integer({ min: -400, max: 400 }).map((d) => new Date(FUZZ_NOW + d * DAY_MS).toISOString().slice(0, 10));

function textArb(min: number, max: number | undefined): fc.Arbitrary<string> {
  const hi = Math.max(min, Math.min(max ?? MAX_TEXT, MAX_TEXT));
  const words = ['客户称下月初还款', '张三', 'Visit note', '已核实'].filter((w) => w.length >= min && w.length <= (max ?? Infinity));
  const arbs: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.string({ minLength: min, maxLength: hi, unit: 'grapheme-ascii' }), weight: 8 },
    { arbitrary: fc.string({ minLength: min, maxLength: hi, unit: 'grapheme' }), weight: 6 },
  ];
  if (words.length > 0) arbs.push({ arbitrary: fc.constantFrom(...words), weight: 4 });
  // Exactly at the limit, and one past it.
  if (max !== undefined && max <= 100_000) {
    arbs.push({ arbitrary: fc.constant('界'.repeat(max)), weight: 1 }, { arbitrary: fc.constant('x'.repeat(max + 1)), weight: 1 });
  }
  return fc.oneof(...arbs);
}

function stringArb(s: Json): fc.Arbitrary<string> {
  const min = typeof s['minLength'] === 'number' ? s['minLength'] : 0;
  const max = typeof s['maxLength'] === 'number' ? s['maxLength'] : undefined;
  switch (s['format']) {
    case 'uuid':
      return fc.uuid({ version: [4, 7] });
    case 'date':
      return dateArb;
    case 'date-time':
      return instantArb;
    case 'uri':
      // Never a real host: an enrollment that got this far must not reach the network.
      return fc.constantFrom('http://127.0.0.1:9/', 'https://head-office.invalid/', 'http://[::1]:9');
    default:
      break;
  }
  if (typeof s['pattern'] === 'string') return fc.stringMatching(new RegExp(s['pattern'])).filter((v) => max === undefined || v.length <= max);
  return textArb(min, max);
}

function numberArb(s: Json, integer: boolean): fc.Arbitrary<number> {
  const lo = typeof s['minimum'] === 'number' ? s['minimum'] : -1e6;
  const hi = typeof s['maximum'] === 'number' ? s['maximum'] : 1e6;
  const min = Math.max(lo, -Number.MAX_SAFE_INTEGER);
  const max = Math.min(hi, Number.MAX_SAFE_INTEGER);
  const body = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  // Small values are what most fields hold; the limits themselves are where mistakes live.
  const small = integer ? fc.integer({ min: Math.max(Math.ceil(min), 0), max: Math.min(Math.floor(max), Math.max(Math.ceil(min), 0) + 50) }) : body;
  return fc.oneof({ arbitrary: small, weight: 3 }, { arbitrary: body, weight: 1 }, { arbitrary: fc.constantFrom(min, max), weight: 1 });
}

/**
 * An arbitrary of values the JSON Schema describes; `hints[name]` offers values for a property of that
 * name (ids that exist, a valid file) besides the generated ones.
 */
export function fromJsonSchema(s: Json, hints: Hints = {}, depth = 0): fc.Arbitrary<unknown> {
  if (Array.isArray(s['anyOf'])) return fc.oneof(...(s['anyOf'] as Json[]).map((x) => fromJsonSchema(x, hints, depth + 1)));
  if ('const' in s) return fc.constant(s['const']);
  if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as unknown[]));
  switch (s['type']) {
    case 'object':
      return objectArb(s, hints, depth);
    case 'array': {
      const items = s['items'] ? fromJsonSchema(s['items'] as Json, hints, depth + 1) : fc.jsonValue({ maxDepth: 2 });
      const minLength = typeof s['minItems'] === 'number' ? s['minItems'] : 0;
      const maxLength = Math.max(minLength, Math.min(typeof s['maxItems'] === 'number' ? s['maxItems'] : 4, 4));
      return fc.array(items, { minLength, maxLength });
    }
    case 'string':
      return stringArb(s);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      // z.unknown(): any JSON value.
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function objectArb(s: Json, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  const props = (s['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((s['required'] ?? []) as string[]);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, prop] of Object.entries(props)) {
    const generated = fromJsonSchema(prop, hints, depth + 1);
    const hinted = hints[key];
    const hint = hinted === undefined ? undefined : Array.isArray(hinted) ? (hinted.length > 0 ? fc.constantFrom(...hinted) : undefined) : (hinted as fc.Arbitrary<unknown>);
    model[key] = hint ? fc.oneof({ arbitrary: hint, weight: 5 }, { arbitrary: generated, weight: 1 }) : generated;
  }
  const record = fc.record(model, { requiredKeys: Object.keys(model).filter((k) => required.has(k)), noNullPrototype: true });
  const extra = s['additionalProperties'];
  if (extra && typeof extra === 'object' && Object.keys(props).length === 0) {
    // A record (answer rows: item key -> value).
    const keyArb = s['propertyNames'] ? fromJsonSchema(s['propertyNames'] as Json, hints, depth + 1) : fc.string({ maxLength: 10 });
    return fc.dictionary(keyArb as fc.Arbitrary<string>, fromJsonSchema(extra as Json, hints, depth + 1), { maxKeys: 3, noNullPrototype: true });
  }
  return record;
}

// ---------- hostile values ----------

const LONG = 'x'.repeat(100_000);
const LONG_CJK = '贷'.repeat(100_000);
/** Nested deeper than any recursive walk of a value survives (JSON.stringify gives up near 5,000). */
function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
const DEEP = deepArray(20_000);

export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '\t\n\r', '\u0000', 'a\u0000b', '\ud83d', 'x\udc00y', '\udc00\ud83d', '\ud800\ud800',
  '\u202eSTNEMYAP\u202c', '\u200b\u200c\u200d\ufeff', '\u2028\u2029', 'مرحبا\u200f', 'Ａ１２３', '١٢٣', '😀👨‍👩‍👧', 'e\u0301\u0301\u0301',
  LONG, LONG_CJK, "'; DROP TABLE loans; --", '" OR 1=1 --', '%s%n%x', '${7*7}', '../../../etc/passwd', '<script>alert(1)</script>',
  '__proto__', 'constructor', 'toString', 'null', 'undefined', 'NaN', 'Infinity', '1e308', '-1', '0x10', '12.5', 'true',
  '2027-02-30', '2026-13-01', '0000-00-00', '2026-02-29', '2024-02-29', '9999-12-31', '0001-01-01', '2026-1-1', '+002026-01-01',
  '2026-02-30T10:00:00+08:00', '2026-01-01T24:00:00Z', '2026-01-01T10:00:00+25:00', '2026-01-01T10:00:00', '2026-01-01T10:00:60Z',
  '1970-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z',
  'not a date', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0192f1a2-7c3e-4b5a-9d2f-3e4a5b6c7d8e',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ', 'branch:', 'global',
];

const HOSTILE_NUMBERS: readonly number[] = [
  -1, 0, -0, 1, 0.5, 1.5, 99.99, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 63, 1e308, -1e308, 5e-324, 100_000_000_001, 1e21,
];

function protoKeyed(): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, '__proto__', { value: { polluted: 1 }, enumerable: true, writable: true, configurable: true });
  return o;
}

/** Keys a JSON body parser may refuse outright (prototype poisoning): `__proto__`, and `constructor` holding `prototype`. */
function poisonKeyed(): unknown[] {
  return [protoKeyed(), { constructor: { prototype: { x: 1 } } }];
}

/** What JSON carries: the HTTP surfaces and IPC alike. */
function jsonHostile(): unknown[] {
  return [null, true, false, [], [null], ['x'], [1, 'a', null], {}, { a: 1 }, [[[]]], DEEP, deepArray(3_000), deepArray(65)];
}

/** Only structured clone (Electron IPC) carries these; the API door must still answer them cleanly. */
function ipcHostile(): unknown[] {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic['self'] = cyclic;
  const sparse: unknown[] = [];
  sparse[5] = 'x';
  return [undefined, Number.NaN, Infinity, -Infinity, 10n, new Date(Number.NaN), new Date(0), new Map([[1, 2]]), new Set([1]), new Uint8Array([1, 2]), cyclic, sparse];
}

/** ipc: what structured clone carries; json: a JSON body; push: a JSON body without prototype-poisoning keys. */
export type Transport = 'ipc' | 'json' | 'push';

function hostileArb(transport: Transport, extra: readonly unknown[] = []): fc.Arbitrary<unknown> {
  const others = [...jsonHostile(), ...poisonKeyed(), ...(transport === 'ipc' ? ipcHostile() : []), ...extra];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 },
    { arbitrary: fc.constantFrom(...HOSTILE_NUMBERS), weight: 2 },
    { arbitrary: fc.constantFrom(...others), weight: 2 },
    // Text made of lone surrogates and control characters, anywhere in a string.
    { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
  );
}

const EXTRA_KEYS = ['extra', 'constructor', 'prototype', 'k\ud800', '', 'id', 'branchId', 'userId', 'row_version', 'deleted_at'];

export type Edit =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'addKey'; at: number; key: string; value: unknown }
  | { kind: 'drop'; at: number };

function editArb(hostile: fc.Arbitrary<unknown>, protoKey: boolean): fc.Arbitrary<Edit> {
  const keys = protoKey ? [...EXTRA_KEYS, '__proto__'] : EXTRA_KEYS;
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostile }), weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('addKey' as const), at: fc.nat(), key: fc.constantFrom(...keys), value: hostile }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }), weight: 1 },
  );
}

/** Every container and leaf of a generated value, as paths (the root is []); inserted hostile values are leaves. */
function pathsOf(value: unknown, inserted: WeakSet<object>, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (value === null || typeof value !== 'object' || inserted.has(value) || at.length > 12) return out;
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, inserted, [...at, i], out));
  else for (const [k, v] of Object.entries(value)) pathsOf(v, inserted, [...at, k], out);
  return out;
}

function setKey(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The base value with the edits applied (neither the base nor the hostile values are changed). */
function applyEdits(base: unknown, edits: readonly Edit[]): unknown {
  let root = JSON.parse(JSON.stringify(base ?? null)) as unknown;
  const inserted = new WeakSet<object>();
  const place = (value: unknown): unknown => {
    if (value !== null && typeof value === 'object') inserted.add(value);
    return value;
  };
  for (const edit of edits) {
    const paths = pathsOf(root, inserted);
    const path = paths[edit.at % paths.length] as (string | number)[];
    let node: unknown = root;
    let parent: unknown = undefined;
    for (const k of path) {
      parent = node;
      node = (node as Record<string | number, unknown>)[k];
    }
    const last = path[path.length - 1];
    if (edit.kind === 'replace') {
      if (last === undefined) root = place(edit.value);
      else setKey(parent as object, last, place(edit.value));
    } else if (edit.kind === 'drop') {
      if (last !== undefined && parent !== null && typeof parent === 'object' && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[last];
    } else if (node !== null && typeof node === 'object' && !Array.isArray(node) && !inserted.has(node)) {
      setKey(node, edit.key, place(edit.value));
    }
  }
  return root;
}

/** A generated case: the well-formed value as is, or spoiled by one to three edits. */
export interface FuzzInput {
  value: unknown;
  edited: boolean;
}

export function fuzzInputArb(base: fc.Arbitrary<unknown>, transport: Transport): fc.Arbitrary<FuzzInput> {
  const edits = fc.array(editArb(hostileArb(transport), true), { minLength: 1, maxLength: 3 });
  return fc.tuple(base, fc.oneof({ arbitrary: fc.constant([] as Edit[]), weight: 1 }, { arbitrary: edits, weight: 1 })).map(
    ([value, edits]) => ({ value: edits.length ? applyEdits(value, edits) : value, edited: edits.length > 0 }),
  );
}

// ---------- budget, seeds and reports ----------

/** Cases per method (or mutation): `FUZZ_RUNS` raises it for a soak. */
export function fuzzRuns(base: number): number {
  const given = Number(process.env['FUZZ_RUNS'] ?? '');
  return Number.isSafeInteger(given) && given > 0 ? given : base;
}

/**
 * Time allowed per method (or mutation) before its run ends early, not as a failure: `FUZZ_METHOD_MS`,
 * or the default — none when `FUZZ_RUNS` asks for a soak.
 */
export function fuzzTimeLimit(defaultMs: number): number | undefined {
  const given = Number(process.env['FUZZ_METHOD_MS'] ?? '');
  if (Number.isFinite(given) && given > 0) return given;
  return process.env['FUZZ_RUNS'] ? undefined : defaultMs;
}

/** The run's seed: `FUZZ_SEED` to replay one, else fixed so that `npm test` is deterministic. */
export function fuzzSeed(fixed: number): number {
  const given = process.env['FUZZ_SEED'];
  if (given === undefined || given === '') return fixed;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${given}`);
  return seed;
}

/** A method's own seed, so adding a method does not change the cases of the others. */
function seedFor(base: number, name: string): number {
  let h = base | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `FUZZ_ONLY=a,b` narrows a run to those methods or mutations (a replay shortcut). */
export function selected(name: string): boolean {
  const only = process.env['FUZZ_ONLY'];
  return !only || only.split(',').includes(name);
}

/** A value short enough for a failure report (100k-character strings, deep nesting and cycles cut down). */
export function preview(value: unknown, limit = 600): string {
  const ancestors = new Set<object>();
  const cut = (v: unknown, depth: number): unknown => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v === undefined) return '(undefined)';
    if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v;
    if (v === null || typeof v !== 'object') return v;
    if (ancestors.has(v)) return '(cycle)';
    if (depth > 8) return '(deeper)';
    ancestors.add(v);
    const out = Array.isArray(v) ? v.slice(0, 20).map((x) => cut(x, depth + 1)) : Object.fromEntries(Object.entries(v).slice(0, 30).map(([k, x]) => [k, cut(x, depth + 1)]));
    ancestors.delete(v);
    return out;
  };
  const text = JSON.stringify(cut(value, 0)) ?? 'undefined';
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * fc.check of one method's property with its seed; a failure names the replay (`FUZZ_SEED`, `FUZZ_ONLY`)
 * and the case, cut short.
 */
export async function checkFuzz<T>(
  file: string,
  name: string,
  baseSeed: number,
  property: fc.IAsyncPropertyWithHooks<T>,
  numRuns: number,
  timeLimitMs?: number,
): Promise<void> {
  const seed = seedFor(baseSeed, name);
  // A time limit ends the method's run early (not a failure), so a slow machine still finishes in time.
  const limit = timeLimitMs ? { interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false } : {};
  const details = await fc.check(property, { seed, numRuns, endOnFailure: true, ...limit });
  if (!details.failed) return;
  const replay = `FUZZ_SEED=${baseSeed} FUZZ_ONLY=${name} npx vitest run ${file}`;
  const cause = details.errorInstance;
  const message = cause instanceof Error ? cause.message : String(cause);
  console.error(`FUZZ-FAILURE ${JSON.stringify({ name, baseSeed, seed, path: details.counterexamplePath, replay })}`);
  throw new Error(`${name}: ${message.slice(0, 2000)}\ncase: ${preview(details.counterexample)}\nreplay: ${replay}`, { cause });
}

/**
 * JSON text of a value however deeply it nests (JSON.stringify recurses and gives up near 5,000
 * levels; a hostile body need not). undefined, functions and symbols are left out as JSON.stringify does.
 */
export function toJsonText(value: unknown): string {
  const out: string[] = [];
  type Frame = { kind: 'value'; v: unknown } | { kind: 'text'; t: string };
  const stack: Frame[] = [{ kind: 'value', v: value }];
  const skip = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  while (stack.length > 0) {
    const f = stack.pop() as Frame;
    if (f.kind === 'text') {
      out.push(f.t);
      continue;
    }
    const v = f.v;
    if (v === null || typeof v !== 'object') {
      out.push(skip(v) ? 'null' : typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? 'null'));
      continue;
    }
    const frames: Frame[] = [];
    if (Array.isArray(v)) {
      frames.push({ kind: 'text', t: '[' });
      v.forEach((item, i) => {
        if (i > 0) frames.push({ kind: 'text', t: ',' });
        frames.push({ kind: 'value', v: skip(item) ? null : item });
      });
      frames.push({ kind: 'text', t: ']' });
    } else {
      frames.push({ kind: 'text', t: '{' });
      Object.entries(v)
        .filter(([, item]) => !skip(item))
        .forEach(([k, item], i) => {
          frames.push({ kind: 'text', t: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` });
          frames.push({ kind: 'value', v: item });
        });
      frames.push({ kind: 'text', t: '}' });
    }
    for (let i = frames.length - 1; i >= 0; i--) stack.push(frames[i] as Frame);
  }
  return out.join('');
}
