// Everything offline for one register in this tab: the catalog copy kept fresh, the receipt counter,
// and the outbox with its sync loop. RegisterPage starts one per register once it holds the tab lock.
import type { ScaleBarcodeLayout } from '../../../shared/barcode/normalize';
import type { PricedSale } from '../../../shared/pricing/sale-pricing';
import type { CreateSaleInput } from '../../../shared/schemas/sales';
import { ApiError } from '../api/http';
import { reserveReceiptSequence } from './catalog-api';
import { catalogFeedOf, countCachedProducts, syncCatalog } from './catalog-sync';
import { type OfflineDb, readMeta } from './db';
import { type LocalLookup, lookupLocalProduct, searchLocalProducts } from './local-catalog';
import { NoReceiptCounterError, queueSale, readCounter, storeReservedCounter } from './outbox';
import { buildLocalReceipt, type LocalReceipt, type OutboxRecord } from './outbox-record';
import { type Approval, OutboxSync, type OutboxStatus, type SendOutcome } from './outbox-sync';

/** Background catalog refresh while the till is open. */
const CATALOG_SYNC_EVERY_MS = 60_000;
/** How long the cashier waits for the server before the sale completes on the till alone. */
export const ONLINE_SEND_TIMEOUT_MS = 8000;

export type CatalogStatus = {
  isSyncing: boolean;
  productCount: number;
  syncedAt: string | null;
  lastError: string | null;
};

export type RegisterOfflineStatus = {
  isBrowserOnline: boolean;
  outbox: OutboxStatus;
  catalog: CatalogStatus;
};

/** What completing a sale ended with, for the register's screen. */
export type CompletedSale =
  | Extract<SendOutcome, { kind: 'sent' | 'refused' }>
  /** Complete on this till; queued and sent later. */
  | { kind: 'local'; receipt: LocalReceipt };

export type SaleToComplete = {
  body: CreateSaleInput;
  priced: PricedSale;
  /** Name, unit and quantity of each line, in the body's order, for the local receipt. */
  lines: { name: string; unit: 'each' | 'weight'; quantity: number }[];
  cashRoundingCents: number;
};

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

export class RegisterOffline {
  readonly outbox: OutboxSync;
  private readonly listeners = new Set<() => void>();
  private catalog: CatalogStatus = { isSyncing: false, productCount: 0, syncedAt: null, lastError: null };
  private status: RegisterOfflineStatus;
  private catalogTimer: ReturnType<typeof setInterval> | null = null;
  private catalogRun: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(
    readonly db: OfflineDb,
    readonly storeId: string,
    readonly registerId: string,
  ) {
    this.outbox = new OutboxSync({
      db,
      registerId,
      reserveCounter: () => this.reserveCounter().then(() => undefined),
    });
    this.status = { isBrowserOnline: isOnline(), outbox: this.outbox.getStatus(), catalog: this.catalog };
    this.outbox.subscribe(() => this.emit());
  }

  /** Starts the background work: counter, outbox, first or delta catalog sync, then every minute and on reconnect. */
  start(): void {
    window.addEventListener('online', this.onConnectivity);
    window.addEventListener('offline', this.onConnectivity);
    void this.loadCatalogMeta();
    void this.ensureCounter().catch(() => undefined);
    void this.outbox.kick();
    void this.syncCatalogNow();
    this.catalogTimer = setInterval(() => void this.syncCatalogNow(), CATALOG_SYNC_EVERY_MS);
  }

  stop(): void {
    window.removeEventListener('online', this.onConnectivity);
    window.removeEventListener('offline', this.onConnectivity);
    if (this.catalogTimer !== null) {
      clearInterval(this.catalogTimer);
    }
    this.abort.abort();
    this.outbox.stop();
  }

  private readonly onConnectivity = () => {
    this.emit();
    if (isOnline()) {
      void this.ensureCounter().catch(() => undefined);
      void this.outbox.kick();
      void this.syncCatalogNow();
    }
  };

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  getStatus(): RegisterOfflineStatus {
    return this.status;
  }

