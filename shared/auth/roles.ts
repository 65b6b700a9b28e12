export const ROLES = ['officer', 'inspector', 'collector', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who may call an API method: 'public' needs no session; otherwise any of the listed roles. */
export type Access = 'public' | 'signedIn' | readonly Role[];

export const BRANCH_STAFF: readonly Role[] = ['officer', 'inspector', 'collector', 'supervisor', 'admin'];

export function hasAnyRole(userRoles: readonly string[], allowed: readonly Role[]): boolean {
  return allowed.some((r) => userRoles.includes(r));
}
