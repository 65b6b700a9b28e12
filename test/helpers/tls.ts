// Throwaway certificates for tests, made with the openssl CLI: a private CA (trusted by nothing) and
// server certificates it issues for 127.0.0.1, ::1 and localhost. Head office and the fault proxy in
// the sync tests serve them; workstations trust them by the pin, as a branch given the pin would. The
// pin is computed here with openssl too, so the app's own pin code is checked against an outside one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './fixtures';

export interface TestCertificate {
  /** PEM certificate and (unencrypted) private key, as head office's `tls` option takes them. */
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  /** sha256/<base64> of the certificate's SubjectPublicKeyInfo. */
  pin: string;
}

export interface TestCa {
  certFile: string;
  /** A server certificate for the loopback names. `keyFile`: reuse that key (a renewal); otherwise a new key. */
  issue(opts?: { keyFile?: string; hosts?: string[] }): TestCertificate;
}

function openssl(args: string[], input?: Buffer | string): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The pin of a PEM certificate, by openssl alone: public key out, DER, SHA-256, base64. */
function opensslPin(certFile: string): string {
  const publicKeyPem = openssl(['x509', '-in', certFile, '-pubkey', '-noout']);
  const der = openssl(['pkey', '-pubin', '-outform', 'DER'], publicKeyPem);
  const digest = openssl(['dgst', '-sha256', '-binary'], der);
  return `sha256/${digest.toString('base64')}`;
}

function newKey(file: string): void {
  // P-256: quick to make and to handshake with, so a suite of many servers stays fast.
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
}

let serial = 0;

/** A new private CA in a temp dir of its own. */
function makeTestCa(name = 'Branch Credit Test CA'): TestCa {
  const dir = tempDir('test-ca-');
  const caKey = path.join(dir, 'ca.key');
  const caCert = path.join(dir, 'ca.crt');
  newKey(caKey);
  openssl(['req', '-x509', '-new', '-key', caKey, '-out', caCert, '-days', '7', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return {
    certFile: caCert,
    issue(opts = {}) {
      serial += 1;
      const base = path.join(dir, `server-${process.pid}-${serial}`);
      const keyFile = opts.keyFile ?? `${base}.key`;
      if (!opts.keyFile) newKey(keyFile);
      const csr = `${base}.csr`;
      const ext = `${base}.ext`;
      const certFile = `${base}.crt`;
      const hosts = opts.hosts ?? ['IP:127.0.0.1', 'IP:::1', 'DNS:localhost'];
      fs.writeFileSync(ext, `subjectAltName=${hosts.join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
      openssl(['req', '-new', '-key', keyFile, '-out', csr, '-subj', '/CN=head office (test)']);
      try {
        openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-set_serial', String(Date.now() * 100 + serial), '-out', certFile, '-extfile', ext, '-days', '2']);
      } catch (err) {
        throw new Error(`openssl could not issue the test certificate: ${String((err as { stderr?: Buffer }).stderr ?? err)}`);
      }
      return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8'), certFile, keyFile, pin: opensslPin(certFile) };
    },
  };
}

let shared: { ca: TestCa; server: TestCertificate } | undefined;

/** One CA and one server certificate per test process: what head office serves unless a test asks otherwise. */
export function testTls(): { ca: TestCa; server: TestCertificate } {
  if (!shared) {
    const ca = makeTestCa();
    shared = { ca, server: ca.issue() };
  }
  return shared;
}
