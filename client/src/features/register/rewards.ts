// Frequent-buyer rewards at the till: which cart lines a program covers, what the attached customer has
// earned, and which free units go beyond it (a manager's approval). The server checks all of it again.
import type { LoyaltyProgram } from '../../../../shared/schemas/loyalty';
import type { Cart, CartLine, CartProduct } from './cart';

export type RewardProgress = { programId: string; programName: string; rewardsAvailable: number };

export type RewardApproval = { path: string; reason: 'reward' };

export type Redemption =
  | { ok: true; lineKey: string; programId: string; units: number; earned: boolean }
  | { ok: false; message: string };

/** The server's rule: a product qualifies when it matches every field the program sets (brand: any case). */
export function productQualifies(qualifying: LoyaltyProgram['qualifying'], product: CartProduct): boolean {
  if (qualifying.productIds && !qualifying.productIds.includes(product.id)) {
    return false;
  }
  if (qualifying.brand !== undefined) {
    const brand = product.brand?.trim().toLowerCase() ?? '';
    if (brand === '' || brand !== qualifying.brand.trim().toLowerCase()) {
      return false;
    }
  }
  if (qualifying.categoryId !== undefined && product.categoryId !== qualifying.categoryId) {
    return false;
  }
  return true;
}

/** Earned rewards per program not yet put on a free line of this cart. */
export function rewardsLeft(cart: Cart, progress: readonly RewardProgress[]): Map<string, number> {
  const left = new Map(progress.map((item) => [item.programId, item.rewardsAvailable]));
  for (const line of cart.lines) {
    if (line.rewardProgramId !== undefined) {
      left.set(line.rewardProgramId, (left.get(line.rewardProgramId) ?? 0) - line.quantity);
    }
  }
  return left;
}

function isPaidPieceLine(line: CartLine): boolean {
  return line.rewardProgramId === undefined && line.product.unit === 'each';
}

/**
 * What Alt+Y makes free: the selected line when a program covers it, else the first covered line that has an
 * earned reward waiting. As many units as are earned (and on the line); with none earned, one unit, which a
 * manager must approve.
 */
export function planRedemption(
  cart: Cart,
  programs: readonly LoyaltyProgram[],
  progress: readonly RewardProgress[],
): Redemption {
  const left = rewardsLeft(cart, progress);
  const programsOf = (line: CartLine) =>
    programs.filter((program) => program.active && productQualifies(program.qualifying, line.product));
  const covered = cart.lines.filter((line) => isPaidPieceLine(line) && programsOf(line).length > 0);
  if (covered.length === 0) {
    return {
      ok: false,
      message:
        programs.length === 0
          ? 'This store has no frequent-buyer program.'
          : 'Nothing on this sale counts for a frequent-buyer program. Scan the free item first.',
    };
  }
  const withEarned = (line: CartLine) => programsOf(line).find((program) => (left.get(program.id) ?? 0) > 0);
  const selected = covered.find((line) => line.key === cart.selectedKey);
  const line = selected ?? covered.find((item) => withEarned(item) !== undefined) ?? covered[0]!;
  const earnedProgram = withEarned(line);
  if (earnedProgram) {
    const units = Math.min(left.get(earnedProgram.id) ?? 0, line.quantity);
    return { ok: true, lineKey: line.key, programId: earnedProgram.id, units, earned: true };
  }
  return { ok: true, lineKey: line.key, programId: programsOf(line)[0]!.id, units: 1, earned: false };
}

/**
 * Free lines beyond what the customer has earned, in the order the server takes rewards (line by line):
 * each needs a manager's approval. (The server may also refuse an earned reward worth less than the item.)
 */
export function rewardApprovalsNeeded(cart: Cart, progress: readonly RewardProgress[]): RewardApproval[] {
  const left = new Map(progress.map((item) => [item.programId, item.rewardsAvailable]));
  const needs: RewardApproval[] = [];
  cart.lines.forEach((line, index) => {
    if (line.rewardProgramId === undefined) {
      return;
    }
    const available = left.get(line.rewardProgramId) ?? 0;
    left.set(line.rewardProgramId, Math.max(0, available - line.quantity));
    if (line.quantity > available) {
      needs.push({ path: `lines.${index}.rewardProgramId`, reason: 'reward' });
    }
  });
  return needs;
}

/**
 * What the manager is asked to approve for free lines, naming the item. The server's detail tells when a
 * reward was earned but is worth less than this item (a reward is worth at most the cheapest unit that earned it).
 */
export function describeRewardApprovals(
  needs: readonly { path: string; message?: string }[],
  cart: Cart,
): string[] {
  return needs.map(({ path, message }) => {
    const index = /^lines\.(\d+)\./.exec(path)?.[1];
    const name = (index === undefined ? undefined : cart.lines[Number(index)])?.product.name ?? 'item';
    return message?.includes('worth up to')
      ? `Free ${name}: the customer’s reward is worth less than this item`
      : `Free ${name} the customer has not earned`;
  });
}

/** "1 free unit earned", "2 free units earned", or how far the customer is from the next. */
export function describeProgress(item: {
  buyQuantity: number;
  rewardQuantity: number;
  unitsTowardNext: number;
  rewardsAvailable: number;
}): string {
  if (item.rewardsAvailable > 0) {
    return `${item.rewardsAvailable} free ${item.rewardsAvailable === 1 ? 'unit' : 'units'} earned`;
  }
  return `${item.unitsTowardNext} of ${item.buyQuantity} bought toward ${item.rewardQuantity} free`;
}
