/** What the person receiving has entered per product id, as typed text (an empty box is 0). */
export type ReceivedQuantities = Record<string, string>;

/** One scan adds one unit to the product's line, whatever was typed there before (blank counts as 0). */
export function addScannedUnit(quantities: ReceivedQuantities, productId: string): ReceivedQuantities {
  const current = Number.parseInt(quantities[productId] ?? '', 10);
  return { ...quantities, [productId]: String((Number.isNaN(current) ? 0 : current) + 1) };
}

export type ParsedQuantities =
  | { ok: true; lines: { productId: string; quantity: number }[] }
  | { ok: false; errors: Record<string, string> };

/**
 * The lines to send: blank or 0 is "nothing arrived" and left out; anything else must be a whole number
 * above 0. Errors are keyed by product id so each shows next to its box.
 */
export function parseReceivedQuantities(
  productIds: readonly string[],
  quantities: ReceivedQuantities,
): ParsedQuantities {
  const lines: { productId: string; quantity: number }[] = [];
  const errors: Record<string, string> = {};
  for (const productId of productIds) {
    const text = (quantities[productId] ?? '').trim();
    if (text === '' || text === '0') {
      continue;
    }
    if (!/^\d+$/.test(text)) {
      errors[productId] = 'must be a whole number, 0 or more';
      continue;
    }
    lines.push({ productId, quantity: Number(text) });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, lines };
}
