// The background sync loop and its state for the UI: runs on change (new outbox entries), on a timer,
// and after failures with exponential backoff and jitter; a watchdog aborts a round that hangs.
import { compareAuditWithHeadOffice } from './auditCheck';
import type { LocalStore } from '../../db/local/store';
import { getSyncValue, setSyncValue } from '../../db/local/syncState';
import { outboxCounts } from '../../db/local/outbox';
import { lastOutboxSeq } from '../../db/local/syncStore';
import { workstationBlobs, type BlobStore } from '../services/blobStore';
import { runBlobQueue } from './blobs';
import { divergenceStatus, type DivergenceStatus } from '../../db/local/rowSums';
import { SyncClient, type SyncProgress } from './client';
import { TOKEN_EXPIRED } from '../../shared/sync/protocol';
import { headOfficeLink } from './headOfficeLink';
import type { DeviceCredentials, TokenStore } from './tokenStore';
import { httpTransport, SyncTransportError, type SyncTransport } from './transport';

// An idle online device asks head office for news this often, so a head-office change shows up at the
// branch within seconds; an unchanged scope costs one indexed query.
const IDLE_INTERVAL_MS = 3_000;
const CHANGE_POLL_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;
const WATCHDOG_MS = 120_000;
// The kept row sums are checked against every row at start and this often (a full read of the scopes).
const VERIFY_EVERY_MS = 60 * 60 * 1000;

/**
 * Why the loop stopped trying by itself: retrying cannot help until a person acts. 'certificate': head
 * office presented a key other than the pinned one (or a certificate nothing vouches for);
 * 'tokenExpired': the device token is past its lifetime, the workstation must be enrolled again.
 * "Sync now" and a restart still try once.
 */
export type SyncHalt = 'certificate' | 'tokenExpired';

function haltFor(err: unknown): SyncHalt | null {
  if (!(err instanceof SyncTransportError)) return null;
  if (err.kind === 'tls') return 'certificate';
  if (err.kind === 'auth' && err.code === TOKEN_EXPIRED) return 'tokenExpired';
  return null;
}

export interface SyncStatusSnapshot {
  serverConfigured: boolean;
  online: boolean;
  running: boolean;
  pending: number;
  rejected: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  progress: SyncProgress | null;
  skewMs: number | null;
  dataVersion: number;
  /** Head office needs a newer workstation to send its data down; work still goes up. */
  upgradeRequired: boolean;
  /** Differences between this copy and head office found by the row sums (anti-entropy). */
  divergence: DivergenceStatus;
  /** Set when the loop stopped retrying on its own (see SyncHalt). */
  halted: SyncHalt | null;
}

export interface SyncControllerOptions {
  store: LocalStore;
  tokens: TokenStore;
  clientId: string;
  appVersion: string;
  clock?: () => Date;
  /** For tests: how to reach head office (default: HTTPS with the pinned key, main/sync/transport.ts). */
  transportFor?: (serverUrl: string, credentials: () => DeviceCredentials | null, signal: AbortSignal, enrollPin?: string | null) => SyncTransport;
  timers?: { idleMs?: number; changePollMs?: number; maxBackoffMs?: number; verifyEveryMs?: number };
  /** Attachment blobs to upload after each round (default: the blob folder beside the database; null: none). */
  blobStore?: BlobStore | null;
}

export class SyncController {
  private timer: NodeJS.Timeout | null = null;
  private changeTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private online = false;
  private lastError: string | null = null;
  private progress: SyncProgress | null = null;
  private lastSeenSeq = 0;
  private stopped = true;
  private dataVersion = 0;
  private upgradeRequired = false;
  private halted: SyncHalt | null = null;
  private blobRun: Promise<void> | null = null;
  private blobAbort: AbortController | null = null;
  private defaultBlobStore: BlobStore | null = null;
  /** When the row sums were last recomputed from every row (0: not since this process started). */
  private lastFullVerifyAt = 0;

  constructor(private readonly opts: SyncControllerOptions) {}

