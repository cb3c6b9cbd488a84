export type QuickCashAmount = { label: string; amountCents: number };

function nextMultiple(amountCents: number, stepCents: number): number {
  return Math.ceil(amountCents / stepCents) * stepCents;
}

/**
 * The cash buttons for an amount due: exact, the next $5, $10 and $20 at or above it, then $50 and $100 (or,
 * above them, the next multiple: $132.17 offers $150 and $200, what a customer hands over in $50s and $100s).
 * Each amount once (a $20.00 sale shows "Exact" only once), smallest first.
 */
export function quickCashAmounts(dueCents: number): QuickCashAmount[] {
  if (!Number.isInteger(dueCents) || dueCents <= 0) {
    return [];
  }
  const candidates: QuickCashAmount[] = [
    { label: 'Exact', amountCents: dueCents },
    { label: 'Next $5', amountCents: nextMultiple(dueCents, 500) },
    { label: 'Next $10', amountCents: nextMultiple(dueCents, 1000) },
    { label: 'Next $20', amountCents: nextMultiple(dueCents, 2000) },
    { label: dueCents <= 5000 ? '$50' : 'Next $50', amountCents: nextMultiple(dueCents, 5000) },
    { label: dueCents <= 10_000 ? '$100' : 'Next $100', amountCents: nextMultiple(dueCents, 10_000) },
  ];
  const seen = new Set<number>();
  return candidates
    .filter((candidate) => candidate.amountCents >= dueCents)
    .filter((candidate) => {
      if (seen.has(candidate.amountCents)) {
        return false;
      }
      seen.add(candidate.amountCents);
      return true;
    })
    .sort((a, b) => a.amountCents - b.amountCents);
}
