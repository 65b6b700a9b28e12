// Electron entry: lifecycle, the window, security settings and the ONE ipc channel. Everything else
// lives in services, which do not know Electron exists.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY, isAllowedExternalUrl } from '../../shared/security';
import { DatabaseKeyError, MigrationFailedError } from '../../db/local/store';
import { APP_NAME } from '../../shared/i18n/app';
import { startupMessage } from '../../shared/i18n/startup';
import { pick } from '../../shared/i18n/text';
import { DataKeyError } from '../services/dataKey';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import { openWorkstation } from '../services/bootstrap';
import { SyncController } from '../sync/controller';
import { safeStorageTokenStore } from './tokenStore';
import { KeystoreRefusedError, osKeystoreProtector } from './keystore';
import { createIpcApiHandler } from '../api/ipcHandler';

const RENDERER_URL = process.env['ELECTRON_RENDERER_URL'];
const RENDERER_FILE = path.join(__dirname, '../renderer/index.html');

function isAppUrl(url: string): boolean {
  if (RENDERER_URL) return url.startsWith(RENDERER_URL);
  return url.startsWith('file://') && decodeURIComponent(new URL(url).pathname) === RENDERER_FILE;
}

function migrationsFolder(): string {
  return app.isPackaged
    ? path.join(process.resourcesPath, 'migrations')
    : path.join(app.getAppPath(), 'db', 'local', 'migrations');
}

function registerApi(dispatch: Dispatch): void {
  const handler = createIpcApiHandler(dispatch, isAppUrl);
  ipcMain.handle('api', (event, name: unknown, input: unknown, locale: unknown) => handler(event, name, input, locale));
}

function hardenSecurity(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    // Neither a navigation nor a server redirect may take the window away from the app.
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK — only the https sites listed in shared/security.ts reach here
      return { action: 'deny' };
    });
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    // Shown until the page's own <title> (also Chinese, renderer/index.html) takes over.
    title: pick(APP_NAME, 'zh-CN'),
    webPreferences: {
      // The preload (main/app/preload.ts) exposes one function, invoke, through contextBridge; no Node API reaches the page.
      preload: path.join(__dirname, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK — reviewed: one contextBridge function
      // Middle-click would open links in a new window, which bypasses the window-open handler's checks.
      disableBlinkFeatures: 'Auxclick',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  if (RENDERER_URL) void win.loadURL(RENDERER_URL);
  else void win.loadFile(RENDERER_FILE);
}

async function start(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(null);
  hardenSecurity();
  let ws;
  try {
    // Migrations run before any window shows; a failure keeps a backup and tells the user.
    const dataDir = app.getPath('userData');
    ws = openWorkstation({ dataDir, keyProtector: osKeystoreProtector(dataDir), migrationsFolder: migrationsFolder() });
  } catch (err) {
    dialog.showErrorBox(startupMessage('title'), startupFailure(err));
    app.quit();
    return;
  }
  const sync = new SyncController({
    store: ws.store,
    tokens: safeStorageTokenStore(app.getPath('userData')),
    clientId: ws.clientId,
    appVersion: app.getVersion(),
  });
  sync.start();
  registerApi(createDispatcher({ store: ws.store, deviceId: ws.deviceId, clientId: ws.clientId, sync }));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    void sync.stop().then(() => {
      ws.store.close();
      app.quit();
    });
  });
}

function startupFailure(err: unknown): string {
  if (err instanceof MigrationFailedError) return startupMessage('migrationFailed', { path: err.backupPath });
  if (err instanceof DatabaseKeyError || err instanceof DataKeyError) return startupMessage('databaseKey', { detail: err.message });
  if (err instanceof KeystoreRefusedError) return err.message;
  return String(err);
}

void start();
