// Publishing form templates, policies and scorecard models (DESIGN.md §5, §7): versioned records in
// the `global` scope, which every branch pulls. A published (code, version) never changes: the same
// content again is a no-op, different content under that version is refused (publish a new version).
//
// Global rows still need a branch_id (the column is NOT NULL on every synced table); they carry
// GLOBAL_BRANCH_ID. Their id is name-based on (kind, code, version), so the same version has the same
// id on every head-office database.
import { z } from 'zod';
import { canonicalJson } from '../shared/canonicalJson';
import { HOME_TIME_ZONE, isBusinessDate, todayInTimeZone } from '../shared/domain/dates';
import { checkPolicyBody, contactPolicyBody, isPolicyKind, POLICY_KIND_NAMES } from '../shared/domain/policies';
import { GLOBAL_BRANCH_ID } from '../shared/forms/publishedId';
import { validateTemplateFile } from '../shared/forms/publish';
import { AdminError, SYSTEM_USER } from './admin';
import type { CentralDb, Queryable } from './db';
import { stableId } from './import/stableId';
import { ident } from './sync/rows';
import { insertRecorded } from './sync/versions';

export { GLOBAL_BRANCH_ID };

export const PUBLISH_KINDS = ['template', 'policy', 'model'] as const;
export type PublishKind = (typeof PUBLISH_KINDS)[number];

const TABLE = { template: 'form_templates', policy: 'policies', model: 'models' } as const;

// Objects or arrays only: a bare JSON string would be ambiguous in a jsonb column fed as text.
const jsonDocument = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())], { error: 'must be a JSON object or array' });
const base = {
  code: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, { error: 'must be 1-64 characters: a lower-case letter, then a-z 0-9 _ . -' }),
  version: z.number().int().min(1).max(1_000_000).optional(),
  body: jsonDocument,
};
const INPUT = {
  template: z
    .object({ ...base, title_zh: z.string().trim().min(1).max(200), title_en: z.string().trim().min(1).max(200), applies_to: jsonDocument })
    .strict(),
  policy: z
    .object({ ...base, effective_from: z.string().refine(isBusinessDate, { error: 'must be a real date YYYY-MM-DD' }).optional() })
    .strict(),
  model: z.object(base).strict(),
};


export interface PublishResult {
  kind: PublishKind;
  code: string;
  version: number;
  id: string;
  /** published: a new row went out to the branches; unchanged: that content was already published. */
  status: 'published' | 'unchanged';
}

/** The columns that make up a version's content; what the branch sees apart from bookkeeping. */
function contentOf(kind: PublishKind, input: Record<string, unknown>, effectiveFrom: string | undefined): Record<string, unknown> {
  if (kind === 'template') return { body: input['body'], title_zh: input['title_zh'], title_en: input['title_en'], applies_to: input['applies_to'] };
  if (kind === 'policy') return { body: input['body'], ...(effectiveFrom ? { effective_from: effectiveFrom } : {}) };
  return { body: input['body'] };
}

function sameContent(row: Record<string, unknown>, content: Record<string, unknown>): boolean {
  return Object.entries(content).every(([c, v]) => canonicalJson(row[c]) === canonicalJson(v));
}

/**
 * A policy's code is its kind and its body must pass that kind's schema, the one the branches and head
 * office's own mutations read it with; a contact policy may only name branches head office has.
 */
async function checkPolicy(db: CentralDb, code: string, body: unknown): Promise<void> {
  if (!isPolicyKind(code)) throw new AdminError(`there is no policy kind ${code}; the kinds are ${POLICY_KIND_NAMES.join(', ')}`);
  const check = checkPolicyBody(code, body);
  if (!check.ok) throw new AdminError(`policy ${code} body is not valid: ${check.message}`);
  if (code === 'contact') {
    const named = Object.keys(contactPolicyBody.parse(body).branches);
    const known = new Set((await db.query<{ code: string }>('SELECT code FROM branches WHERE code = ANY($1::text[])', [named])).map((b) => b.code));
    const unknown = named.filter((c) => !known.has(c));
    if (unknown.length > 0) throw new AdminError(`policy contact names branches head office does not have: ${unknown.join(', ')}`);
  }
}

export async function publishVersion(db: CentralDb, kind: PublishKind, raw: unknown, now = new Date()): Promise<PublishResult> {
  const parsed = INPUT[kind].safeParse(raw);
  if (!parsed.success) {
    throw new AdminError(`the ${kind} file is not valid:\n  ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('\n  ')}`);
  }
  const input = parsed.data as Record<string, unknown> & { code: string; version?: number };
  if (kind === 'policy') await checkPolicy(db, input.code, input['body']);
  if (kind === 'template') {
    // The form engine's publish checks: unknown or forward references, cycles in conditions, duplicate keys.
    const check = validateTemplateFile({ ...input, version: input.version ?? 1 });
    if (!check.ok) {
      throw new AdminError(`template ${input.code} is not valid:\n  ${check.problems.map((p) => `${p.path}: ${p.message.en} / ${p.message.zh}`).join('\n  ')}`);
    }
  }
  const table = TABLE[kind];
  const content = contentOf(kind, input, input['effective_from'] as string | undefined);
  return db.transaction(async (tx) => {
    // Two publishers of the same code wait for each other here instead of racing for the next version.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bcw-publish:${table}:${input.code}`]);
    const versions = await tx.query<Record<string, unknown> & { id: string; version: number }>(
      `SELECT * FROM ${ident(table)} WHERE code = $1 ORDER BY version DESC`,
      [input.code],
    );
    const latest = versions[0];
    const result = (version: number, id: string, status: PublishResult['status']): PublishResult => ({ kind, code: input.code, version, id, status });
    if (input.version === undefined) {
      // No version named: the latest already holding this content is a no-op; anything else is the next version.
      if (latest && sameContent(latest, content)) return result(latest.version, latest.id, 'unchanged');
    } else {
      const existing = versions.find((v) => v.version === input.version);
      if (existing) {
        if (sameContent(existing, content)) return result(existing.version, existing.id, 'unchanged');
        throw new AdminError(`${kind} ${input.code}@${input.version} is already published with different content; publish it as a new version`);
      }
      // Branches use the highest version of a code, so a lower one published later would never be used.
      if (latest && input.version < latest.version) {
        throw new AdminError(`${kind} ${input.code} is already at version ${latest.version}; a new version must be higher than that`);
      }
    }
    const version = input.version ?? (latest ? latest.version + 1 : 1);
    const id = stableId(table, `${input.code}@${version}`);
    await insert(tx, kind, { id, code: input.code, version, content, now });
    return result(version, id, 'published');
  });
}

async function insert(
  tx: Queryable,
  kind: PublishKind,
  row: { id: string; code: string; version: number; content: Record<string, unknown>; now: Date },
): Promise<void> {
  const at = row.now.toISOString();
  const values: Record<string, unknown> = { id: row.id, branch_id: GLOBAL_BRANCH_ID, created_at: at, updated_at: at, updated_by: SYSTEM_USER };
  Object.assign(values, { code: row.code, version: row.version }, row.content);
  if (kind === 'template') values['published_at'] = at;
  if (kind === 'policy') values['effective_from'] ??= todayInTimeZone(row.now, HOME_TIME_ZONE);
  // Inserted and logged in one statement, in the global scope every branch pulls.
  await insertRecorded(tx, 'global', TABLE[kind], Object.keys(values), [Object.values(values)]);
}
