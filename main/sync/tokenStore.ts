// Where the device's credentials live: its token and head office's pinned key (null when enrolled over
// loopback HTTP). Electron keeps them encrypted with safeStorage (main/app supplies that store); the
// dev-web host and tests use this file, readable only by the owner.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { certificatePin } from '../../shared/sync/transportSecurity';

export interface DeviceCredentials {
  token: string;
  /** SHA-256 of head office's SubjectPublicKeyInfo, checked on every TLS connection (shared/sync/transportSecurity.ts). */
  pin: string | null;
}

export interface TokenStore {
  load(): DeviceCredentials | null;
  save(credentials: DeviceCredentials): void;
}

const stored = z.object({ token: z.string().min(1), pin: certificatePin.nullable() }).strict();

/** The stored form; the same for the plain file and the encrypted one. */
export function serializeCredentials(credentials: DeviceCredentials): string {
  return JSON.stringify(stored.parse(credentials));
}

/** Reads the stored form back; a bare token is a device enrolled before pins were kept (no pin). */
export function parseCredentials(text: string): DeviceCredentials | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!trimmed.startsWith('{')) return { token: trimmed, pin: null };
  const parsed = stored.safeParse(JSON.parse(trimmed));
  if (!parsed.success) throw new Error(`the stored device credentials are damaged: ${parsed.error.message}`);
  return parsed.data;
}

export function fileTokenStore(dataDir: string, fileName = 'device-token'): TokenStore {
  const file = path.join(dataDir, fileName);
  return {
    load: () => (fs.existsSync(file) ? parseCredentials(fs.readFileSync(file, 'utf8')) : null),
    save: (credentials) => {
      fs.mkdirSync(dataDir, { recursive: true });
      // Written beside and renamed over: a crash mid-write (a rotated token) never leaves half a file.
      const temp = `${file}.tmp`;
      fs.writeFileSync(temp, serializeCredentials(credentials), { mode: 0o600 });
      fs.renameSync(temp, file);
    },
  };
}
