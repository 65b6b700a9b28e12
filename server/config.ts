// Head-office settings that are code, not environment: the protocol floor and defaults for the CLI.

/** Pull is refused (upgradeRequired) below this client schema version; push is always accepted. */
export const MIN_SCHEMA_VERSION = 1;

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = './.data/headoffice';
export const DEFAULT_ENROLL_TTL_HOURS = 24;
