// Where the device token lives. Electron keeps it encrypted with safeStorage (main/app supplies that
// store); the dev-web host and tests use this file, readable only by the owner.
import fs from 'node:fs';
import path from 'node:path';

export interface TokenStore {
  load(): string | null;
  save(token: string): void;
}

export function fileTokenStore(dataDir: string, fileName = 'device-token'): TokenStore {
  const file = path.join(dataDir, fileName);
  return {
    load: () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() || null : null),
    save: (token) => {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(file, token, { mode: 0o600 });
    },
  };
}