  serverUrl(): string | null {
    return getSyncValue(this.opts.store.read(), 'server_url') ?? null;
  }

  status(): SyncStatusSnapshot {
    const r = this.opts.store.read();
    const counts = outboxCounts(r);
    const skew = getSyncValue(r, 'server_skew_ms');
    return {
      serverConfigured: this.serverUrl() !== null,
      online: this.online,
      running: this.running !== null,
      pending: (counts['pending'] ?? 0) + (counts['in_flight'] ?? 0),
      rejected: (counts['rejected'] ?? 0) + (counts['conflict'] ?? 0),
      lastSuccessAt: getSyncValue(r, 'last_success_at') ?? null,
      lastError: this.lastError,
      progress: this.progress,
      skewMs: skew === undefined ? null : Number(skew),
      dataVersion: this.dataVersion,
      upgradeRequired: this.upgradeRequired,
      divergence: divergenceStatus(r),
      halted: this.halted,
    };
  }

  /**
   * Enrolls this workstation with a one-time code; afterwards the loop starts pulling the branch. With
   * `pin` head office's certificate must carry that key; without, it must validate against the CAs.
   * Either way the key met is kept with the token and every later connection must present it.
   */
  async enroll(serverUrl: string, code: string, deviceName: string, pin: string | null = null): Promise<{ branchId: string }> {
    const transport = (this.opts.transportFor ?? httpTransport)(serverUrl, () => null, new AbortController().signal, pin);
    const answer = await transport.enroll(code, deviceName);
    this.opts.tokens.save({ token: answer.deviceToken, pin: answer.pin });
    this.opts.store.transaction((w) => {
      setSyncValue(w, 'server_url', serverUrl);
      setSyncValue(w, 'server_device_id', answer.deviceId);
      setSyncValue(w, 'branch_id', answer.branchId);
    });
    this.start();
    // Enrolled now, whatever the first download does; its error shows in the sync status and it retries.
    await this.syncNow().catch(() => undefined);
    return { branchId: answer.branchId };
  }

  /** Head office's comparison of this PC's audit chain with the heads its users signed; null when not enrolled. */
  async compareAudit() {
    const serverUrl = this.serverUrl();
    if (!serverUrl) return null;
    return compareAuditWithHeadOffice(this.opts.store.read(), this.transport(serverUrl, AbortSignal.timeout(60_000)), this.opts.clientId);
  }

  /** The branch's refused work as head office recorded it, from all devices (for a supervisor). */
  async branchIssues(limit = 200) {
    const serverUrl = this.serverUrl();
    if (!serverUrl) return null;
    return this.transport(serverUrl, AbortSignal.timeout(30_000)).branchIssues(limit);
  }

