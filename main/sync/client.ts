// One sync round (DESIGN.md §7): hello, push the outbox in seq order, pull each scope page by page.
// Each pulled page and its new cursor are applied in ONE SQLite transaction, so a crash at any point
// leaves either the old cursor and rows or the new ones.
import { todayInTimeZone } from '../../shared/domain/dates';
import { workstationTimeZone } from '../services/policies';
import { refreshCollectionQueue } from '../services/collections/queueSummary';
import { loansOfCustomers } from '../../db/local/queries/collectionQueue';
import { refreshLoanMetrics } from '../services/metrics';
import { sendablePrefix } from './blobGate';
import type { BlobStore } from '../services/blobStore';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonicalJson';
import { MAX_PUSH_BATCH, PROTOCOL_VERSION, type HelloResponse, type PullResponse } from '../../shared/sync/protocol';
import type { LocalStore } from '../../db/local/store';
import {
  applyChanges,
  clearScope,
  firstRefusedSeq,
  pendingOutbox,
  recordPushResults,
  resetInFlight,
  setOutboxStatus,
} from '../../db/local/syncStore';
import { getSyncValue, setSyncValue } from '../../db/local/syncState';
import { checkRowSum } from './antiEntropy';
import { firstSeqTouchedBy, rebaseAround } from './rebase';
import { SyncTransportError, type SyncTransport } from './transport';

const LOCAL_SCHEMA_VERSION = 13; // the number of local migrations
/** A scope is reset at most this many times per round, so a confused server can never loop us. */
const MAX_RESETS_PER_ROUND = 2;
const MAX_CHECKSUM_RETRIES = 2;

export interface SyncProgress {
  phase: 'hello' | 'push' | 'pull' | 'idle';
  scope?: string;
  pulledRows: number;
  pushed: number;
}

export interface SyncReport {
  pushed: number;
  pulled: number;
  upgradeRequired: boolean;
  skewMs: number;
}

