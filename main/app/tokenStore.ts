// The device's credentials (token and head office's pin) encrypted with the OS keychain through
// Electron's safeStorage.
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { parseCredentials, serializeCredentials, type TokenStore } from '../sync/tokenStore';

export function safeStorageTokenStore(dataDir: string): TokenStore {
  const file = path.join(dataDir, 'device-token.enc');
  return {
    load: () => (fs.existsSync(file) ? parseCredentials(safeStorage.decryptString(fs.readFileSync(file))) : null),
    save: (credentials) => {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('OS encryption is not available to keep the device token');
      // Written beside and renamed over: a crash while saving a rotated token never leaves half a file.
      const temp = `${file}.tmp`;
      fs.writeFileSync(temp, safeStorage.encryptString(serializeCredentials(credentials)), { mode: 0o600 });
      fs.renameSync(temp, file);
    },
  };
}
