// Head office's TLS: the certificate and key it serves, the pin workstations check (SHA-256 of the
// certificate's SubjectPublicKeyInfo, printed by the CLI beside each enrollment code), and the rule
// that it never listens beyond loopback in plain HTTP.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { isLoopbackHost, type CertificatePin } from '../shared/sync/transportSecurity';

/** What Fastify's `https` option needs: PEM certificate (chain) and private key. */
export interface ServerTls {
  cert: string;
  key: string;
}

export class TlsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsConfigError';
  }
}

/** The pin of a PEM certificate (the first one of a chain: head office's own). */
export function certificatePinOf(certPem: string): CertificatePin {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256/${createHash('sha256').update(spki).digest('base64')}`;
}

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new TlsConfigError(`cannot read the TLS ${what} ${file}: ${(err as Error).message}`);
  }
}

/** The pin of the certificate in a PEM file, with a clear message when it is not one. */
export function certificatePinOfFile(certFile: string): CertificatePin {
  const cert = readPem(certFile, 'certificate');
  try {
    return certificatePinOf(cert);
  } catch (err) {
    throw new TlsConfigError(`${certFile} is not a PEM certificate: ${(err as Error).message}`);
  }
}

/** Reads and checks the pair up front, so a wrong file is a clear message at start, not a handshake failure later. */
export function loadServerTls(certFile: string, keyFile: string): ServerTls {
  const cert = readPem(certFile, 'certificate');
  const key = readPem(keyFile, 'private key');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (err) {
    throw new TlsConfigError(`${certFile} is not a PEM certificate: ${(err as Error).message}`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new TlsConfigError(`${keyFile} is not a PEM private key (unencrypted): ${(err as Error).message}`);
  }
  if (!certificate.checkPrivateKey(privateKey)) throw new TlsConfigError(`the key in ${keyFile} does not belong to the certificate in ${certFile}`);
  return { cert, key };
}

/**
 * Refuses to listen on anything but loopback without TLS: device tokens and customer data would cross
 * the network in clear. Behind a TLS-terminating proxy on the same machine, listen on 127.0.0.1.
 */
export function checkListenSecurity(host: string, tls: ServerTls | null): void {
  if (tls || isLoopbackHost(host)) return;
  throw new TlsConfigError(
    `refusing to listen on ${host} without TLS: give --tls-cert and --tls-key (or TLS_CERT_FILE and TLS_KEY_FILE), or listen on 127.0.0.1 only`,
  );
}
