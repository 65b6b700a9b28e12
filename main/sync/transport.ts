// HTTP transport to head office. Every answer is checked against the shared protocol; failures are
// classified so the loop knows whether to retry (network, 5xx) or stop and tell the user (401/403, a
// certificate that is not head office's). Connections go through main/sync/headOfficeLink.ts: TLS with
// head office's pinned key, plain HTTP only on loopback.
import { z } from 'zod';
import {
  auditHeadsResponse,
  auditVerifyResponse,
  branchIssuesResponse,
  type AuditVerifyRequest,
  enrollResponse,
  helloResponse,
  pullResponse,
  pushResponse,
  type PullRequest,
  type PushRequest,
} from '../../shared/sync/protocol';
import type { CertificatePin } from '../../shared/sync/transportSecurity';
import { CertificatePinMismatchError, freshHeadOfficeLink, headOfficeLink, PlainHttpRefusedError, type HeadOfficeLink } from './headOfficeLink';
import type { DeviceCredentials } from './tokenStore';

export type SyncTransportErrorKind = 'network' | 'server' | 'auth' | 'bad_request' | 'protocol' | 'tls';

export class SyncTransportError extends Error {
  constructor(
    readonly kind: SyncTransportErrorKind,
    message: string,
    readonly status?: number,
    /** Head office's error code (`{ error: { code } }`), or for 'tls': pin_mismatch, untrusted_certificate, plain_http. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SyncTransportError';
  }

  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

/** What enrollment got: head office's answer and the key it presented (null over loopback HTTP). */
export type EnrollAnswer = z.infer<typeof enrollResponse> & { pin: CertificatePin | null };

export interface SyncTransport {
  enroll(code: string, deviceName: string): Promise<EnrollAnswer>;
  hello(body: unknown): Promise<z.infer<typeof helloResponse>>;
  push(body: PushRequest): Promise<z.infer<typeof pushResponse>>;
  pull(body: PullRequest): Promise<z.infer<typeof pullResponse>>;
  branchIssues(limit: number): Promise<z.infer<typeof branchIssuesResponse>>;
  auditHeads(clientId: string): Promise<z.infer<typeof auditHeadsResponse>>;
  auditVerify(body: AuditVerifyRequest): Promise<z.infer<typeof auditVerifyResponse>>;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** OpenSSL's and Node's codes for a certificate chain or name that does not check out. */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A failure to connect as the loop should see it: a certificate problem is not retried like a network one. */
function connectionFailure(err: unknown): SyncTransportError {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof CertificatePinMismatchError) return new SyncTransportError('tls', e.message, undefined, 'pin_mismatch');
    if (e instanceof PlainHttpRefusedError) return new SyncTransportError('tls', e.message, undefined, 'plain_http');
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
      return new SyncTransportError('tls', `head office's certificate is not trusted (${code}): ${e.message}`, undefined, 'untrusted_certificate');
    }
  }
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return new SyncTransportError('network', `cannot reach head office: ${String(err)}${cause}`);
}

function errorCode(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Head office at `serverUrl`, as the device whose credentials `credentials()` returns (read at each
 * request, so a rotated token is used as soon as it is saved). `enrollPin`: the pin to demand while
 * there are no credentials yet; without one, enrollment validates the certificate against the CAs.
 */
export function httpTransport(
  serverUrl: string,
  credentials: () => DeviceCredentials | null,
  signal?: AbortSignal,
  enrollPin: CertificatePin | null = null,
): SyncTransport {
  const base = serverUrl.replace(/\/+$/, '');
  async function post<S extends z.ZodType>(path: string, body: unknown, schema: S, link: HeadOfficeLink | null = null): Promise<z.infer<S>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const held = link ? null : credentials();
    if (held) headers['authorization'] = `Bearer ${held.token}`;
    let res: Response;
    try {
      const via = link ?? headOfficeLink(serverUrl, held?.pin ?? enrollPin);
      const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      res = await via.fetch(`${base}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      throw connectionFailure(err);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new SyncTransportError('network', `connection lost while reading the answer: ${String(err)}`);
    }
    const fail = (kind: SyncTransportErrorKind) => new SyncTransportError(kind, text.slice(0, 300), res.status, errorCode(text));
    if (res.status === 401 || res.status === 403) throw fail('auth');
    if (res.status >= 500) throw fail('server');
    if (res.status >= 400) throw fail('bad_request');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // A cut connection can deliver a truncated body with a 200 status line.
      throw new SyncTransportError('network', 'truncated answer from head office');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncTransportError('protocol', `unexpected answer to ${path}: ${parsed.error.message}`);
    return parsed.data;
  }

  async function enroll(code: string, deviceName: string): Promise<EnrollAnswer> {
    // With a pin the key is known up front; without, a link of its own reports exactly the key this
    // request met (after the CAs vouched for it), and that is the pin kept from now on.
    let link: HeadOfficeLink;
    try {
      link = enrollPin ? headOfficeLink(serverUrl, enrollPin) : freshHeadOfficeLink(serverUrl);
    } catch (err) {
      throw connectionFailure(err);
    }
    try {
      const answer = await post('/enroll', { code, deviceName }, enrollResponse, link);
      return { ...answer, pin: enrollPin ?? link.presentedPin() };
    } finally {
      if (!enrollPin) await link.close();
    }
  }

  return {
    enroll,
    hello: (body) => post('/sync/hello', body, helloResponse),
    push: (body) => post('/sync/push', body, pushResponse),
    pull: (body) => post('/sync/pull', body, pullResponse),
    branchIssues: (limit) => post('/sync/issues', { limit }, branchIssuesResponse),
    auditHeads: (clientId) => post('/sync/audit/heads', { clientId }, auditHeadsResponse),
    auditVerify: (body) => post('/sync/audit/verify', body, auditVerifyResponse),
  };
}
