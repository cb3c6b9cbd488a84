import { type Settlement, settleTenders, TenderShortError } from '../../../../shared/pricing/sale-pricing';
import type { CreateSaleInput } from '../../../../shared/schemas/sales';

export type PaymentMode = 'cash' | 'card' | 'split';

export type TenderInput = CreateSaleInput['tenders'][number];

export type PaymentEntry = { cashCents: number | null; cardCents: number | null; cardReference: string };

/** The tenders a payment entry makes, in the order the receipt lists them (card first, then cash). */
export function buildTenders(mode: PaymentMode, entry: PaymentEntry): TenderInput[] {
  const tenders: TenderInput[] = [];
  const reference = entry.cardReference.trim();
  if ((mode === 'card' || mode === 'split') && entry.cardCents !== null && entry.cardCents > 0) {
    tenders.push({ method: 'card', amountCents: entry.cardCents, reference });
  }
  if ((mode === 'cash' || mode === 'split') && entry.cashCents !== null && entry.cashCents > 0) {
    tenders.push({ method: 'cash', amountCents: entry.cashCents });
  }
  return tenders;
}

/** What a sale paid wholly in cash is due: the total, rounded to the store's cash step when it has one. */
export function cashDueCents(totalCents: number, cashRoundingCents: number): number {
  if (totalCents <= 0) {
    return totalCents;
  }
  return settleTenders({
    totalCents,
    tenders: [{ method: 'cash', amountCents: Number.MAX_SAFE_INTEGER }],
    cashRoundingCents,
  }).dueCents;
}

export type PaymentCheck = { ok: true; settlement: Settlement } | { ok: false; problem: string };

/** The same settlement rules the server applies, run before sending so the cashier sees problems at once. */
export function checkPayment(
  totalCents: number,
  tenders: readonly TenderInput[],
  cashRoundingCents: number,
): PaymentCheck {
  if (tenders.length === 0) {
    return { ok: false, problem: 'Enter an amount.' };
  }
  const card = tenders.find((tender) => tender.method === 'card');
  if (card && (card.reference === undefined || card.reference === '')) {
    return { ok: false, problem: 'Type the reference the card terminal printed.' };
  }
  try {
    return { ok: true, settlement: settleTenders({ totalCents, tenders, cashRoundingCents }) };
  } catch (error) {
    if (error instanceof TenderShortError) {
      return { ok: false, problem: 'The payment does not cover the amount due yet.' };
    }
    // settleTenders' other refusal: a card tender above what is due (only cash gives change).
    return { ok: false, problem: 'The card amount is more than is due: only cash can give change.' };
  }
}
