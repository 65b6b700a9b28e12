// A loopback TCP proxy that injects real network faults between a sync client and head office:
// refused connections, delays, requests or responses cut part-way, and requests replayed to the
// server on a second connection (as a retransmitting middlebox would).
import net from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'delay'; ms: number }
  | { kind: 'cutRequest'; afterBytes: number }
  | { kind: 'cutResponse'; afterBytes: number }
  | { kind: 'duplicateRequest' };

export interface FaultProxy {
  url: string;
  setMode(mode: FaultMode): void;
  /** Connections that saw a fault injected, by kind. */
  faults: Record<string, number>;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let mode: FaultMode = { kind: 'pass' };
  const faults: Record<string, number> = {};
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    return s;
  };
  const count = (k: string) => (faults[k] = (faults[k] ?? 0) + 1);

  const server = net.createServer((client) => {
    track(client);
    const m = mode;
    if (m.kind === 'refuse') {
      count('refuse');
      client.destroy();
      return;
    }
    const upstream = track(net.connect(targetPort, '127.0.0.1'));
    let requestBytes = 0;
    let responseBytes = 0;
    const replay: Buffer[] = [];
    client.on('data', (chunk: Buffer) => {
      if (m.kind === 'cutRequest' && requestBytes + chunk.length > m.afterBytes) {
        upstream.write(chunk.subarray(0, Math.max(0, m.afterBytes - requestBytes)));
        count('cutRequest');
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
        count('cutResponse');
        client.destroy();
        upstream.destroy();
        return;
      }
      responseBytes += chunk.length;
      if (m.kind === 'duplicateRequest' && replay.length > 0) {
        // The server has answered the first copy; send the same request again on a fresh connection.
        const copy = track(net.connect(targetPort, '127.0.0.1'));
        copy.on('data', () => undefined);
        copy.write(Buffer.concat(replay.splice(0)));
        setTimeout(() => copy.end(), 2_000).unref();
        count('duplicateRequest');
      }
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    // A new mode is a new network: open (keep-alive) connections are dropped and the next ones see it.
    setMode: (next) => {
      mode = next;
      for (const s of sockets) s.destroy();
    },
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
