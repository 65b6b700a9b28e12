// The sync wire protocol between a branch workstation and head office (DESIGN.md §7). One definition,
// used by the server to validate requests and by the client to validate answers.
import { z } from 'zod';
import { signatureText } from '../auth/signing';

export const PROTOCOL_VERSION = 1;
/** Local schema version the client reports (its newest migration index + 1). */
export const MAX_PUSH_BATCH = 500;
/** Pull pages are capped by bytes so a slow link never has to carry a huge answer. */
export const DEFAULT_PULL_PAGE_BYTES = 2 * 1024 * 1024;
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export const scopeName = z.string().regex(/^(global|branch:[A-Za-z0-9_-]{1,64})$/);
export type ScopeName = z.infer<typeof scopeName>;

export const enrollRequest = z
  .object({ code: z.string().trim().min(6).max(64), deviceName: z.string().trim().min(1).max(100) })
  .strict();
/** 32 random bytes, base64url (server/auth.ts newDeviceToken). */
const deviceToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** 401 code of a device token past its lifetime: the device has to be enrolled again. */
export const TOKEN_EXPIRED = 'token_expired';

export const enrollResponse = z.object({
  deviceId: z.string(),
  deviceToken,
  branchId: z.string(),
  serverTime: z.string(),
});

export const helloRequest = z
  .object({
    protocolVersion: z.number().int(),
    appVersion: z.string().max(32),
    schemaVersion: z.number().int().min(0),
    clientId: z.string().min(1).max(64),
    deviceTime: z.string().max(40),
  })
  .strict();
export const helloResponse = z.object({
  serverTime: z.string(),
  deviceId: z.string(),
  branchId: z.string(),
  /** The scopes this device may pull, with each scope's epoch (a new epoch means: reset). */
  scopes: z.array(z.object({ scope: scopeName, epoch: z.string(), version: z.number().int() })),
  /** Pull is refused below this schema version; push is always accepted so queued work is never stranded. */
  minSchemaVersion: z.number().int(),
  upgradeRequired: z.boolean(),
  /**
   * A new device token when the one this hello used is due for replacement (server/deviceTokens.ts):
   * the client saves it before its next request. The old one works until the new one is first used.
   */
  rotatedToken: z.object({ token: deviceToken, expiresAt: z.string() }).optional(),
});
export type HelloResponse = z.infer<typeof helloResponse>;

export const pushMutation = z
  .object({
    seq: z.number().int().positive(),
    mutationId: z.string().min(1).max(64),
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9.]*@\d+$/).max(80),
    args: z.unknown(),
    baseVersions: z.record(z.string(), z.number().int().min(0)),
    userId: z.string().min(1).max(64),
    deviceTime: z.string().max(40),
    /** The user's Ed25519 signature over signedText of this change (shared/auth/signing.ts). */
    signature: signatureText.nullable().optional(),
    /** The branch's audit chain head after this change's entry, covered by the signature; head office keeps it. */
    auditHead: z.object({ seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict().optional(),
  })
  .strict();
export type PushMutation = z.infer<typeof pushMutation>;

export const pushRequest = z
  .object({ clientId: z.string().min(1).max(64), mutations: z.array(pushMutation).min(1).max(MAX_PUSH_BATCH) })
  .strict();
export type PushRequest = z.infer<typeof pushRequest>;

const MUTATION_OUTCOMES = ['applied', 'duplicate', 'rejected', 'conflict'] as const;

export const pushResult = z.object({
  seq: z.number().int(),
  mutationId: z.string(),
  status: z.enum(MUTATION_OUTCOMES),
  /** Why it was rejected or conflicted, as a code and words a person can read. */
  reason: z.object({ code: z.string(), message: z.string() }).optional(),
  /** For a duplicate: the status it got the first time. */
  originalStatus: z.enum(['applied', 'rejected', 'conflict']).optional(),
});
export type PushResult = z.infer<typeof pushResult>;

export const pushResponse = z.object({
  results: z.array(pushResult),
  /** Set when a transient failure stopped the batch: mutations from this seq on were not processed. */
  retryFromSeq: z.number().int().nullable(),
  lastMutationSeq: z.number().int(),
});
export type PushResponse = z.infer<typeof pushResponse>;

export const pullRequest = z
  .object({
    scope: scopeName,
    epoch: z.string().max(64).nullable(),
    cursor: z.number().int().min(0),
    maxBytes: z.number().int().min(16 * 1024).max(16 * 1024 * 1024).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof pullRequest>;

export const changeEntry = z.object({
  table: z.string(),
  id: z.string(),
  op: z.enum(['upsert', 'remove']),
  version: z.number().int(),
  /** The whole row (snake_case columns) for an upsert; absent for a remove (left the scope). */
  row: z.record(z.string(), z.unknown()).nullable(),
});
export type ChangeEntry = z.infer<typeof changeEntry>;

export const pullResponse = z.object({
  scope: scopeName,
  epoch: z.string(),
  /** True when the client's epoch is unknown or its cursor too old: drop the scope's rows and start at 0. */
  reset: z.boolean(),
  fromVersion: z.number().int(),
  toVersion: z.number().int(),
  hasMore: z.boolean(),
  changes: z.array(changeEntry),
  count: z.number().int(),
  /** sha256 hex of canonicalJson(changes): the client re-fetches the scope if it does not match. */
  checksum: z.string(),
  /**
   * On the last page (hasMore false): the XOR of the hashes of every row of the scope at toVersion's
   * snapshot (shared/sync/rowHash.ts), 16 hex digits. The client compares its own copy's sum with it
   * and re-pulls the scope when they differ. Null on earlier pages and from older head offices.
   */
  rowSum: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .nullable()
    .optional(),
});
export type PullResponse = z.infer<typeof pullResponse>;

export function branchScope(branchId: string): ScopeName {
  return `branch:${branchId}`;
}

/** A supervisor's view of the branch's refused work as head office recorded it, from every device. */
export const branchIssuesRequest = z.object({ limit: z.number().int().min(1).max(500).default(200) }).strict();
export const branchIssuesResponse = z.object({
  issues: z.array(
    z.object({
      mutationId: z.string(),
      name: z.string(),
      userId: z.string(),
      deviceName: z.string(),
      status: z.enum(['rejected', 'conflict']),
      reason: z.object({ code: z.string(), message: z.string() }).nullable(),
      receivedAt: z.string(),
      args: z.unknown(),
    }),
  ),
});
export type BranchIssuesResponse = z.infer<typeof branchIssuesResponse>;

/** At most this many audit chain heads are compared in one verification. */
export const AUDIT_HEADS_MAX = 1000;
const auditSeq = z.number().int().positive();

export const auditHeadsRequest = z.object({ clientId: z.string().min(1).max(64) }).strict();
export const auditHeadsResponse = z.object({ seqs: z.array(auditSeq).max(AUDIT_HEADS_MAX) });
export type AuditHeadsResponse = z.infer<typeof auditHeadsResponse>;

/** The branch's chain hash at each seq head office asked for; null where the branch has no such entry. */
export const auditVerifyRequest = z
  .object({
    clientId: z.string().min(1).max(64),
    heads: z.array(z.object({ seq: auditSeq, hash: z.string().regex(/^[0-9a-f]{64}$/).nullable() }).strict()).max(AUDIT_HEADS_MAX),
  })
  .strict();
export type AuditVerifyRequest = z.infer<typeof auditVerifyRequest>;
export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int().min(0),
  mismatched: z.array(auditSeq),
  missing: z.array(auditSeq),
});
export type AuditVerifyResponse = z.infer<typeof auditVerifyResponse>;
