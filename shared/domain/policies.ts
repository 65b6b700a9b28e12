/**
 * Every published policy kind, its one schema, and how a branch's value is chosen from the published
 * versions (DESIGN.md §5: policies are reference data from head office).
 *
 * A policy row is (code = kind, version, body, effective_from). The value a branch works with is the
 * newest version already in effect (effective_from on or before the branch's business date) whose body
 * passes the kind's schema; a newer one that fails is skipped and reported, so a bad row never stops a
 * branch and someone is told. With nothing published the schema's defaults apply: the defaults of
 * DOMAIN.md live in the schemas and nowhere else.
 *
 * The branch and head office resolve with this same function (the loaders only fetch rows), so both
 * judge a mutation by the same numbers.
 */
import { inspectionPolicySchema, type InspectionPolicy } from './inspectionPlan';
import { z } from 'zod';
import { contactPolicies, contactPolicySchema, type ContactPolicy } from './contactPolicy';
import { ddPolicy, type DdPolicy } from './ddPolicy';
import { escalationPolicySchema, type EscalationPolicy } from './escalation';
import { penaltyPolicySchema, type PenaltyPolicy } from './penaltyInterest';
import { priorityPolicySchema, type PriorityPolicy } from './collectionPriority';
import { promisePolicySchema, type PromisePolicy } from './promiseToPay';
import { securityPolicy, type SecurityPolicy } from './securityPolicy';
import { todayInTimeZone } from './dates';

/** The facts of a branch that policies depend on (its `branches` row). */
export interface BranchFacts {
  readonly id: string;
  readonly code: string;
  /** IANA zone of the branch: its business dates, and the wall clock contact hours are judged on. */
  readonly timeZone: string;
}

const BUILT_IN_PROFILES: Readonly<Record<string, ContactPolicy>> = contactPolicies;
const profileName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, { error: 'a profile name: letters, digits and _' });
/** A profile's hours are judged on its branch's clock, so a profile carries no zone of its own. */
const contactProfile = contactPolicySchema.omit({ timeZone: true, id: true });

/**
 * The contact rules as published: named profiles (the built-in CN and US_REGF, which a body may
 * redefine, and any others) and which one each branch (by code) follows.
 */
export const contactPolicyBody = z
  .object({
    defaultProfile: profileName.default('CN'),
    profiles: z.record(profileName, contactProfile).default({}),
    branches: z.record(z.string().min(1).max(32), profileName).default({}),
  })
  .superRefine((body, ctx) => {
    const known = (name: string) => Object.hasOwn(body.profiles, name) || Object.hasOwn(BUILT_IN_PROFILES, name);
    if (!known(body.defaultProfile)) ctx.addIssue({ code: 'custom', path: ['defaultProfile'], message: `unknown contact profile ${body.defaultProfile}` });
    for (const [branch, name] of Object.entries(body.branches)) {
      if (!known(name)) ctx.addIssue({ code: 'custom', path: ['branches', branch], message: `unknown contact profile ${name}` });
    }
  });
export type ContactPolicyBody = z.infer<typeof contactPolicyBody>;

function contactFor(body: ContactPolicyBody, branch: BranchFacts): ContactPolicy {
  const name = Object.hasOwn(body.branches, branch.code) ? (body.branches[branch.code] as string) : body.defaultProfile;
  const published = Object.hasOwn(body.profiles, name) ? body.profiles[name] : undefined;
  if (published) return contactPolicySchema.parse({ ...published, id: name, timeZone: branch.timeZone });
  return { ...(BUILT_IN_PROFILES[name] as ContactPolicy), timeZone: branch.timeZone };
}

/** What a branch works with, per kind. */
export interface PolicyValues {
  security: SecurityPolicy;
  dd: DdPolicy;
  contact: ContactPolicy;
  escalation: EscalationPolicy;
  promise: PromisePolicy;
  penalty: PenaltyPolicy;
  priority: PriorityPolicy;
  inspection: InspectionPolicy;
}
export type PolicyKind = keyof PolicyValues;
export type PolicyValue<K extends PolicyKind> = PolicyValues[K];

interface KindDef<V> {
  /** The published body's schema (its defaults are DOMAIN.md's). */
  readonly body: z.ZodType;
  readonly resolve: (body: never, branch: BranchFacts) => V;
}
const asIs = <V>(body: V): V => body;

/** Kind -> the schema of its published body and the value a branch gets from it. */
const POLICY_KINDS: { readonly [K in PolicyKind]: KindDef<PolicyValues[K]> } = {
  security: { body: securityPolicy, resolve: asIs<SecurityPolicy> },
  dd: { body: ddPolicy, resolve: asIs<DdPolicy> },
  contact: { body: contactPolicyBody, resolve: contactFor },
  escalation: { body: escalationPolicySchema, resolve: asIs<EscalationPolicy> },
  promise: { body: promisePolicySchema, resolve: asIs<PromisePolicy> },
  penalty: { body: penaltyPolicySchema, resolve: asIs<PenaltyPolicy> },
  priority: { body: priorityPolicySchema, resolve: asIs<PriorityPolicy> },
  inspection: { body: inspectionPolicySchema, resolve: asIs<InspectionPolicy> },
};

export const POLICY_KIND_NAMES = Object.keys(POLICY_KINDS) as PolicyKind[];

export function isPolicyKind(code: string): code is PolicyKind {
  return Object.hasOwn(POLICY_KINDS, code);
}

/** A published version as stored: body already JSON-decoded. */
export interface PublishedPolicy {
  readonly version: number;
  readonly body: unknown;
  readonly effectiveFrom: string | null;
}

export interface PolicyProblem {
  readonly kind: PolicyKind;
  readonly version: number;
  readonly message: string;
}

export interface ResolvedPolicy<K extends PolicyKind> {
  readonly value: PolicyValue<K>;
  /** The version in use; null when nothing valid is published (the defaults apply). */
  readonly version: number | null;
  /** Versions newer than the one in use that are in effect but fail the schema. */
  readonly problems: readonly PolicyProblem[];
}

/** Whether a body is a valid `kind` policy: the check head office makes before publishing. */
export function checkPolicyBody(kind: PolicyKind, body: unknown): { ok: true } | { ok: false; message: string } {
  const schema = POLICY_KINDS[kind].body;
  const parsed = (schema instanceof z.ZodObject ? schema.strict() : schema).safeParse(body);
  if (parsed.success) return { ok: true };
  return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') };
}

/**
 * The value of `kind` for `branch` on `asOf` (an instant: the business date is taken in the branch's
 * zone) from its published versions in any order.
 */
export function resolvePolicy<K extends PolicyKind>(
  kind: K,
  published: readonly PublishedPolicy[],
  branch: BranchFacts,
  asOf: Date,
): ResolvedPolicy<K> {
  const def = POLICY_KINDS[kind];
  const today = todayInTimeZone(asOf, branch.timeZone);
  const inEffect = published.filter((p) => p.effectiveFrom === null || p.effectiveFrom <= today).sort((a, b) => b.version - a.version);
  const problems: PolicyProblem[] = [];
  const resolve = def.resolve as (body: unknown, branch: BranchFacts) => PolicyValue<K>;
  for (const p of inEffect) {
    const parsed = def.body.safeParse(p.body);
    if (parsed.success) return { value: resolve(parsed.data, branch), version: p.version, problems };
    problems.push({ kind, version: p.version, message: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') });
  }
  return { value: resolve(def.body.parse({}), branch), version: null, problems };
}
