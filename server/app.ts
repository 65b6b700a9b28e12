// The head-office HTTP service (Fastify): health, enrollment and the three sync routes, over HTTPS when
// given a certificate (server/tls.ts). Every body is checked against the shared wire protocol
// (shared/sync/protocol.ts); errors answer `{ error: { code, message, fields? } }`.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  MAX_REQUEST_BYTES,
  enrollRequest,
  helloRequest,
  pullRequest,
  pushRequest,
  type HelloResponse,
  type PullResponse,
  type PushResponse,
  branchIssuesRequest,
  type BranchIssuesResponse,
  auditHeadsRequest,
  auditVerifyRequest,
  type AuditHeadsResponse,
  type AuditVerifyResponse,
  TOKEN_EXPIRED,
} from '../shared/sync/protocol';
import { EnrollmentError, bearerToken, enrollDevice, touchDevice, type Device } from './auth';
import { DEVICE_TOKEN_POLICY, type DeviceTokenPolicy } from './config';
import { checkDeviceToken, rotateTokenIfDue } from './deviceTokens';
import type { ServerTls } from './tls';
import { blobIsStored, blobRoutes, defaultBlobDir } from './blobs';
import { EnrollGuard } from './enrollGuard';
import type { CentralDb } from './db';
import { loggerOptions } from './logging';
import { HttpError } from './errors';
import { logSecurityEvent } from './security';
import { handleHello } from './sync/hello';
import { handleBranchIssues } from './sync/issues';
import { handleAuditHeads, handleAuditVerify } from './sync/auditHeads';
import { handlePull } from './sync/pull';
import { handlePush } from './sync/push';

export interface BuildServerOptions {
  db: CentralDb;
  /** Oldest branch schema that may still pull (default MIN_SCHEMA_VERSION); raised when old clients must upgrade. */
  minSchemaVersion?: number;
  /** Structured (pino) request logs, without personal data (server/logging.ts); off unless asked for, so tests stay quiet. */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /** Injectable clock for tests; server time is the only time that decides anything. */
  now?: () => Date;
  /** Attachment blobs (server/blobs.ts); default `<DATA_DIR>/blobs`, created on first upload. */
  blobDir?: string;
  /** Serve HTTPS with this certificate and key (server/tls.ts); plain HTTP without, for loopback only. */
  tls?: ServerTls | null;
  /** Device token lifetime and rotation (default DEVICE_TOKEN_POLICY); tests shorten it. */
  deviceTokens?: DeviceTokenPolicy;
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '(body)';
    fields[key] ??= issue.message;
  }
  return fields;
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'VALIDATION', 'the request body does not match the protocol', fieldErrors(parsed.error));
  return parsed.data;
}

