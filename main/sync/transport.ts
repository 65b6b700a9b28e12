// HTTP transport to head office. Every answer is checked against the shared protocol; failures are
// classified so the loop knows whether to retry (network, 5xx) or stop and tell the user (401/403).
import { z } from 'zod';
import {
  branchIssuesResponse,
  enrollResponse,
  helloResponse,
  pullResponse,
  pushResponse,
  type PullRequest,
  type PushRequest,
} from '../../shared/sync/protocol';

export class SyncTransportError extends Error {
  constructor(
    readonly kind: 'network' | 'server' | 'auth' | 'bad_request' | 'protocol',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SyncTransportError';
  }

  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

export interface SyncTransport {
  enroll(code: string, deviceName: string): Promise<z.infer<typeof enrollResponse>>;
  hello(body: unknown): Promise<z.infer<typeof helloResponse>>;
  push(body: PushRequest): Promise<z.infer<typeof pushResponse>>;
  pull(body: PullRequest): Promise<z.infer<typeof pullResponse>>;
  branchIssues(limit: number): Promise<z.infer<typeof branchIssuesResponse>>;
}

const REQUEST_TIMEOUT_MS = 30_000;

export function httpTransport(serverUrl: string, token: () => string | null, signal?: AbortSignal): SyncTransport {
  const base = serverUrl.replace(/\/+$/, '');
  async function post<S extends z.ZodType>(path: string, body: unknown, schema: S, auth = true): Promise<z.infer<S>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const t = token();
    if (auth && t) headers['authorization'] = `Bearer ${t}`;
    let res: Response;
    try {
      const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      throw new SyncTransportError('network', `cannot reach head office: ${String(err)}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new SyncTransportError('network', `connection lost while reading the answer: ${String(err)}`);
    }
    if (res.status === 401 || res.status === 403) throw new SyncTransportError('auth', text.slice(0, 300), res.status);
    if (res.status >= 500) throw new SyncTransportError('server', text.slice(0, 300), res.status);
    if (res.status >= 400) throw new SyncTransportError('bad_request', text.slice(0, 300), res.status);
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
  return {
    enroll: (code, deviceName) => post('/enroll', { code, deviceName }, enrollResponse, false),
    hello: (body) => post('/sync/hello', body, helloResponse),
    push: (body) => post('/sync/push', body, pushResponse),
    pull: (body) => post('/sync/pull', body, pullResponse),
    branchIssues: (limit) => post('/sync/issues', { limit }, branchIssuesResponse),
  };
}
