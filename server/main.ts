// `npm run server` — serve head office; `npm run server -- <command> [--flags]` — administer it.
// Environment: DATABASE_URL (PostgreSQL; otherwise PGlite in DATA_DIR, default ./.data/headoffice),
// DATABASE_SCHEMA (optional), PORT (8787), HOST (127.0.0.1: not reachable from other machines unless asked),
// TLS_CERT_FILE and TLS_KEY_FILE (PEM; or --tls-cert/--tls-key): HTTPS, required to listen beyond loopback.
import fs from 'node:fs';
import { isBusinessDate } from '../shared/domain/dates';
import { AdminError, createBranch, createEnrollmentCode, createUser, reassignLoan, revokeDevice, setPassword } from './admin';
import { buildServer } from './app';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from './config';
import { openCentralDb, type CentralDb } from './db';
import { seedDemo } from './seedDemo';
import { DEMO_PASSWORD } from '../shared/demo/generate';
import { HEAD_OFFICE_USAGE_EXAMPLES } from '../shared/i18n/server';
import { fill, pick } from '../shared/i18n/text';
import { importDirectory } from './import/importer';
import { formatReport, saveReport } from './import/report';
import { exportSample } from './import/sampleCsv';
import { PUBLISH_KINDS, publishVersion, type PublishKind } from './publish';
import { certificatePinOf, certificatePinOfFile, checkListenSecurity, loadServerTls, TlsConfigError, type ServerTls } from './tls';

const USAGE = fill(
  `usage: npm run server [-- --tls-cert <pem> --tls-key <pem>]   serve head office (HTTPS with a certificate)
       npm run server -- create-branch --code B001 --name-zh {branchNameZh} --name-en "{branchNameEn}" [--time-zone Asia/Shanghai] [--phone "0571-8760 1001"] [--address "..."]
       npm run server -- create-user --branch B001 --username u --display-name {displayName} --roles officer,supervisor --password ...
       npm run server -- set-password --username u --password ...   a reset: new signing key, the old one refused
       npm run server -- enroll-code --branch B001 [--ttl-hours 24] [--tls-cert <pem>]   the code, and head office's pin
       npm run server -- revoke-device --device <id>
       npm run server -- reassign-loan --loan <id> [--officer <userId>] [--collector <userId>]
       npm run server -- seed-demo [--loans N] [--seed S] [--as-of YYYY-MM-DD]
       npm run server -- import --dir <folder> [--dry-run]         customers/loans/installments/payments.csv (db/seeds/README.md)
       npm run server -- export-sample --dir db/seeds/sample [--loans 200] [--seed S] [--as-of YYYY-MM-DD]
       npm run server -- publish --kind template|policy|model --file <json>`,
  {
    branchNameZh: pick(HEAD_OFFICE_USAGE_EXAMPLES.branchName, 'zh-CN'),
    branchNameEn: pick(HEAD_OFFICE_USAGE_EXAMPLES.branchName, 'en'),
    displayName: pick(HEAD_OFFICE_USAGE_EXAMPLES.displayName, 'zh-CN'),
  },
);

class UsageError extends Error {}

type Flags = Map<string, string>;

/** Options that take no value (`--dry-run`); present means 'true'. */
const SWITCHES = ['dry-run'];

function parseFlags(argv: readonly string[], allowed: readonly string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (!flag.startsWith('--') || !allowed.includes(flag.slice(2))) throw new UsageError(`unknown option ${flag}`);
    if (SWITCHES.includes(flag.slice(2))) {
      flags.set(flag.slice(2), 'true');
      i--;
      continue;
    }
    if (value === undefined || value.startsWith('--')) throw new UsageError(`missing value for ${flag}`);
    flags.set(flag.slice(2), value);
  }
  return flags;
}

