// The row id of a published template, policy or model version: a name-based UUID (v5) of its table,
// code and version, so the same version has the same id on every head-office database and in a
// workstation's demo book. Head office's server/import/stableId.ts makes the same ids (same
// namespace and name; test/unit/forms/publishedId.test.ts holds the two together).
import { v5 as uuidv5 } from 'uuid';

const PUBLISHED_ID_NAMESPACE = '6f1c9a52-3b7e-4d0a-9c41-2e8d5b7a10f3';

export function publishedRowId(table: 'form_templates' | 'policies' | 'models', code: string, version: number): string {
  return uuidv5(`${table}:${code}@${version}`, PUBLISHED_ID_NAMESPACE);
}

/** branch_id of global rows (templates, policies, models): head office, not a branch. */
export const GLOBAL_BRANCH_ID = 'HQ';
