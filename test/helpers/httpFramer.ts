// Splits one direction of an HTTP/1.1 connection into messages, so the fault proxy can tell where a
// request (or its response) begins and ends inside a kept-alive stream. Framing follows RFC 9112 §6:
// Content-Length, chunked transfer coding, no body (1xx/204/304 and answers to HEAD), or — for a
// response with neither — the rest of the connection. Bytes are never altered, only attributed.

export interface MessageHead {
  /** Request: method and path; response: status. */
  method?: string;
  path?: string;
  status?: number;
  headers: Record<string, string>;
}

export interface Piece {
  /** Which message of the connection these bytes belong to (0-based; 1xx interim answers share their final answer's index). -1: not understood. */
  index: number;
  /** Set on the piece that starts a message, once its head has been read whole. */
  head?: MessageHead;
  bytes: Buffer;
  /** This piece ends the message. */
  end: boolean;
}

type Body =
  | { kind: 'length'; remaining: number }
  | { kind: 'chunkSize'; line: string }
  | { kind: 'chunkData'; remaining: number }
  | { kind: 'trailer'; line: string }
  | { kind: 'untilClose' };

const MAX_HEAD = 64 * 1024;

export class HttpFramer {
  private index = 0;
  private head: Buffer = Buffer.alloc(0);
  private body: Body | null = null;
  private opaque = false;
  /** For responses: the methods of the requests they answer, in order (a HEAD answer has no body). */
  private readonly methods: string[] = [];

  constructor(private readonly side: 'request' | 'response') {}

  /** A request went out on this connection; its answer's framing depends on its method. */
  expectAnswerTo(method: string): void {
    this.methods.push(method);
  }

  feed(chunk: Buffer): Piece[] {
    const out: Piece[] = [];
    let rest = chunk;
    while (rest.length > 0) {
      if (this.opaque) {
        out.push({ index: -1, bytes: rest, end: false });
        break;
      }
      if (this.body === null) {
        rest = this.readHead(rest, out);
        continue;
      }
      rest = this.readBody(rest, out);
    }
    return out;
  }

  private readHead(rest: Buffer, out: Piece[]): Buffer {
    const joined = Buffer.concat([this.head, rest]);
    const endAt = joined.indexOf('\r\n\r\n');
    if (endAt < 0) {
      if (joined.length > MAX_HEAD) return this.giveUp(joined, out);
      this.head = joined;
      return Buffer.alloc(0);
    }
    const headBytes = joined.subarray(0, endAt + 4);
    this.head = Buffer.alloc(0);
    const parsed = this.parseHead(headBytes.toString('latin1'));
    if (!parsed) return this.giveUp(joined, out);
    const { head, body, interim } = parsed;
    const index = this.index;
    if (body === null) {
      out.push({ index, head, bytes: headBytes, end: !interim });
      if (!interim) this.finishMessage();
    } else {
      out.push({ index, head, bytes: headBytes, end: false });
      this.body = body;
    }
    return joined.subarray(endAt + 4);
  }

  private parseHead(text: string): { head: MessageHead; body: Body | null; interim: boolean } | null {
    const [first, ...lines] = text.slice(0, -4).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) return null;
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const chunked = /(^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'] ?? '');
    const length = headers['content-length'] === undefined ? null : Number(headers['content-length']);
    if (length !== null && !(Number.isInteger(length) && length >= 0)) return null;
    const sized: Body | null = chunked ? { kind: 'chunkSize', line: '' } : length !== null && length > 0 ? { kind: 'length', remaining: length } : null;
    if (this.side === 'request') {
      const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(first ?? '');
      if (!m) return null;
      return { head: { method: m[1], path: m[2], headers }, body: sized, interim: false };
    }
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(first ?? '');
    if (!m) return null;
    const status = Number(m[1]);
    const interim = status >= 100 && status < 200 && status !== 101;
    if (status === 101) return null; // a protocol switch: what follows is no longer HTTP/1.1
    const noBody = interim || status === 204 || status === 304 || this.methods[0] === 'HEAD';
    const body = noBody ? null : chunked || length !== null ? sized : ({ kind: 'untilClose' } as const);
    return { head: { status, headers }, body, interim };
  }

  private readBody(rest: Buffer, out: Piece[]): Buffer {
    const body = this.body as Body;
    const index = this.index;
    switch (body.kind) {
      case 'untilClose':
        out.push({ index, bytes: rest, end: false });
        return Buffer.alloc(0);
      case 'length':
      case 'chunkData': {
        const take = Math.min(body.remaining, rest.length);
        body.remaining -= take;
        const done = body.remaining === 0;
        if (done && body.kind === 'chunkData') this.body = { kind: 'chunkSize', line: '' };
        const end = done && body.kind === 'length';
        out.push({ index, bytes: rest.subarray(0, take), end });
        if (end) this.finishMessage();
        return rest.subarray(take);
      }
      case 'chunkSize':
      case 'trailer': {
        const nl = rest.indexOf('\n');
        const upTo = nl < 0 ? rest.length : nl + 1;
        body.line += rest.subarray(0, upTo).toString('latin1');
        if (body.line.length > MAX_HEAD) return this.giveUp(rest, out);
        if (nl < 0) {
          out.push({ index, bytes: rest, end: false });
          return Buffer.alloc(0);
        }
        const line = body.line.replace(/\r?\n$/, '');
        let end = false;
        if (body.kind === 'trailer') {
          if (line === '') end = true;
          else body.line = '';
        } else {
          const size = parseInt(line.split(';')[0] ?? '', 16);
          if (!Number.isInteger(size) || size < 0) return this.giveUp(rest, out);
          // The data of a chunk is followed by CRLF, read here as part of its data.
          this.body = size === 0 ? { kind: 'trailer', line: '' } : { kind: 'chunkData', remaining: size + 2 };
        }
        out.push({ index, bytes: rest.subarray(0, upTo), end });
        if (end) this.finishMessage();
        return rest.subarray(upTo);
      }
    }
  }

  private finishMessage(): void {
    this.body = null;
    this.index += 1;
    if (this.side === 'response') this.methods.shift();
  }

  /** Not HTTP/1.1 as this framer knows it: the rest of the connection is passed through unattributed. */
  private giveUp(rest: Buffer, out: Piece[]): Buffer {
    this.opaque = true;
    out.push({ index: -1, bytes: rest, end: false });
    return Buffer.alloc(0);
  }
}