export function buildServer(options: BuildServerOptions): FastifyInstance {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const blobDir = options.blobDir ?? defaultBlobDir();
  // bodyLimit makes Fastify answer 413 from the Content-Length / stream size, before any parsing.
  const logger = options.logger === true ? loggerOptions() : options.logger ? loggerOptions(options.logger.stream) : false;
  const tokenPolicy = options.deviceTokens ?? DEVICE_TOKEN_POLICY;
  // With `https` Fastify builds an https.Server; the routes, inject and listen are the same, so callers
  // keep the one FastifyInstance type.
  // Poisoning keys are dropped, not refused: refusing the whole push would leave the one change that
  // carries them (a tampered client's) wedging its queue; dropped, that change fails its signature alone.
  const base = { logger, bodyLimit: MAX_REQUEST_BYTES, onProtoPoisoning: 'remove', onConstructorPoisoning: 'remove' } as const;
  const app = (options.tls ? Fastify({ ...base, https: { cert: options.tls.cert, key: options.tls.key } }) : Fastify(base)) as FastifyInstance;

  /** The calling device from its bearer token; revoked devices only where allowRevoked (push). */
  async function requireDevice(request: FastifyRequest, allowRevoked: boolean): Promise<Device> {
    const token = bearerToken(request.headers.authorization);
    const check = token ? await checkDeviceToken(db, token, now(), tokenPolicy) : ({ status: 'unknown' } as const);
    if (check.status === 'expired') {
      await logSecurityEvent(db, { at: now(), deviceId: check.deviceId, kind: 'expired_token', detail: { route: request.url, ip: request.ip } });
      throw new HttpError(401, TOKEN_EXPIRED, 'this device token has expired; enroll the workstation again');
    }
    if (check.status === 'unknown') {
      if (token) {
        await logSecurityEvent(db, { at: now(), deviceId: null, kind: 'bad_token', detail: { route: request.url, ip: request.ip } });
      }
      throw new HttpError(401, 'UNAUTHENTICATED', token ? 'unknown device token' : 'missing bearer token');
    }
    const device = check.device;
    if (device.revokedAt !== null && !allowRevoked) {
      await logSecurityEvent(db, { at: now(), deviceId: device.id, kind: 'revoked_device', detail: { route: request.url } });
      throw new HttpError(403, 'FORBIDDEN', 'this device has been revoked; enroll it again to sync');
    }
    await touchDevice(db, device.id, now());
    return device;
  }

  app.get('/health', async (_request, reply) => {
    try {
      await db.query('SELECT 1');
      return { ok: true };
    } catch {
      return reply.status(503).send({ ok: false });
    }
  });

  // Ready once the schema is in place (migrations ran at open); a load balancer may route here.
  app.get('/ready', async (_request, reply) => {
    try {
      await db.query('SELECT 1 FROM scope_versions LIMIT 1');
      return { ready: true };
    } catch {
      return reply.status(503).send({ ready: false });
    }
  });

  const enrollGuard = new EnrollGuard();
  app.post('/enroll', async (request, reply) => {
    const at = now();
    const wait = enrollGuard.blockedFor(request.ip, at.getTime());
    if (wait > 0) {
      void reply.header('Retry-After', String(Math.ceil(wait / 1000)));
      throw new HttpError(429, 'TOO_MANY_ATTEMPTS', 'too many wrong enrollment codes from this address; try again later');
    }
    const body = parseBody(enrollRequest, request.body);
    let enrolled;
    try {
      enrolled = await enrollDevice(db, { code: body.code, deviceName: body.deviceName, now: at });
    } catch (err) {
      if (err instanceof EnrollmentError) {
        enrollGuard.fail(request.ip, at.getTime());
        await logSecurityEvent(db, { at, deviceId: null, kind: 'enroll_refused', detail: { code: err.code, ip: request.ip } });
      }
      throw err;
    }
    request.log.info({ deviceId: enrolled.deviceId, branchId: enrolled.branchId }, 'device enrolled');
    return { ...enrolled, serverTime: at.toISOString() };
  });

  app.post('/sync/hello', async (request): Promise<HelloResponse> => {
    const device = await requireDevice(request, false);
    const body = parseBody(helloRequest, request.body);
    const answer = await handleHello(db, device, body.schemaVersion, now(), options.minSchemaVersion);
    // requireDevice accepted the token, so the header holds one.
    const rotated = await rotateTokenIfDue(db, bearerToken(request.headers.authorization) ?? '', now(), tokenPolicy);
    return rotated ? { ...answer, rotatedToken: rotated } : answer;
  });

  app.post('/sync/push', async (request): Promise<PushResponse> => {
    // A revoked device's push is still taken, and stored as rejected, so its queued work is on record.
    const device = await requireDevice(request, true);
    const body = parseBody(pushRequest, request.body);
    return handlePush({ db, device, now, log: request.log, blobStored: (sha) => blobIsStored(blobDir, sha) }, body);
  });

  app.post('/sync/pull', async (request): Promise<PullResponse> => {
    const device = await requireDevice(request, false);
    const body = parseBody(pullRequest, request.body);
    return handlePull(db, device, body, now());
  });

  app.post('/sync/issues', async (request): Promise<BranchIssuesResponse> => {
    const device = await requireDevice(request, false);
    const body = parseBody(branchIssuesRequest, request.body ?? {});
    return handleBranchIssues(db, device, body.limit);
  });

  app.post('/sync/audit/heads', async (request): Promise<AuditHeadsResponse> => {
    const device = await requireDevice(request, false);
    return handleAuditHeads(db, device, parseBody(auditHeadsRequest, request.body).clientId);
  });

  app.post('/sync/audit/verify', async (request): Promise<AuditVerifyResponse> => {
    const device = await requireDevice(request, false);
    return handleAuditVerify(db, device, parseBody(auditVerifyRequest, request.body), now());
  });

  // HEAD/PUT /blobs/:sha256, in their own plugin scope (octet-stream bodies streamed to disk).
  void app.register(blobRoutes, { dir: blobDir, requireDevice: (request) => requireDevice(request, false), now });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` } });
  });

  app.setErrorHandler((err: FastifyError | HttpError | EnrollmentError | Error, request, reply) => {
    if (err instanceof HttpError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
    }
    if (err instanceof EnrollmentError) return reply.status(400).send({ error: { code: err.code, message: err.message } });
    const status = (err as FastifyError).statusCode;
    if (status === 413) {
      return reply.status(413).send({ error: { code: 'TOO_LARGE', message: `request bodies are limited to ${MAX_REQUEST_BYTES} bytes` } });
    }
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, wrong content type, empty body.
      return reply.status(status).send({ error: { code: status === 400 ? 'VALIDATION' : 'BAD_REQUEST', message: err.message } });
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'head office could not process the request; try again later' } });
  });

  return app;
}