export interface SyncClientOptions {
  store: LocalStore;
  transport: SyncTransport;
  clientId: string;
  appVersion: string;
  clock?: () => Date;
  onProgress?: (p: SyncProgress) => void;
  /** The attachment files the blob queue uploads; mutations needing files wait for them (null: no files). */
  blobStore?: BlobStore | null;
  /** Recompute the local row sums from every row this round instead of trusting the kept ones. */
  verifyFromScratch?: boolean;
  /**
   * Keeps a token head office handed out at hello (rotation), before the round's next request uses it.
   * Without it the old token goes on working until it expires, and each hello is handed a new one.
   */
  saveRotatedToken?: (token: string) => void;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class SyncClient {
  private readonly clock: () => Date;
  private touchedLoans: { loans: Set<string>; all: boolean } = { loans: new Set(), all: false };
  /** Loans whose contacts, promises or assignment, and customers whose contact points, came down: their queue rows. */
  private touchedQueue: { loans: Set<string>; customers: Set<string>; all: boolean } = { loans: new Set(), customers: new Set(), all: false };

  constructor(private readonly opts: SyncClientOptions) {
    this.clock = opts.clock ?? (() => new Date());
  }

  async syncOnce(): Promise<SyncReport> {
    const { store, transport } = this.opts;
    store.transaction((w) => resetInFlight(w));
    this.progress({ phase: 'hello', pulledRows: 0, pushed: 0 });
    let hello: HelloResponse;
    try {
      hello = await transport.hello({
        protocolVersion: PROTOCOL_VERSION,
        appVersion: this.opts.appVersion,
        schemaVersion: LOCAL_SCHEMA_VERSION,
        clientId: this.opts.clientId,
        deviceTime: this.clock().toISOString(),
      });
    } catch (err) {
      // A revoked device may not read any more, but its queued work still goes up: head office records
      // it as rejected, and the user sees why in the sync inbox instead of it waiting for ever.
      if (err instanceof SyncTransportError && err.kind === 'auth' && err.status === 403) await this.push().catch(() => 0);
      throw err;
    }
    // Saved before the push: if it cannot be kept, the round stops here and the old token still works.
    if (hello.rotatedToken) this.opts.saveRotatedToken?.(hello.rotatedToken.token);
    // Device clocks never decide anything; the skew is only shown to the user.
    const skewMs = Date.parse(hello.serverTime) - this.clock().getTime();
    store.transaction((w) => {
      setSyncValue(w, 'server_skew_ms', String(skewMs));
      setSyncValue(w, 'branch_id', hello.branchId);
    });
    const pushed = await this.push();
    // Too old to read what head office now sends: keep pushing, stop pulling until upgraded.
    const pulled = hello.upgradeRequired ? 0 : await this.pullAll(hello);
    this.refreshPulledMetrics();
    store.transaction((w) => setSyncValue(w, 'last_success_at', this.clock().toISOString()));
    this.progress({ phase: 'idle', pulledRows: pulled, pushed });
    return { pushed, pulled, upgradeRequired: hello.upgradeRequired, skewMs };
  }

  private progress(p: SyncProgress): void {
    this.opts.onProgress?.(p);
  }

  private async push(): Promise<number> {
    const { store, transport } = this.opts;
    let pushed = 0;
    for (;;) {
      const pending = pendingOutbox(store.read(), MAX_PUSH_BATCH);
      const batch = this.opts.blobStore ? sendablePrefix(store.read(), this.opts.blobStore, pending) : pending;
      if (batch.length === 0) return pushed;
      store.transaction((w) => setOutboxStatus(w, batch.map((m) => m.seq), 'in_flight'));
      let answer;
      try {
        answer = await transport.push({
          clientId: this.opts.clientId,
          mutations: batch.map((m) => ({
            seq: m.seq,
            mutationId: m.mutationId,
            name: m.name,
            args: m.args,
            baseVersions: m.baseVersions,
            userId: m.userId,
            deviceTime: m.deviceTime,
            // Unsigned entries (made before keys existed) go without the field, as older head offices expect.
            ...(m.signature ? { signature: m.signature } : {}),
            ...(m.auditSeq !== null && m.auditHash !== null ? { auditHead: { seq: m.auditSeq, hash: m.auditHash } } : {}),
          })),
        });
      } catch (err) {
        store.transaction((w) => setOutboxStatus(w, batch.map((m) => m.seq), 'pending'));
        throw err;
      }
      const now = this.clock().toISOString();
      store.transaction((w) => {
        // A refused mutation is taken back, and the work after it applied again without it.
        rebaseAround(w, firstRefusedSeq(w, answer.results), () => recordPushResults(w, answer.results, now));
        const answered = new Set(answer.results.map((r) => r.seq));
        setOutboxStatus(w, batch.filter((m) => !answered.has(m.seq)).map((m) => m.seq), 'pending');
      });
      pushed += answer.results.length;
      this.progress({ phase: 'push', pulledRows: 0, pushed });
      if (answer.retryFromSeq !== null) {
        throw new SyncTransportError('server', `head office asked to retry from seq ${answer.retryFromSeq}`);
      }
      if (answer.results.length === 0) throw new SyncTransportError('protocol', 'push answered no results');
    }
  }

  /**
   * DPD, bucket and the overdue amounts (loan_metrics) of the loans whose terms, schedule or payments
   * came down in this round, as of today — the portfolio and the collections queue read them. A loan
   * that left the branch (or a scope reset) recomputes the whole book, which also drops stale rows.
   */
  private refreshPulledMetrics(): void {
    const { loans, all } = this.touchedLoans;
    this.touchedLoans = { loans: new Set(), all: false };
    const queue = this.touchedQueue;
    this.touchedQueue = { loans: new Set(), customers: new Set(), all: false };
    const now = this.clock();
    // A new policy (the priority or promise rules) can move every loan in the queue.
    if (queue.all && !all) this.opts.store.transaction((w) => refreshCollectionQueue(w, null, now));
    else if (!all && (queue.loans.size > 0 || queue.customers.size > 0)) {
      this.opts.store.transaction((w) => refreshCollectionQueue(w, [...new Set([...queue.loans, ...loansOfCustomers(w, [...queue.customers])])], now));
    }
    if (!all && loans.size === 0) return;
    const today = todayInTimeZone(this.clock(), workstationTimeZone(this.opts.store.read()));
    refreshLoanMetrics(this.opts.store, today, all ? undefined : [...loans]);
  }

  private noteTouchedLoans(page: PullResponse): void {
    if (page.reset) this.touchedLoans.all = true;
    for (const c of page.changes) {
      if (c.table === 'loans') {
        if (c.op === 'remove') this.touchedLoans.all = true;
        else this.touchedLoans.loans.add(c.id);
      } else if ((c.table === 'installments' || c.table === 'payments') && typeof c.row?.['loan_id'] === 'string') {
        this.touchedLoans.loans.add(c.row['loan_id']);
      } else if ((c.table === 'contacts' || c.table === 'promises_to_pay' || c.table === 'collection_assignments') && typeof c.row?.['loan_id'] === 'string') {
        this.touchedQueue.loans.add(c.row['loan_id']);
      } else if (c.table === 'customers') {
        this.touchedQueue.customers.add(c.id);
      } else if (c.table === 'policies') {
        this.touchedQueue.all = true;
      }
    }
  }

  private async pullAll(hello: HelloResponse): Promise<number> {
    let total = 0;
    for (const { scope } of hello.scopes) total += await this.pullScope(scope);
    return total;
  }

  private async pullScope(scope: string): Promise<number> {
    const { store, transport } = this.opts;
    let resets = 0;
    let checksumRetries = 0;
    let rows = 0;
    for (;;) {
      const r = store.read();
      const cursor = Number(getSyncValue(r, `cursor:${scope}`) ?? 0);
      const epoch = getSyncValue(r, `epoch:${scope}`) ?? null;
      const page: PullResponse = await transport.pull({ scope, epoch, cursor });
      if (page.count !== page.changes.length || sha256(canonicalJson(page.changes)) !== page.checksum) {
        // A damaged page is never applied; fetch the scope again from the same cursor.
        if (++checksumRetries > MAX_CHECKSUM_RETRIES) throw new SyncTransportError('protocol', `checksum mismatch on ${scope}`);
        continue;
      }
      if (page.reset && ++resets > MAX_RESETS_PER_ROUND) throw new SyncTransportError('protocol', `repeated resets of ${scope}`);
      if (!page.reset && page.fromVersion !== cursor) throw new SyncTransportError('protocol', `page of ${scope} does not start at our cursor`);
      const verdict = store.transactionTrustingReferences((w) => {
        // Pending work the page concerns is taken back first, so the page lands on head office's state.
        const fromSeq = page.reset ? (pendingOutbox(w, 1)[0]?.seq ?? null) : firstSeqTouchedBy(w, page.changes);
        const { unknownColumns } = rebaseAround(w, fromSeq, () => {
          if (page.reset) clearScope(w, scope);
          return applyChanges(w, page.changes);
        });
        // Head office sends columns this version cannot keep: its sums cover them and ours cannot, so
        // this version does not compare. After an upgrade the first comparison repairs the copy.
        if (unknownColumns) setSyncValue(w, `rowsum_skew:${scope}`, String(LOCAL_SCHEMA_VERSION));
        // Cursors only move forward; the same page applied twice equals once.
        if (page.reset || page.toVersion > cursor) setSyncValue(w, `cursor:${scope}`, String(page.toVersion));
        setSyncValue(w, `epoch:${scope}`, page.epoch);
        if (page.hasMore || !page.rowSum || getSyncValue(w, `rowsum_skew:${scope}`) === String(LOCAL_SCHEMA_VERSION)) return 'match';
        const found = checkRowSum(w, scope, page.rowSum, { fromScratch: this.opts.verifyFromScratch === true, now: this.clock().toISOString() });
        // Forgetting the epoch makes the next request a reset: the scope comes down again, the outbox stays.
        if (found === 'repair') setSyncValue(w, `epoch:${scope}`, '');
        return found;
      });
      this.noteTouchedLoans(page);
      rows += page.changes.length;
      this.progress({ phase: 'pull', scope, pulledRows: rows, pushed: 0 });
      if (!page.hasMore && verdict !== 'repair') return rows;
    }
  }
}
