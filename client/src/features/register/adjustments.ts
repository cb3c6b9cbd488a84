// What the cashier types in the discount, price and approval dialogs, checked the way the API checks it.
import type { ApprovalReason } from '../../../../shared/pricing/cart';
import type { Cart } from './cart';
import { parseMoneyInput } from './money';

export type AdjustmentType = 'percent' | 'amount';

/**
 * "12.5" as a percentage → 12.5 (0–100, at most two decimals, as the API accepts); "2.50" as an amount →
 * 250 cents. Null when it is neither.
 */
export function parseAdjustmentValue(type: AdjustmentType, text: string): number | null {
  if (type === 'amount') {
    return parseMoneyInput(text);
  }
  const cleaned = text.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(cleaned)) {
    return null;
  }
  const value = Number(cleaned);
  return value > 100 ? null : value;
}

/** The API's approval PIN: 4 to 8 digits. */
export function isPinWellFormed(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
}

/** What the manager is asked to approve, one phrase per reason, naming the item. */
export function describeApprovals(reasons: readonly ApprovalReason[], cart: Cart): string[] {
  return reasons.map(({ path, reason }) => {
    const index = /^lines\.(\d+)\./.exec(path)?.[1];
    const line = index === undefined ? undefined : cart.lines[Number(index)];
    if (line === undefined) {
      return 'Discount on the whole sale above the cashier limit';
    }
    return reason === 'price_override'
      ? `Price change on ${line.product.name}`
      : `Discount on ${line.product.name} above the cashier limit`;
  });
}
