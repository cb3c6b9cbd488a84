// What the outbox keeps for each sale: the exact body to send, its state, and the receipt the till showed.
import type { PricedSale } from '../../../shared/pricing/sale-pricing';
import { settleTenders } from '../../../shared/pricing/sale-pricing';
import type { CreateSaleInput } from '../../../shared/schemas/sales';

/** A sale as queued: numbered by the till, stamped with when it was completed. Never holds an approval PIN. */
export type OutboxSaleBody = Omit<CreateSaleInput, 'approval'> & { receiptNumber: string; soldAt: string };

/** The server's refusal of a queued sale, kept for a manager. */
export type OutboxRejection = {
  status: number;
  code: string;
  message: string;
  details: { path: string; message: string }[];
  requestId: string | null;
  at: string;
};

export type LocalReceiptLine = {
  name: string;
  unit: 'each' | 'weight';
  /** Pieces, or grams. */
  quantity: number;
  totalCents: number;
};

/** The receipt the till shows for a sale it completed on its own (priced by the shared pricing engine). */
export type LocalReceipt = {
  receiptNumber: string;
  soldAt: string;
  lines: LocalReceiptLine[];
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  roundingCents: number;
  changeDueCents: number;
  tenders: { method: 'cash' | 'card' | 'store_credit'; amountCents: number; reference: string | null }[];
};

export type OutboxRecord = {
  /** Queue order, assigned by IndexedDB. */
  seq?: number;
  registerId: string;
  saleId: string;
  receiptNumber: string;
  body: OutboxSaleBody;
  state: 'queued' | 'rejected';
  queuedAt: string;
  attempts: number;
  /** The last transient failure (network, 5xx), for the banner; null before the first try. */
  lastError: string | null;
  rejection: OutboxRejection | null;
  receipt: LocalReceipt;
};

/** The receipt of a locally completed sale: the priced cart plus the settlement of its tenders. */
export function buildLocalReceipt(input: {
  receiptNumber: string;
  soldAt: string;
  priced: PricedSale;
  lines: { name: string; unit: 'each' | 'weight'; quantity: number }[];
  tenders: CreateSaleInput['tenders'];
  cashRoundingCents: number;
}): LocalReceipt {
  const settlement = settleTenders({
    totalCents: input.priced.totalCents,
    tenders: input.tenders,
    cashRoundingCents: input.cashRoundingCents,
  });
  return {
    receiptNumber: input.receiptNumber,
    soldAt: input.soldAt,
    lines: input.lines.map((line, index) => ({
      ...line,
      totalCents: input.priced.lines[index]?.totalCents ?? 0,
    })),
    subtotalCents: input.priced.subtotalCents,
    discountCents: input.priced.discountCents,
    taxCents: input.priced.taxCents,
    totalCents: input.priced.totalCents,
    roundingCents: settlement.roundingCents,
    changeDueCents: settlement.changeDueCents,
    tenders: input.tenders.map((tender) => ({
      method: tender.method,
      amountCents: tender.amountCents,
      reference: tender.reference ?? null,
    })),
  };
}

/** Receipt number as the server formats it: prefix + number zero-padded to 6 digits (wider when larger). */
export function formatReceiptNumber(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(6, '0')}`;
}
