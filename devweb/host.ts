// Dev/test host: serves the built renderer and the SAME API dispatcher over loopback HTTP, on a real
// SQLite file. Never part of the packaged app. Binds 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLocale } from '../shared/api/envelope';
import { createDispatcher } from '../main/api/dispatcher';
import { openWorkstation } from '../main/services/bootstrap';
import { keyInDataFolder } from '../main/services/dataKey';
import { MigrationFailedError } from '../db/local/store';
import { SessionStore } from '../main/services/session';
import { APP_VERSION } from '../main/services/app';
import { SyncController } from '../main/sync/controller';
import { fileTokenStore } from '../main/sync/tokenStore';
import { CONTENT_SECURITY_POLICY } from '../shared/security';
import { DEV_CONSOLE_TEXT } from '../shared/i18n/devTools';
import { bothLanguages } from '../shared/i18n/text';

// An evidence file of up to 20 MB arrives as base64 inside the JSON body (about 27 MB).
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const COOKIE = 'bcw_session';
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface DevWebOptions {
  port: number;
  dataDir: string;
  staticDir: string;
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    // Declared too large: refused before reading a byte, so the 413 reaches the caller.
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      reject(new BodyTooLarge());
      return;
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(new BodyTooLarge());
        req.pause(); // stop reading; the answer closes the connection
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The session of this browser. Only ids this host issued count: an id someone else chose (a planted
 * cookie) gets a fresh one, and sign-in always moves the session to a new id (no fixation).
 */
function sessionKey(req: http.IncomingMessage, res: http.ServerResponse, sessions: SessionStore): string {
  const match = /(?:^|;\s*)bcw_session=([A-Za-z0-9_-]{20,64})(?:;|$)/.exec(req.headers.cookie ?? '');
  if (match?.[1] && sessions.has(match[1])) return match[1];
  return issueSession(res, sessions);
}

function issueSession(res: http.ServerResponse, sessions: SessionStore): string {
  const key = randomBytes(24).toString('base64url');
  sessions.open(key);
  res.setHeader('Set-Cookie', `${COOKIE}=${key}; HttpOnly; SameSite=Strict; Path=/`);
  return key;
}

/** Only this host's own names: a DNS-rebinding page names its own host, which is refused here. */
function ownHost(value: string | undefined, port: number): boolean {
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startDevWeb(opts: DevWebOptions): Promise<{ server: http.Server; url: string; close(): Promise<void> }> {
  const ws = openWorkstation({ dataDir: opts.dataDir, keyProtector: keyInDataFolder });
  // The dev host keeps the device token in a file; Electron keeps it with safeStorage.
  const sync = new SyncController({
    store: ws.store,
    tokens: fileTokenStore(opts.dataDir),
    clientId: ws.clientId,
    appVersion: APP_VERSION,
  });
  sync.start();
  const dispatch = createDispatcher({ store: ws.store, deviceId: ws.deviceId, clientId: ws.clientId, sync });
  const sessions = new SessionStore();

  let port = opts.port;
  const server = http.createServer((req, res) => {
    void (async () => {
      const origin = req.headers.origin;
      if (!ownHost(req.headers.host, port) || (origin !== undefined && !(origin.startsWith('http://') && ownHost(origin.slice('http://'.length), port)))) {
        return sendJson(res, 403, { error: 'unknown host or origin' });
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return sendJson(res, 400, { error: 'malformed percent-encoding' });
      }
      if (pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
        // JSON content type forces a CORS preflight, so other origins cannot drive the API.
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(res, 415, { error: 'application/json required' });
        }
        let body: unknown;
        try {
          const text = await readBody(req);
          body = text ? JSON.parse(text) : {};
        } catch (err) {
          if (err instanceof BodyTooLarge) res.setHeader('Connection', 'close');
          return sendJson(res, err instanceof BodyTooLarge ? 413 : 400, { error: 'bad body' });
        }
        const locale = isLocale(req.headers['x-locale']) ? req.headers['x-locale'] : 'zh-CN';
        const name = pathname.slice('/api/'.length);
        const key = sessionKey(req, res, sessions);
        const envelope = await dispatch(sessions.slot(key), name, body, locale);
        if (name === 'auth.signIn' && envelope.ok) {
          const signedIn = sessions.slot(key).get();
          sessions.close(key);
          sessions.slot(issueSession(res, sessions)).set(signedIn);
        }
        return sendJson(res, 200, envelope);
      }
      serveStatic(opts.staticDir, pathname, res);
    })().catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          void sync.stop().then(() => {
            ws.store.close();
            resolve();
          });
        });
        server.closeAllConnections();
      }),
  };
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const safe = path.normalize(pathname).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(root, safe);
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    file = path.join(root, 'index.html'); // single-page app: every other path is the app
  }
  if (!fs.existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('renderer not built: run npm run build:web');
    return;
  }
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  });
  fs.createReadStream(file).pipe(res);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const port = Number(process.env['PORT'] ?? 5174);
  const dataDir = path.resolve(process.env['DATA_DIR'] ?? '.data');
  const staticDir = path.resolve(process.env['STATIC_DIR'] ?? 'dist-web');
  startDevWeb({ port, dataDir, staticDir })
    .then(({ url }) => console.log(`Branch Credit Workstation (dev web) on ${url} — data in ${dataDir}`))
    .catch((err: unknown) => {
      if (err instanceof MigrationFailedError) {
        console.error(bothLanguages(DEV_CONSOLE_TEXT.migrationFailed, { path: err.backupPath }, ''));
      } else console.error(err);
      process.exit(1);
    });
}
