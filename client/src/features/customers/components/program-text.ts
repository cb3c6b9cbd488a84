import type { LoyaltyProgram } from '../api/list-loyalty-programs';

/** "Brand Acme · Dog > Food · 3 products": what counts toward the program. */
export function describeQualifying(
  qualifying: LoyaltyProgram['qualifying'],
  categoryPath: ReadonlyMap<string, string>,
): string {
  const parts: string[] = [];
  if (qualifying.brand !== undefined) {
    parts.push(`brand ${qualifying.brand}`);
  }
  if (qualifying.categoryId !== undefined) {
    parts.push(categoryPath.get(qualifying.categoryId) ?? 'a category');
  }
  if (qualifying.productIds !== undefined) {
    parts.push(`${qualifying.productIds.length} product${qualifying.productIds.length === 1 ? '' : 's'}`);
  }
  return parts.join(' · ');
}

/** "Buy 12, get 1 free". */
export function describeRule(program: Pick<LoyaltyProgram, 'buyQuantity' | 'rewardQuantity'>): string {
  return `Buy ${program.buyQuantity}, get ${program.rewardQuantity} free`;
}

export function describeWindow(windowMonths: number | null): string {
  return windowMonths === null ? 'no time limit' : `within ${windowMonths} months`;
}
