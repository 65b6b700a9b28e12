// The data key sealed by the OS keystore through Electron's safeStorage (DPAPI, Keychain, libsecret or
// KWallet). On Linux without a secret service Chromium falls back to "basic_text", which protects
// nothing; the workstation refuses to run on it unless the administrator accepts it with a marker file.
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { KeyProtector } from '../services/dataKey';
import { startupMessage } from '../../shared/i18n/startup';

const ACCEPT_PLAIN_KEYSTORE_FILE = 'accept-basic-text-keystore';

export class KeystoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeystoreRefusedError';
  }
}

export function osKeystoreProtector(dataDir: string): KeyProtector {
  if (!safeStorage.isEncryptionAvailable()) throw new KeystoreRefusedError(startupMessage('keystoreUnavailable'));
  const marker = path.join(dataDir, ACCEPT_PLAIN_KEYSTORE_FILE);
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' && !fs.existsSync(marker)) {
    throw new KeystoreRefusedError(startupMessage('keystorePlainText', { path: marker }));
  }
  return {
    kind: 'os-keystore',
    // safeStorage takes strings: the key travels as base64 text.
    seal: (key) => safeStorage.encryptString(key.toString('base64')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
