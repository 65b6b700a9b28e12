// `npm run demo:headoffice`: head office with the two demo branches, and two workstation profiles of
// 城东支行 enrolled against it on two dev-web ports, so a newcomer can watch branch work reach head
// office and the other workstation, and a head-office reassignment reach the branch.
// Type commands at the prompt: `reassign <loanNo> <collectorUsername>`, `help`, `quit`.
// Head office serves HTTPS as in production, with a self-signed certificate made once by the openssl CLI
// in the demo folder; the workstations enroll with its pin.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { DEMO_PASSWORD } from '../shared/demo/generate';
import { DEMO_WORKSTATION_NAMES, DEV_CONSOLE_TEXT, demoLabel } from '../shared/i18n/devTools';
import { bothLanguages, pick } from '../shared/i18n/text';
import { buildServer } from '../server/app';
import { createEnrollmentCode, reassignLoan } from '../server/admin';
import { openCentralDb } from '../server/db';
import { seedDemo } from '../server/seedDemo';
import { startDevWeb } from '../devweb/host';
import { openWorkstation } from '../main/services/bootstrap';
import { keyInDataFolder } from '../main/services/dataKey';
import { SyncController } from '../main/sync/controller';
import { fileTokenStore } from '../main/sync/tokenStore';
import { certificatePinOf, loadServerTls, type ServerTls } from '../server/tls';

const root = path.resolve(process.env['DATA_DIR'] ?? '.data/demo-headoffice');
const hoPort = Number(process.env['PORT'] ?? 8787);
const loans = Number(process.env['DEMO_LOANS'] ?? 2000);

/** The demo's certificate for 127.0.0.1 and localhost (self-signed, ten years), made on the first run. */
function demoTls(dir: string): ServerTls {
  const cert = path.join(dir, 'headoffice.crt');
  const key = path.join(dir, 'headoffice.key');
  if (!fs.existsSync(cert) || !fs.existsSync(key)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '3650',
      '-keyout', key, '-out', cert, '-subj', '/CN=demo head office', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
  }
  return loadServerTls(cert, key);
}

async function main(): Promise<void> {
  const db = await openCentralDb({ databaseUrl: process.env['DATABASE_URL'] || undefined, dataDir: path.join(root, 'headoffice') });
  const [{ n }] = (await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM loans')) as [{ n: number }];
  if (n === 0) {
    console.log(bothLanguages(DEV_CONSOLE_TEXT.seedingDemo, { loans }, ' '));
    await seedDemo(db, { loans });
  }
  const tls = demoTls(path.join(root, 'tls'));
  const pin = certificatePinOf(tls.cert);
  const app = buildServer({ db, logger: false, tls });
  await app.listen({ port: hoPort, host: '127.0.0.1' });
  const hoUrl = `https://127.0.0.1:${hoPort}`;
  console.log(`${demoLabel('headOffice')}: ${hoUrl}  ${demoLabel('certificatePin')}: ${pin}`);

  const hosts = [];
  for (const [i, name] of DEMO_WORKSTATION_NAMES.map((n) => pick(n, 'zh-CN')).entries()) {
    const dataDir = path.join(root, `workstation-${i + 1}`);
    // Enroll once per profile; later runs reuse the enrolled data folder.
    const ws = openWorkstation({ dataDir, keyProtector: keyInDataFolder });
    const sync = new SyncController({ store: ws.store, tokens: fileTokenStore(dataDir), clientId: ws.clientId, appVersion: 'demo' });
    if (!sync.serverUrl()) {
      const { code } = await createEnrollmentCode(db, { branchCode: 'B001' });
      await sync.enroll(hoUrl, code, name, pin);
    } else if (sync.serverUrl() !== hoUrl) {
      console.log(`  ${dataDir} was enrolled with ${sync.serverUrl()}; delete ${root} to start the demo afresh over HTTPS`);
    }
    await sync.stop();
    ws.store.close();
    const host = await startDevWeb({ port: 5174 + i, dataDir, staticDir: path.resolve('dist-web') });
    hosts.push(host);
    console.log(`${demoLabel('workstation')} ${i + 1} (${name}): ${host.url}`);
  }
  console.log(`\n${demoLabel('signIn')}: officer1 / supervisor1 / collector1 …, ${demoLabel('password')} ${DEMO_PASSWORD}`);
  console.log(`${demoLabel('commands')}: reassign <${demoLabel('loanNo')}> <${demoLabel('collectorUsername')}> | quit\n`);

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  for (;;) {
    const line = (await rl.question('headoffice> ').catch(() => 'quit')).trim();
    const [cmd, loanNo, username] = line.split(/\s+/);
    if (!cmd) continue;
    if (cmd === 'quit' || cmd === 'exit') break;
    if (cmd === 'reassign' && loanNo && username) {
      const [loan] = await db.query<{ id: string }>('SELECT id FROM loans WHERE loan_no = $1', [loanNo]);
      const [user] = await db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
      if (!loan || !user) console.log(bothLanguages(DEV_CONSOLE_TEXT.noSuchLoanOrUser, {}, ' / '));
      else {
        await reassignLoan(db, { loanId: loan.id, collectorId: user.id }).then(
          () => console.log(bothLanguages(DEV_CONSOLE_TEXT.reassigned, { loanNo, username }, '; ')),
          (err: unknown) => console.log(String(err)),
        );
      }
      continue;
    }
    console.log('reassign <loanNo> <collectorUsername> | quit');
  }
  rl.close();
  for (const h of hosts) await h.close();
  await app.close();
  await db.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
