// Sends the outbox to the server, oldest first, one at a time, the very same body on every try.
import { type Sale, saleSchema } from '../../../shared/schemas/sales';
import { ApiError, http } from '../api/http';
import type { OfflineDb } from './db';
import {
  firstQueued,
  listOutbox,
  markRejected,
  noteFailedAttempt,
  removeSent,
  requeueRejected,
  withdrawSale,
} from './outbox';
import type { OutboxRecord, OutboxSaleBody } from './outbox-record';

export type Approval = { username: string; pin: string };

/** What the cashier's wait for one sale ended with. */
export type SendOutcome =
  | { kind: 'sent'; sale: Sale }
  /** The server refused it while the cashier waited; it was taken back out of the outbox. */
  | { kind: 'refused'; error: ApiError }
  /** No answer in time (or offline): the sale stays queued and is complete on this till. */
  | { kind: 'pending' };

export type OutboxStatus = {
  queued: number;
  rejected: number;
  isSending: boolean;
  /** False after a send failed for want of a network or server; true after any answer. */
  isReachable: boolean;
  /** The server wants a fresh sign-in before it takes sales (401 / CSRF): the queue waits. */
  needsSignIn: boolean;
  lastError: string | null;
};

export type OutboxSyncOptions = {
  db: OfflineDb;
  registerId: string;
  send?: (body: OutboxSaleBody & { approval?: Approval }) => Promise<Sale>;
  /** Called after a 409 RECEIPT_NUMBER_TAKEN: the local counter is behind the server's. */
  reserveCounter: () => Promise<void>;
  /** Backoff after the n-th transient failure in a row, in ms. */
  retryDelayMs?: (failures: number) => number;
};

export function postSale(body: OutboxSaleBody & { approval?: Approval }): Promise<Sale> {
  return http.post('/api/sales', { body, parse: (answer) => saleSchema.parse(answer) });
}

function defaultRetryDelayMs(failures: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5));
  return base + Math.floor(Math.random() * 500);
}

type Verdict = 'retry' | 'sign-in' | 'refused';

/** Network, timeouts, 5xx and 429 are worth retrying; 401/CSRF wait for a sign-in; any other 4xx is a refusal. */
export function verdictOf(error: unknown): Verdict {
  if (!(error instanceof ApiError)) {
    return 'retry';
  }
  if (error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429) {
    return 'retry';
  }
  if (error.status === 401 || error.code === 'CSRF_FAILED') {
    return 'sign-in';
  }
  return 'refused';
}

type Waiter = { resolve: (outcome: SendOutcome) => void; timer: ReturnType<typeof setTimeout> };

export class OutboxSync {
  private readonly db: OfflineDb;
  private readonly registerId: string;
  private readonly send: NonNullable<OutboxSyncOptions['send']>;
  private readonly reserveCounter: () => Promise<void>;
  private readonly retryDelayMs: (failures: number) => number;
  private readonly listeners = new Set<(status: OutboxStatus) => void>();
  private readonly waiters = new Map<string, Waiter>();
  // Approvals travel with the request only: kept in memory for this tab, never written to IndexedDB.
  private readonly approvals = new Map<string, Approval>();
  private isDraining = false;
  private drainAgain = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private isStopped = false;
  private status: OutboxStatus = {
    queued: 0,
    rejected: 0,
    isSending: false,
    isReachable: true,
    needsSignIn: false,
    lastError: null,
  };

  constructor(options: OutboxSyncOptions) {
    this.db = options.db;
    this.registerId = options.registerId;
    this.send = options.send ?? postSale;
    this.reserveCounter = options.reserveCounter;
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  }

  getStatus(): OutboxStatus {
    return this.status;
  }

  subscribe(listener: (status: OutboxStatus) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  stop(): void {
    this.isStopped = true;
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
    }
    for (const [saleId, waiter] of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve({ kind: 'pending' });
      this.waiters.delete(saleId);
    }
  }

  /** Sends what is queued now (after a new sale, on reconnect, or when a manager retries). */
  kick(): Promise<void> {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    return this.drain();
  }

