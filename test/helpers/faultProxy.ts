// A loopback TCP proxy that injects real network faults between a sync client and head office:
// refused connections, delays, requests or responses cut part-way, and requests replayed to the
// server on a second connection (as a retransmitting middlebox would).
//
// Two ways to meet a fault. A per-connection mode ('refuse', 'delay', 'cutRequest', ...) applies to
// every connection opened while it is set, counting bytes over the whole connection. A per-request
// mode ('request') reads the HTTP/1.1 exchanges inside each connection and hits one chosen request,
// typically on a connection the client keeps alive from earlier requests (Node's fetch reuses
// connections, so a per-connection fault rarely meets a request mid-stream).
//
// With `tls` it terminates TLS on both sides (head office's certificate toward the client, TLS again
// toward head office), so the faults hit the HTTP inside and the client still checks the pinned key;
// `setCertificate` then makes it present another certificate, as an interceptor would.
import net from 'node:net';
import tls from 'node:tls';
import { HttpFramer, type MessageHead, type Piece } from './httpFramer';

/** What happens to the one request a 'request' mode picks. */
export type RequestFault =
  /** Only the first `afterBytes` of the request reach head office (never all of it), then both sides are dropped. */
  | { kind: 'cutRequest'; afterBytes: number }
  /** Head office gets the whole request and answers it; the client gets only the first `afterBytes` of the answer (never all of it). */
  | { kind: 'cutResponse'; afterBytes: number }
  /** The request is held back this long before head office sees it. */
  | { kind: 'delay'; ms: number }
  /** The request reaches head office twice: once normally, once more on a second connection after the first answer. */
  | { kind: 'duplicateRequest' };

export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'delay'; ms: number }
  | { kind: 'cutRequest'; afterBytes: number }
  | { kind: 'cutResponse'; afterBytes: number }
  | { kind: 'duplicateRequest' }
  /** The `nth` request (1: the next one) to `path` (any path when absent) after the mode is set meets `fault`; the others pass. */
  | { kind: 'request'; fault: RequestFault; path?: string; nth?: number };

export interface SetModeOptions {
  /**
   * Keep the open connections (default: drop them, a new mode being a new network). Kept-alive
   * connections then carry on: one opened under 'pass' or 'request' follows the current 'request'
   * mode request by request; one opened under a per-connection mode keeps that mode to its end.
   */
  keepConnections?: boolean;
}

/** One fault the proxy injected. */
export interface InjectedFault {
  kind: string;
  /** Request faults: the request it hit, and its position on its connection (1: the connection's first request). */
  path?: string;
  requestOnConnection?: number;
}

export interface FaultProxy {
  url: string;
  /** TLS only: the certificate and key shown to clients from now on (connections already open keep theirs). */
  setCertificate(certificate: ProxyTls): void;
  setMode(mode: FaultMode, opts?: SetModeOptions): void;
  /** Faults injected, by kind (a connection, or a request for 'request' modes). */
  faults: Record<string, number>;
  /** Every fault injected, in order. */
  injected: InjectedFault[];
  /** Requests seen by the per-request path, and how many of them came on a connection already used before. */
  requests: { total: number; reused: number };
  /**
   * Calls `listener` the moment a fault is injected — for a delayed request, while head office has
   * not seen it yet — so a test can act at exactly that point of a sync round. Returns the unsubscribe.
   */
  onInjected(listener: (fault: InjectedFault) => void): () => void;
  close(): Promise<void>;
}

type ConnectionMode = Exclude<FaultMode, { kind: 'pass' } | { kind: 'request' }>;

export interface ProxyTls {
  cert: string;
  key: string;
}

