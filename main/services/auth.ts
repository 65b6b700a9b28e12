// Sign-in against the locally cached scrypt hash, so it works with no network. Lockout after too many
// failures and the idle lock follow the security policy.
import type { InputOf, OutputOf } from '../../shared/api/contract';
import type { SessionUser } from '../../shared/api/schemas';
import { ROLES, type Role } from '../../shared/auth/roles';
import { instantText } from '../../shared/domain/dates';
import type { SecurityPolicy } from '../../shared/domain/securityPolicy';
import {
  findUserByUsername,
  getSignInAttempts,
  setSignInAttempts,
  type UserRecord,
} from '../../db/local/queries/users';
import type { ServiceContext } from './context';
import { ServiceError } from './errors';
import { verifyPassword } from './passwords';
import { openSigningKey } from './signing';
import { branchTimeZone, policyOf } from './policies';


function toSessionUser(u: UserRecord): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    branchId: u.branchId,
    branchName: u.branchName,
    branchNameEn: u.branchNameEn,
  };
}

function formatLocalTime(iso: string, ctx: ServiceContext): string {
  return instantText(iso, branchTimeZone(ctx));
}

type CredentialCheck =
  | { ok: true; user: SessionUser; policy: SecurityPolicy; sealedKey: string | null }
  | { ok: false; lockedUntil: string }
  | { ok: false; remaining: number };

/** Checks a password and records the attempt (committed even when it fails, so lockout counts). */
function checkCredentials(ctx: ServiceContext, username: string, password: string): CredentialCheck {
  const policy = policyOf(ctx, 'security');
  const now = ctx.clock();
  return ctx.store.transaction((w): CredentialCheck => {
    const attempts = getSignInAttempts(w, username);
    if (attempts.lockedUntil && new Date(attempts.lockedUntil) > now) return { ok: false, lockedUntil: attempts.lockedUntil };
    const user = findUserByUsername(w, username);
    // Same answer for an unknown user and a wrong password, so usernames cannot be probed.
    if (!user || !user.active || !verifyPassword(password, user.passwordHash)) {
      const failedCount = (attempts.lockedUntil ? 0 : attempts.failedCount) + 1;
      if (failedCount >= policy.maxFailedSignIns) {
        const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
        setSignInAttempts(w, username, { failedCount: 0, lockedUntil });
        return { ok: false, lockedUntil };
      }
      setSignInAttempts(w, username, { failedCount, lockedUntil: null });
      return { ok: false, remaining: policy.maxFailedSignIns - failedCount };
    }
    setSignInAttempts(w, username, { failedCount: 0, lockedUntil: null });
    return { ok: true, user: toSessionUser(user), policy, sealedKey: user.signingKeySealed };
  });
}

function credentialError(ctx: ServiceContext, check: Exclude<CredentialCheck, { ok: true }>): ServiceError {
  return 'lockedUntil' in check
    ? new ServiceError('ACCOUNT_LOCKED', { until: formatLocalTime(check.lockedUntil, ctx) })
    : new ServiceError('BAD_CREDENTIALS', { remaining: check.remaining });
}

export function signIn(ctx: ServiceContext, input: InputOf<'auth.signIn'>): OutputOf<'auth.signIn'> {
  const check = checkCredentials(ctx, input.username, input.password);
  if (!check.ok) throw credentialError(ctx, check);
  // The password opens the user's signing key; head office refuses changes it did not sign.
  const signingKey = openSigningKey(check.sealedKey, input.password);
  ctx.session.set({ user: check.user, lastActivityMs: ctx.clock().getTime(), locked: false, signingKey });
  return { user: check.user, idleLockMinutes: check.policy.idleLockMinutes };
}

export function signOut(ctx: ServiceContext): OutputOf<'auth.signOut'> {
  ctx.session.set(null);
  return { ok: true };
}

export function lock(ctx: ServiceContext): OutputOf<'auth.lock'> {
  const s = ctx.session.get();
  if (!s) throw new ServiceError('UNAUTHENTICATED');
  // The signing key stays: the same user unlocks with the same password, and nothing is signed meanwhile.
  ctx.session.set({ ...s, locked: true });
  return { ok: true };
}

export function me(ctx: ServiceContext): OutputOf<'auth.me'> {
  const s = ctx.session.get();
  const { idleLockMinutes } = policyOf(ctx, 'security');
  return { user: s?.user ?? null, locked: s?.locked ?? false, idleLockMinutes };
}

export function unlock(ctx: ServiceContext, input: InputOf<'auth.unlock'>): OutputOf<'auth.unlock'> {
  const s = ctx.session.get();
  if (!s) throw new ServiceError('UNAUTHENTICATED');
  const check = checkCredentials(ctx, s.user.username, input.password);
  if (!check.ok) {
    if ('lockedUntil' in check) ctx.session.set(null);
    throw credentialError(ctx, check);
  }
  // Opened again: head office may have reset the password and re-keyed the user since sign-in.
  const signingKey = openSigningKey(check.sealedKey, input.password);
  ctx.session.set({ user: check.user, lastActivityMs: ctx.clock().getTime(), locked: false, signingKey });
  return { user: check.user };
}