  start(): void {
    if (!this.stopped || !this.serverUrl()) return;
    this.stopped = false;
    this.changeTimer = setInterval(() => this.checkForChanges(), this.opts.timers?.changePollMs ?? CHANGE_POLL_MS);
    this.changeTimer.unref?.();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.changeTimer) clearInterval(this.changeTimer);
    this.timer = null;
    this.changeTimer = null;
    await this.running;
    this.blobAbort?.abort(new Error('sync stopped'));
    await this.blobRun;
  }

  /** Resolves once the background blob upload started by the last round (if any) has finished. */
  async blobsSettled(): Promise<void> {
    await this.blobRun;
  }

  /** Runs a round now (or right after the current one) and resolves when it is done. */
  async syncNow(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    await this.round();
  }

  private checkForChanges(): void {
    if (this.halted) return; // new work waits for a person to deal with the halt
    const seq = lastOutboxSeq(this.opts.store.read());
    if (seq > this.lastSeenSeq) {
      this.lastSeenSeq = seq;
      void this.syncNow().catch(() => undefined);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.syncNow().catch(() => undefined), delayMs);
    this.timer.unref?.();
  }

  private transport(serverUrl: string, signal: AbortSignal): SyncTransport {
    const credentials = () => this.opts.tokens.load();
    return (this.opts.transportFor ?? httpTransport)(serverUrl, credentials, signal);
  }

  /** Keeps a rotated token with the pin it belongs with; a failure to save stops the round (the old token still works). */
  private saveRotatedToken(token: string): void {
    const held = this.opts.tokens.load();
    this.opts.tokens.save({ token, pin: held?.pin ?? null });
  }

  private round(): Promise<void> {
    const serverUrl = this.serverUrl();
    if (!serverUrl) return Promise.resolve();
    const watchdog = new AbortController();
    const timeout = setTimeout(() => watchdog.abort(new Error('sync round took too long')), WATCHDOG_MS);
    const verifyFromScratch = Date.now() - this.lastFullVerifyAt >= (this.opts.timers?.verifyEveryMs ?? VERIFY_EVERY_MS);
    const client = new SyncClient({
      verifyFromScratch,
      store: this.opts.store,
      transport: this.transport(serverUrl, watchdog.signal),
      clientId: this.opts.clientId,
      appVersion: this.opts.appVersion,
      clock: this.opts.clock,
      onProgress: (p) => (this.progress = p),
      blobStore: this.blobStore(),
      saveRotatedToken: (token) => this.saveRotatedToken(token),
    });
    this.running = client
      .syncOnce()
      .then((report) => {
        if (verifyFromScratch && !report.upgradeRequired) this.lastFullVerifyAt = Date.now();
        if (report.pulled > 0) this.dataVersion += 1;
        this.upgradeRequired = report.upgradeRequired;
        this.online = true;
        this.failures = 0;
        this.lastError = null;
        this.halted = null;
        this.schedule(this.opts.timers?.idleMs ?? IDLE_INTERVAL_MS);
        this.startBlobQueue(serverUrl);
      })
      .catch((err: unknown) => {
        this.online = !(err instanceof SyncTransportError && err.kind === 'network');
        this.lastError = err instanceof Error ? err.message : String(err);
        this.failures += 1;
        this.halted = haltFor(err);
        const cap = this.opts.timers?.maxBackoffMs ?? MAX_BACKOFF_MS;
        const backoff = Math.min(cap, 1000 * 2 ** Math.min(this.failures, 10));
        // A halt is not retried on a timer: only "sync now" or a restart tries again.
        if (!this.halted) this.schedule(backoff * (0.5 + Math.random() / 2)); // jitter: devices do not retry in step
        this.opts.store.transaction((w) => setSyncValue(w, 'last_error', this.lastError ?? ''));
        throw err;
      })
      .finally(() => {
        clearTimeout(timeout);
        this.running = null;
        this.progress = null;
      });
    return this.running;
  }

  /**
   * Uploads attachment blobs in the background, one run at a time. Not part of the round: a large file
   * never delays the next push, and its failure never fails the round; what is left goes next round.
   */
  private blobStore(): BlobStore | null {
    if (this.opts.blobStore !== undefined) return this.opts.blobStore;
    return (this.defaultBlobStore ??= workstationBlobs(this.opts.store));
  }

  private startBlobQueue(serverUrl: string): void {
    const blobStore = this.blobStore();
    const credentials = this.opts.tokens.load();
    if (this.blobRun || !blobStore || !credentials) return;
    const { token } = credentials;
    // The blob queue goes through the same pinned connections as the rounds.
    const link = headOfficeLink(serverUrl, credentials.pin);
    const abort = new AbortController();
    const watchdog = setTimeout(() => abort.abort(new Error('blob upload took too long')), WATCHDOG_MS);
    this.blobAbort = abort;
    this.blobRun = runBlobQueue({ store: this.opts.store, blobStore, serverUrl, token, signal: abort.signal, clock: this.opts.clock, fetch: link.fetch })
      .then(
        () => undefined,
        () => undefined, // the reason is kept in blob_uploads.last_error
      )
      .finally(() => {
        clearTimeout(watchdog);
        this.blobRun = null;
        this.blobAbort = null;
      });
  }
}
