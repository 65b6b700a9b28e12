/**
 * Freezes a value all the way down, so a published default or a cached template shared by every caller
 * cannot be changed by one of them. Already frozen parts are skipped (shared subtrees, cycles).
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