function need(flags: Flags, name: string): string {
  const value = flags.get(name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function wholeNumber(flags: Flags, name: string): number | undefined {
  const raw = flags.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got ${raw}`);
  return n;
}

function openFromEnv(): Promise<CentralDb> {
  const databaseUrl = process.env['DATABASE_URL'] || undefined;
  return openCentralDb({
    databaseUrl,
    dataDir: databaseUrl ? undefined : (process.env['DATA_DIR'] ?? DEFAULT_DATA_DIR),
    schema: process.env['DATABASE_SCHEMA'] || undefined,
  });
}

/** The certificate file from --tls-cert or TLS_CERT_FILE, if any. */
function certFileOf(flags: Flags): string | undefined {
  return flags.get('tls-cert') ?? (process.env['TLS_CERT_FILE'] || undefined);
}

/** Certificate and key from the flags or the environment: both or neither. */
function tlsOf(flags: Flags): ServerTls | null {
  const cert = certFileOf(flags);
  const key = flags.get('tls-key') ?? (process.env['TLS_KEY_FILE'] || undefined);
  if (!cert && !key) return null;
  if (!cert || !key) throw new UsageError('give both a TLS certificate and its key (--tls-cert and --tls-key, or TLS_CERT_FILE and TLS_KEY_FILE)');
  return loadServerTls(cert, key);
}

async function serve(flags: Flags): Promise<void> {
  const port = Number(process.env['PORT'] ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`PORT must be a port number, got ${process.env['PORT']}`);
  const host = process.env['HOST'] || DEFAULT_HOST;
  const tls = tlsOf(flags);
  checkListenSecurity(host, tls); // before the database opens: a refused start changes nothing
  const db = await openFromEnv();
  const app = buildServer({ db, logger: true, tls });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down: no new requests, finishing the ones in flight');
    // Never hang for ever on a stuck client; in-flight transactions get this long to commit.
    const deadline = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    deadline.unref();
    void (async () => {
      try {
        await app.close(); // stops listening, waits for in-flight requests
        await db.close(); // PGlite: after queued transactions; pg: after checked-out clients return
        process.exit(0);
      } catch (err) {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await app.listen({ port, host });
  app.log.info({ backend: db.kind, tls: tls !== null, ...(tls ? { pin: certificatePinOf(tls.cert) } : {}) }, 'head office ready');
}

async function runCommand(command: string, argv: readonly string[]): Promise<void> {
  const flagsFor: Record<string, readonly string[]> = {
    'create-branch': ['code', 'name-zh', 'name-en', 'time-zone', 'phone', 'address'],
    'create-user': ['branch', 'username', 'display-name', 'roles', 'password'],
    'set-password': ['username', 'password'],
    'enroll-code': ['branch', 'ttl-hours', 'tls-cert'],
    'revoke-device': ['device'],
    'reassign-loan': ['loan', 'officer', 'collector'],
    'seed-demo': ['loans', 'seed', 'as-of'],
    import: ['dir', 'dry-run'],
    'export-sample': ['dir', 'loans', 'seed', 'as-of'],
    publish: ['kind', 'file'],
  };
  const allowed = flagsFor[command];
  if (!allowed) throw new UsageError(`unknown command ${command}`);
  const flags = parseFlags(argv, allowed);
  if (command === 'export-sample') {
    // Writes files only; no database needed.
    const asOf = flags.get('as-of');
    if (asOf !== undefined && !isBusinessDate(asOf)) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got ${asOf}`);
    const dir = need(flags, 'dir');
    const counts = await exportSample(dir, { loans: wholeNumber(flags, 'loans') ?? 200, seed: wholeNumber(flags, 'seed'), asOf });
    console.log(`sample written to ${dir}: ${JSON.stringify(counts)}`);
    return;
  }
  const db = await openFromEnv();
  try {
    switch (command) {
      case 'create-branch': {
        const timeZone = flags.get('time-zone');
        const phone = flags.get('phone');
        const address = flags.get('address');
        const b = await createBranch(db, {
          code: need(flags, 'code'),
          nameZh: need(flags, 'name-zh'),
          nameEn: need(flags, 'name-en'),
          ...(timeZone ? { timeZone } : {}),
          ...(phone ? { phone } : {}),
          ...(address ? { address } : {}),
        });
        console.log(`branch ${b.code} created: ${b.id}`);
        break;
      }
      case 'create-user': {
        const u = await createUser(db, {
          branchCode: need(flags, 'branch'),
          username: need(flags, 'username'),
          displayName: need(flags, 'display-name'),
          roles: need(flags, 'roles').split(',').map((r) => r.trim()).filter(Boolean),
          password: need(flags, 'password'),
        });
        console.log(`user ${need(flags, 'username')} created: ${u.id}`);
        break;
      }
      case 'set-password':
        await setPassword(db, { username: need(flags, 'username'), password: need(flags, 'password') });
        console.log(`password of ${need(flags, 'username')} set; their signing key is new, changes signed with the old one are refused`);
        break;
      case 'enroll-code': {
        const ttlRaw = flags.get('ttl-hours');
        const ttlHours = ttlRaw === undefined ? undefined : Number(ttlRaw);
        if (ttlHours !== undefined && !Number.isFinite(ttlHours)) throw new UsageError(`--ttl-hours must be a number, got ${ttlRaw}`);
        // The pin first, so a wrong certificate file stops before a code is spent.
        const certFile = certFileOf(flags);
        const pin = certFile ? certificatePinOfFile(certFile) : null;
        const c = await createEnrollmentCode(db, { branchCode: need(flags, 'branch'), ...(ttlHours !== undefined ? { ttlHours } : {}) });
        console.log(c.code);
        if (pin) console.log(pin);
        console.error(`one-time code for branch ${need(flags, 'branch')}, valid until ${c.expiresAt}`);
        console.error(
          pin
            ? "the second line is head office's certificate pin: enter it at the workstation beside the code (then a private CA need not be trusted)"
            : 'no TLS certificate given (--tls-cert or TLS_CERT_FILE), so no pin: the workstation must trust head office\'s certificate authority',
        );
        break;
      }
      case 'revoke-device':
        await revokeDevice(db, need(flags, 'device'));
        console.log(`device ${need(flags, 'device')} revoked`);
        break;
      case 'reassign-loan': {
        const officerId = flags.get('officer');
        const collectorId = flags.get('collector');
        const r = await reassignLoan(db, {
          loanId: need(flags, 'loan'),
          ...(officerId ? { officerId } : {}),
          ...(collectorId ? { collectorId } : {}),
        });
        console.log(`loan ${need(flags, 'loan')} reassigned (row_version ${r.rowVersion})`);
        break;
      }
      case 'seed-demo': {
        const asOf = flags.get('as-of');
        if (asOf !== undefined && !isBusinessDate(asOf)) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got ${asOf}`);
        const started = performance.now();
        const counts = await seedDemo(db, {
          loans: wholeNumber(flags, 'loans'),
          seed: wholeNumber(flags, 'seed'),
          asOf,
          onProgress: (done, total) => console.log(`  ${done}/${total} loans`),
        });
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        console.log(`demo book loaded in ${secs} s: ${JSON.stringify(counts)}; every demo user's password is ${DEMO_PASSWORD}`);
        break;
      }
      case 'import': {
        const dir = need(flags, 'dir');
        const report = await importDirectory(db, { dir, dryRun: flags.has('dry-run') });
        console.log(formatReport(report));
        console.log(`report: ${saveReport(report, dir)}`);
        // 3: the valid rows were imported but some were rejected (scripts can tell a clean run apart).
        if (report.files.some((f) => f.rejected > 0)) process.exitCode = 3;
        break;
      }
      case 'publish': {
        const kind = need(flags, 'kind');
        if (!(PUBLISH_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${PUBLISH_KINDS.join(', ')}, got ${kind}`);
        const file = need(flags, 'file');
        let doc: unknown;
        try {
          doc = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (err) {
          throw new AdminError(`cannot read ${file} as JSON: ${(err as Error).message}`);
        }
        const r = await publishVersion(db, kind as PublishKind, doc);
        console.log(
          r.status === 'published'
            ? `${r.kind} ${r.code}@${r.version} published to every branch (id ${r.id})`
            : `${r.kind} ${r.code}@${r.version} already published with this content; nothing to do`,
        );
        break;
      }
    }
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  try {
    if (command === 'help' || command === '--help') console.log(USAGE);
    else if (command === undefined || command.startsWith('--')) await serve(parseFlags(process.argv.slice(2), ['tls-cert', 'tls-key']));
    else await runCommand(command, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`);
      process.exit(2);
    }
    if (err instanceof AdminError || err instanceof TlsConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

await main();