  private emit(): void {
    this.status = { isBrowserOnline: isOnline(), outbox: this.outbox.getStatus(), catalog: this.catalog };
    for (const listener of this.listeners) {
      listener();
    }
  }

  private setCatalog(change: Partial<CatalogStatus>): void {
    this.catalog = { ...this.catalog, ...change };
    this.emit();
  }

  private async loadCatalogMeta(): Promise<void> {
    this.setCatalog({
      productCount: await countCachedProducts(this.db),
      syncedAt: (await readMeta(this.db, 'catalogSyncedAt')) ?? null,
    });
  }

  /** Brings the catalog copy up to date (one run at a time); resolves when this run ends. */
  syncCatalogNow(): Promise<void> {
    if (this.catalogRun) {
      return this.catalogRun;
    }
    this.setCatalog({ isSyncing: true });
    this.catalogRun = syncCatalog(this.db, catalogFeedOf(this.storeId, this.abort.signal))
      .then(
        async () => {
          this.setCatalog({ lastError: null });
          await this.loadCatalogMeta();
        },
        (error: unknown) => {
          this.setCatalog({ lastError: error instanceof Error ? error.message : String(error) });
        },
      )
      .finally(() => {
        this.catalogRun = null;
        this.setCatalog({ isSyncing: false });
      });
    return this.catalogRun;
  }

  /** Reserves the register's receipt numbers from the server once; later the till counts on its own. */
  async ensureCounter(): Promise<void> {
    if ((await readCounter(this.db, this.registerId)) === null) {
      await this.reserveCounter();
    }
  }

  async reserveCounter() {
    const reserved = await reserveReceiptSequence(this.storeId, this.registerId);
    return storeReservedCounter(this.db, this.registerId, reserved);
  }

  lookup(code: string, layout: ScaleBarcodeLayout): Promise<LocalLookup | null> {
    return lookupLocalProduct(this.db, code, layout);
  }

  search(text: string) {
    return searchLocalProducts(this.db, text);
  }

  /**
   * Numbers and queues the sale, then (online) waits a few seconds for the server so the receipt is the
   * server's. Offline or without an answer in time the sale is complete on the till and synced later.
   */
  async completeSale(sale: SaleToComplete): Promise<CompletedSale> {
    const { approval, ...body } = sale.body;
    const soldAt = new Date().toISOString();
    const build = (receiptNumber: string) => ({
      body: { ...body, receiptNumber, soldAt },
      receipt: buildLocalReceipt({
        receiptNumber,
        soldAt,
        priced: sale.priced,
        lines: sale.lines,
        tenders: body.tenders,
        cashRoundingCents: sale.cashRoundingCents,
      }),
    });
    let record: OutboxRecord;
    try {
      record = await queueSale(this.db, this.registerId, build);
    } catch (error) {
      if (!(error instanceof NoReceiptCounterError)) {
        throw error;
      }
      // Never online since set up: the first sale reserves the numbers, which needs the server.
      await this.reserveCounter().catch((cause: unknown) => {
        throw new ApiError({
          status: 409,
          code: 'NO_RECEIPT_NUMBERS',
          message:
            'this register has no receipt numbers yet; it must reach the server once before it can sell offline',
          cause,
        });
      });
      record = await queueSale(this.db, this.registerId, build);
    }
    let outcome: SendOutcome = { kind: 'pending' };
    if (isOnline()) {
      outcome = await this.outbox.waitFor(
        record.saleId,
        ONLINE_SEND_TIMEOUT_MS,
        approval as Approval | undefined,
      );
    } else {
      void this.outbox.kick();
    }
    if (outcome.kind === 'pending') {
      return { kind: 'local', receipt: record.receipt };
    }
    return outcome;
  }
}

/** True for an error that means "no server to talk to", as opposed to a server's answer. */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof ApiError && (error.status === 0 || error.code === 'UNAVAILABLE' || error.status >= 502)
  );
}
