// The device token encrypted with the OS keychain through Electron's safeStorage.
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { TokenStore } from '../sync/tokenStore';

export function safeStorageTokenStore(dataDir: string): TokenStore {
  const file = path.join(dataDir, 'device-token.enc');
  return {
    load: () => (fs.existsSync(file) ? safeStorage.decryptString(fs.readFileSync(file)) : null),
    save: (token) => {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('OS encryption is not available to keep the device token');
      fs.writeFileSync(file, safeStorage.encryptString(token), { mode: 0o600 });
    },
  };
}
