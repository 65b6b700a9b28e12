import type { ReadHandle, WriteHandle } from '../store';
import { prepared } from '../prepared';

export interface UserRecord {
  id: string;
  branchId: string;
  username: string;
  displayName: string;
  roles: string[];
  passwordHash: string;
  /** The signing key sealed under the password (shared/auth/signing.ts); null for a user made before keys. */
  signingKeySealed: string | null;
  active: boolean;
  branchName: string;
  branchNameEn: string;
}

export function findUserByUsername(h: ReadHandle | WriteHandle, username: string): UserRecord | undefined {
  const row = prepared(h.sql,
      `SELECT u.id, u.branch_id AS branchId, u.username, u.display_name AS displayName, u.roles,
              u.password_hash AS passwordHash, u.signing_key_sealed AS signingKeySealed, u.active,
              b.name_zh AS branchName, b.name_en AS branchNameEn
         FROM users u LEFT JOIN branches b ON b.id = u.branch_id
        WHERE u.username = ? AND u.deleted_at IS NULL`,
    )
    .get(username) as (Omit<UserRecord, 'roles' | 'active'> & { roles: string; active: number }) | undefined;
  if (!row) return undefined;
  return { ...row, roles: JSON.parse(row.roles) as string[], active: row.active === 1, branchName: row.branchName ?? '', branchNameEn: row.branchNameEn ?? '' };
}

export interface SignInAttemptState {
  failedCount: number;
  lockedUntil: string | null;
}

export function getSignInAttempts(h: ReadHandle | WriteHandle, username: string): SignInAttemptState {
  const row = prepared(h.sql, 'SELECT failed_count AS failedCount, locked_until AS lockedUntil FROM sign_in_attempts WHERE username = ?')
    .get(username) as SignInAttemptState | undefined;
  return row ?? { failedCount: 0, lockedUntil: null };
}

export function setSignInAttempts(w: WriteHandle, username: string, s: SignInAttemptState): void {
  prepared(w.sql,
      `INSERT INTO sign_in_attempts (username, failed_count, locked_until) VALUES (?, ?, ?)
       ON CONFLICT(username) DO UPDATE SET failed_count = excluded.failed_count, locked_until = excluded.locked_until`,
    )
    .run(username, s.failedCount, s.lockedUntil);
}

export function countRows(h: ReadHandle | WriteHandle, table: 'loans' | 'users'): number {
  return (prepared(h.sql, `SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function userDisplayNames(h: ReadHandle | WriteHandle): Map<string, string> {
  const rows = prepared(h.sql, 'SELECT id, display_name AS name FROM users').all() as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function userDisplayName(h: ReadHandle | WriteHandle, userId: string): string | null {
  const row = prepared(h.sql, 'SELECT display_name AS name FROM users WHERE id = ?').get(userId) as { name: string } | undefined;
  return row?.name ?? null;
}
