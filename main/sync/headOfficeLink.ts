// The connection to head office: undici's fetch over an Agent whose connector checks head office's key.
// With a pin (shared/sync/transportSecurity.ts) a TLS connection is used only when the certificate's
// SubjectPublicKeyInfo hashes to it; the chain is then not checked against any CA, so head office may
// use a private CA or a self-signed certificate. Without a pin the certificate must validate against the
// system's CAs (Node honours NODE_EXTRA_CA_CERTS) and the key it presented is remembered, so enrollment
// can store it. Plain HTTP is refused except to loopback.
import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { headOfficeUrlProblem, type CertificatePin } from '../../shared/sync/transportSecurity';

/** The key head office presented does not hash to the pin stored at enrollment. */
export class CertificatePinMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly presented: string | null,
  ) {
    super(`head office presented a different key (pin ${presented ?? 'none'}) than the one pinned at enrollment (${expected})`);
    this.name = 'CertificatePinMismatchError';
  }
}

/** The address is plain HTTP to another computer: tokens and customer data would cross the network in clear. */
export class PlainHttpRefusedError extends Error {
  constructor(url: string) {
    super(`refusing plain HTTP to ${url}: head office must be reached over https:// (plain http:// only on this computer's loopback)`);
    this.name = 'PlainHttpRefusedError';
  }
}

export interface HeadOfficeLink {
  /** fetch bound to this link's connections (the global fetch's shape, for the transport and the blob queue). */
  fetch: typeof fetch;
  /** The pin of the key head office presented on the newest TLS connection; null for plain HTTP or before one. */
  presentedPin(): CertificatePin | null;
  /** Closes its connections; only for a link of one's own (freshHeadOfficeLink), never a shared one. */
  close(): Promise<void>;
}

/** The pin of a connected TLS socket's certificate, or null when it presented none. */
function presentedPinOf(socket: TLSSocket): CertificatePin | null {
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return null;
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return `sha256/${createHash('sha256').update(spki).digest('base64')}`;
}

function makeLink(origin: URL, pin: CertificatePin | null): HeadOfficeLink {
  let presented: CertificatePin | null = null;
  // No TLS session cache: a resumed session presents no certificate, and every connection is checked.
  const connector = buildConnector({ rejectUnauthorized: pin === null, maxCachedSessions: 0 });
  const agent = new Agent({
    connect: (options, callback) =>
      connector(options, (err, socket) => {
        if (err !== null) return callback(err, null);
        if (origin.protocol !== 'https:') return callback(null, socket);
        const seen = presentedPinOf(socket as TLSSocket);
        if (pin !== null && seen !== pin) {
          socket.destroy();
          return callback(new CertificatePinMismatchError(pin, seen), null);
        }
        presented = seen;
        return callback(null, socket);
      }),
  });
  const boundFetch = (input: string | URL | Request, init?: RequestInit) =>
    // undici's own fetch and Response: the same API as the global ones, typed by another copy of undici.
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
  return { fetch: boundFetch as typeof fetch, presentedPin: () => presented, close: () => agent.close() };
}

// One link per head office and pin for the whole process, like the global dispatcher: the sync loop,
// the blob queue and each round share kept-alive connections instead of a handshake per round.
const links = new Map<string, HeadOfficeLink>();

/** The link to head office at `serverUrl`, checking `pin` when given; throws PlainHttpRefusedError for plain HTTP beyond loopback. */
export function headOfficeLink(serverUrl: string, pin: CertificatePin | null): HeadOfficeLink {
  if (headOfficeUrlProblem(serverUrl) === 'httpsRequired') throw new PlainHttpRefusedError(serverUrl);
  const origin = new URL(serverUrl);
  const key = `${origin.origin}|${pin ?? ''}`;
  let link = links.get(key);
  if (!link) {
    link = makeLink(origin, pin);
    links.set(key, link);
  }
  return link;
}

/** For enrollment without a pin: a link of its own, so the key it reports was seen by this request alone. */
export function freshHeadOfficeLink(serverUrl: string): HeadOfficeLink {
  if (headOfficeUrlProblem(serverUrl) === 'httpsRequired') throw new PlainHttpRefusedError(serverUrl);
  return makeLink(new URL(serverUrl), null);
}