/** `tls`: head office serves HTTPS with this certificate (null or absent: plain HTTP on both sides). */
export async function startFaultProxy(targetPort: number, opts: { tls?: ProxyTls | null } = {}): Promise<FaultProxy> {
  const secure = opts.tls ?? null;
  let mode: FaultMode = { kind: 'pass' };
  let matched = 0; // requests matching the current 'request' mode so far
  const faults: Record<string, number> = {};
  const injected: InjectedFault[] = [];
  const requests = { total: 0, reused: 0 };
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    // A message may leave in several writes (its head, then its body): without this, Nagle's
    // algorithm and the peer's delayed ACK hold each later write back by tens of milliseconds.
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    return s;
  };
  const listeners = new Set<(fault: InjectedFault) => void>();
  const count = (fault: InjectedFault) => {
    faults[fault.kind] = (faults[fault.kind] ?? 0) + 1;
    injected.push(fault);
    for (const listener of listeners) listener(fault);
  };
  // Toward head office the proxy trusts whatever it is shown: it stands in for the network, not a client.
  const connectUpstream = () =>
    track(secure ? tls.connect({ port: targetPort, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect(targetPort, '127.0.0.1'));

  /** The fault for a request that just began, if the current mode picks it (each pick is spent). */
  const faultFor = (head: MessageHead): RequestFault | null => {
    const m = mode;
    if (m.kind !== 'request' || (m.path !== undefined && head.path !== m.path)) return null;
    matched += 1;
    return matched === (m.nth ?? 1) ? m.fault : null;
  };

  const onClient = (client: net.Socket) => {
    track(client);
    const m = mode;
    if (m.kind === 'pass' || m.kind === 'request') perRequestPipe(client, connectUpstream, faultFor, count, requests);
    else perConnectionPipe(client, m, connectUpstream, count);
  };
  const server = secure ? tls.createServer({ cert: secure.cert, key: secure.key }, onClient) : net.createServer(onClient);
  // A client that gives up on the handshake (a pin mismatch) is not the proxy's failure.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `${secure ? 'https' : 'http'}://127.0.0.1:${port}`,
    setCertificate: (certificate) => {
      if (!(server instanceof tls.Server)) throw new Error('this proxy speaks plain HTTP; start it with tls to set a certificate');
      server.setSecureContext({ cert: certificate.cert, key: certificate.key });
    },
    setMode: (next, opts = {}) => {
      mode = next;
      matched = 0;
      if (!opts.keepConnections) for (const s of sockets) s.destroy();
    },
    faults,
    injected,
    requests,
    onInjected: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The per-connection faults: the mode the connection was opened under applies to all its bytes. */
function perConnectionPipe(client: net.Socket, m: ConnectionMode, connectUpstream: () => net.Socket, count: (f: InjectedFault) => void): void {
  if (m.kind === 'refuse') {
    count({ kind: 'refuse' });
    client.destroy();
    return;
  }
  const upstream = connectUpstream();
  let requestBytes = 0;
  let responseBytes = 0;
  const replay: Buffer[] = [];
  client.on('data', (chunk: Buffer) => {
    if (m.kind === 'cutRequest' && requestBytes + chunk.length > m.afterBytes) {
      upstream.write(chunk.subarray(0, Math.max(0, m.afterBytes - requestBytes)));
      count({ kind: 'cutRequest' });
      upstream.destroy();
      client.destroy();
      return;
    }
    requestBytes += chunk.length;
    if (m.kind === 'duplicateRequest') replay.push(chunk);
    const forward = () => upstream.write(chunk);
    if (m.kind === 'delay') setTimeout(forward, m.ms);
    else forward();
  });
  upstream.on('data', (chunk: Buffer) => {
    if (m.kind === 'cutResponse' && responseBytes + chunk.length > m.afterBytes) {
      client.write(chunk.subarray(0, Math.max(0, m.afterBytes - responseBytes)));
      count({ kind: 'cutResponse' });
      client.destroy();
      upstream.destroy();
      return;
    }
    responseBytes += chunk.length;
    if (m.kind === 'duplicateRequest' && replay.length > 0) {
      // The server has answered the first copy; send the same request again on a fresh connection.
      replayOnNewConnection(connectUpstream, Buffer.concat(replay.splice(0)));
      count({ kind: 'duplicateRequest' });
    }
    client.write(chunk);
  });
  joinEnds(client, upstream);
}

function replayOnNewConnection(connectUpstream: () => net.Socket, bytes: Buffer): void {
  const copy = connectUpstream();
  copy.on('data', () => undefined);
  copy.write(bytes);
  setTimeout(() => copy.end(), 2_000).unref();
}

function joinEnds(client: net.Socket, upstream: net.Socket): void {
  client.on('end', () => upstream.end());
  upstream.on('end', () => client.end());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}

interface Exchange {
  head: MessageHead;
  fault: RequestFault | null;
  requestOnConnection: number;
  /** The request's bytes, kept when the fault needs them whole (cut, replay). */
  request: Buffer[];
  /** The answer's bytes, kept when the fault cuts it. */
  response: Buffer[];
}

/**
 * Passes a connection through request by request. Bytes go to head office in order through one
 * promise chain, so a delayed request also holds back whatever the client sends after it.
 */
function perRequestPipe(
  client: net.Socket,
  connectUpstream: () => net.Socket,
  faultFor: (head: MessageHead) => RequestFault | null,
  count: (f: InjectedFault) => void,
  requests: { total: number; reused: number },
): void {
  const upstream = connectUpstream();
  const requestFramer = new HttpFramer('request');
  const responseFramer = new HttpFramer('response');
  const exchanges: Exchange[] = [];
  let toUpstream: Promise<void> = Promise.resolve();
  const later = (step: () => void | Promise<void>) => {
    toUpstream = toUpstream.then(step);
  };
  const send = (bytes: Buffer) =>
    later(() => {
      if (!upstream.destroyed) upstream.write(bytes);
    });
  const drop = () => {
    client.destroy();
    upstream.destroy();
  };
  const injectedAt = (x: Exchange): InjectedFault => ({ kind: (x.fault as RequestFault).kind, path: x.head.path, requestOnConnection: x.requestOnConnection });

  const onRequestPiece = (p: Piece) => {
    if (p.index < 0) return send(p.bytes);
    if (p.head && !exchanges[p.index]) {
      const x: Exchange = { head: p.head, fault: faultFor(p.head), requestOnConnection: p.index + 1, request: [], response: [] };
      exchanges[p.index] = x;
      requests.total += 1;
      if (p.index > 0) requests.reused += 1;
      responseFramer.expectAnswerTo(p.head.method ?? 'GET');
      if (x.fault?.kind === 'delay') {
        const ms = x.fault.ms;
        count(injectedAt(x));
        later(() => new Promise((resolve) => setTimeout(resolve, ms)));
      }
    }
    const x = exchanges[p.index] as Exchange;
    if (x.fault?.kind === 'cutRequest') {
      x.request.push(p.bytes);
      if (!p.end) return;
      // Held until whole, so the cut is always part-way: head office never gets a complete request.
      const whole = Buffer.concat(x.request);
      const prefix = whole.subarray(0, Math.min(x.fault.afterBytes, whole.length - 1));
      count(injectedAt(x));
      later(() => {
        if (upstream.destroyed) return drop();
        upstream.write(prefix, drop);
      });
      return;
    }
    if (x.fault?.kind === 'duplicateRequest') x.request.push(p.bytes);
    send(p.bytes);
  };

  const onResponsePiece = (p: Piece) => {
    const x = p.index < 0 ? undefined : exchanges[p.index];
    if (x?.fault?.kind === 'cutResponse') {
      x.response.push(p.bytes);
      if (!p.end) return;
      // Held until head office has answered in full (so it processed and committed the request),
      // then only part of the answer reaches the client.
      const whole = Buffer.concat(x.response);
      const prefix = whole.subarray(0, Math.min(x.fault.afterBytes, whole.length - 1));
      count(injectedAt(x));
      if (client.destroyed) return drop();
      client.write(prefix, drop);
      return;
    }
    if (!client.destroyed) client.write(p.bytes);
    if (x && p.end && x.fault?.kind === 'duplicateRequest') {
      // Answered once; now the same bytes again, as a middlebox retransmitting on a new connection would.
      replayOnNewConnection(connectUpstream, Buffer.concat(x.request));
      count(injectedAt(x));
    }
  };

  client.on('data', (chunk: Buffer) => {
    for (const p of requestFramer.feed(chunk)) onRequestPiece(p);
  });
  upstream.on('data', (chunk: Buffer) => {
    for (const p of responseFramer.feed(chunk)) onResponsePiece(p);
  });
  // The client's end follows its (possibly delayed) bytes; head office's end follows its answer.
  client.on('end', () => later(() => void upstream.end()));
  upstream.on('end', () => client.end());
  client.on('close', () => later(() => void upstream.destroy()));
  upstream.on('close', () => client.destroy());
}
