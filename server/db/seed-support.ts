// Helpers shared by the demo seed and the big-data generator: store-local time, deterministic randomness,
// and the contract's half-up line arithmetic. Seed-only: the app's pricing lives in shared/.
import { createHash } from 'node:crypto';

export { addDays, businessDateAt, dayOfWeek, zonedTimeToInstant } from '../../shared/time';

/** A small fast PRNG (mulberry32): the same seed always gives the same sequence. */
export type Random = {
  /** [0, 1) */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
};

export function createRandom(seed: string | number): Random {
  let state =
    typeof seed === 'number' ? seed >>> 0 : createHash('sha256').update(seed).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) {
        throw new RangeError('pick from an empty list');
      }
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
  };
}

/** A UUID derived from a name (SHA-256, RFC 4122 layout, version 8): re-seeding produces the same ids. */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Integer division rounded half away from zero, for non-negative numerators. */
function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((numerator * 2 + denominator) / (denominator * 2));
}

/** A tax rate string ("8.875") as an integer count of 1/10 000 of a percent (88 750), exactly. */
export function rateToMicroPercent(rate: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(rate);
  if (!match) {
    throw new RangeError(`Not a tax rate: "${rate}"`);
  }
  return Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
}

/** Line tax, tax-exclusive: round(net × rate / 100), half up. */
export function lineTaxCents(netCents: number, rate: string): number {
  return divideHalfUp(netCents * rateToMicroPercent(rate), 1_000_000);
}

/** Gross of a line: unit price × pieces, or round(price per kg × grams / 1000) for weighed products. */
export function lineGrossCents(unitPriceCents: number, quantity: number, unit: 'each' | 'weight'): number {
  return unit === 'weight' ? divideHalfUp(unitPriceCents * quantity, 1000) : unitPriceCents * quantity;
}

/** A percent discount on a line: round(gross × percent / 100), half up. */
export function percentOfCents(grossCents: number, percent: number): number {
  return divideHalfUp(grossCents * percent, 100);
}

/** An index drawn with probability proportional to its weight. */
export function pickWeighted(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let target = random.next() * total;
  for (let index = 0; index < weights.length; index++) {
    target -= weights[index] ?? 0;
    if (target < 0) {
      return index;
    }
  }
  return weights.length - 1;
}