  /**
   * Waits up to `timeoutMs` for the server's answer to one queued sale (the cashier's online path).
   * The approval, if any, goes with that sale's requests in this tab only.
   */
  waitFor(saleId: string, timeoutMs: number, approval?: Approval): Promise<SendOutcome> {
    if (approval) {
      this.approvals.set(saleId, approval);
    }
    const outcome = new Promise<SendOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(saleId);
        resolve({ kind: 'pending' });
      }, timeoutMs);
      this.waiters.set(saleId, { resolve, timer });
    });
    void this.kick();
    return outcome;
  }

  async retryRejected(seq: number): Promise<void> {
    await requeueRejected(this.db, seq);
    await this.refreshCounts();
    await this.kick();
  }

  async refreshCounts(): Promise<OutboxRecord[]> {
    const records = await listOutbox(this.db, this.registerId);
    this.update({
      queued: records.filter((record) => record.state === 'queued').length,
      rejected: records.filter((record) => record.state === 'rejected').length,
    });
    return records;
  }

  private update(change: Partial<OutboxStatus>): void {
    this.status = { ...this.status, ...change };
    for (const listener of this.listeners) {
      listener(this.status);
    }
  }

  private settle(saleId: string, outcome: SendOutcome): boolean {
    const waiter = this.waiters.get(saleId);
    if (!waiter) {
      return false;
    }
    clearTimeout(waiter.timer);
    this.waiters.delete(saleId);
    waiter.resolve(outcome);
    return true;
  }

  private async drain(): Promise<void> {
    if (this.isDraining) {
      this.drainAgain = true;
      return;
    }
    this.isDraining = true;
    try {
      await this.refreshCounts();
      while (!this.isStopped) {
        const record = await firstQueued(this.db, this.registerId);
        if (!record || record.seq === undefined) {
          break;
        }
        this.update({ isSending: true });
        const isDone = await this.sendOne(record, record.seq);
        await this.refreshCounts();
        if (!isDone) {
          break;
        }
      }
    } catch (error) {
      // IndexedDB itself failed (closed, quota): try again later rather than lose the loop.
      this.update({ lastError: error instanceof Error ? error.message : String(error) });
      this.scheduleRetry();
    } finally {
      this.isDraining = false;
      this.update({ isSending: false });
      if (this.drainAgain && !this.isStopped) {
        this.drainAgain = false;
        void this.drain();
      }
    }
  }

  /** One try at the oldest queued sale; false when the queue must wait (retry later). */
  private async sendOne(record: OutboxRecord, seq: number): Promise<boolean> {
    const approval = this.approvals.get(record.saleId);
    try {
      const sale = await this.send(approval ? { ...record.body, approval } : record.body);
      await removeSent(this.db, seq);
      this.approvals.delete(record.saleId);
      this.failures = 0;
      this.update({ isReachable: true, needsSignIn: false, lastError: null });
      this.settle(record.saleId, { kind: 'sent', sale });
      return true;
    } catch (error) {
      const verdict = verdictOf(error);
      if (verdict !== 'refused' || !(error instanceof ApiError)) {
        const message = error instanceof Error ? error.message : String(error);
        await noteFailedAttempt(this.db, seq, message);
        this.failures += 1;
        this.update({
          isReachable: !(error instanceof ApiError && error.status === 0),
          needsSignIn: verdict === 'sign-in',
          lastError: message,
        });
        // The queue is stuck for now: whoever waits for a sale gets it as complete on this till.
        for (const saleId of [...this.waiters.keys()]) {
          this.settle(saleId, { kind: 'pending' });
        }
        this.scheduleRetry();
        return false;
      }
      this.failures = 0;
      this.update({ isReachable: true, needsSignIn: false });
      this.approvals.delete(record.saleId);
      if (error.code === 'RECEIPT_NUMBER_TAKEN') {
        // The till's counter is behind the server's: a real problem, kept for a manager; take fresh numbers.
        // The customer has paid: for the cashier the sale is complete on this till; the manager sees it.
        await markRejected(this.db, seq, rejectionOf(error));
        this.settle(record.saleId, { kind: 'pending' });
        await this.reserveCounter().catch(() => undefined);
        return true;
      }
      if (this.waiters.has(record.saleId)) {
        await withdrawSale(this.db, seq);
        this.settle(record.saleId, { kind: 'refused', error });
      } else {
        await markRejected(this.db, seq, rejectionOf(error));
      }
      return true;
    }
  }

  private scheduleRetry(): void {
    if (this.isStopped || this.retryTimer !== null) {
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.drain();
    }, this.retryDelayMs(this.failures));
  }
}

function rejectionOf(error: ApiError) {
  return {
    status: error.status,
    code: error.code,
    message: error.message,
    details: error.details,
    requestId: error.requestId,
    at: new Date().toISOString(),
  };
}
