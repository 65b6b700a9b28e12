// Head-office settings that are code, not environment: the protocol floor and defaults for the CLI.

/** Pull is refused (upgradeRequired) below this client schema version; push is always accepted. */
export const MIN_SCHEMA_VERSION = 1;

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = './.data/headoffice';
export const DEFAULT_ENROLL_TTL_HOURS = 24;

/** How long device tokens live and when they are replaced (server/deviceTokens.ts). */
export interface DeviceTokenPolicy {
  /** A token is refused (401 token_expired) this long after it was issued: the device must enroll again. */
  lifetimeMs: number;
  /** Hello hands out a new token once the current one is this old, so a device that syncs never reaches the lifetime. */
  rotateAfterMs: number;
  /** The replaced token still works this long after the new one is first used (requests already under way, e.g. an upload). */
  graceMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// 90 days covers a branch PC left off over a long holiday; weekly rotation keeps a copied token useful
// for a week at most once the device has moved on; 10 minutes outlasts any request's watchdog (2 min).
export const DEVICE_TOKEN_POLICY: DeviceTokenPolicy = { lifetimeMs: 90 * DAY_MS, rotateAfterMs: 7 * DAY_MS, graceMs: 10 * 60 * 1000 };
