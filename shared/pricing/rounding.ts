// Exact integer arithmetic for money: every amount is whole cents, every rate whole basis points
// (hundredths of a percent), and every division rounds half away from zero, as the API contract says.

/** numerator / denominator rounded half away from zero, exactly (no floating-point division). */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`cannot divide ${numerator} by ${denominator} exactly`);
  }
  const magnitude = Math.abs(numerator);
  const remainder = magnitude % denominator;
  const quotient = (magnitude - remainder) / denominator;
  const rounded = 2 * remainder >= denominator ? quotient + 1 : quotient;
  return numerator < 0 ? -rounded : rounded;
}

/** Basis points in one percent, and in a whole. */
export const BASIS_POINTS_PER_PERCENT = 100;
export const BASIS_POINTS_WHOLE = 10_000;

/**
 * A percentage as whole basis points: "8.25" or 8.25 → 825. At most two decimals, 0–100 %; anything else is
 * not a rate this API accepts, and a RangeError says so.
 */
export function percentToBasisPoints(percent: string | number): number {
  const text = typeof percent === 'number' ? String(percent) : percent.trim();
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) {
    throw new RangeError(`"${text}" is not a percentage with at most two decimals`);
  }
  const basisPoints = Number(match[1]) * BASIS_POINTS_PER_PERCENT + Number((match[2] ?? '').padEnd(2, '0'));
  if (basisPoints > BASIS_POINTS_WHOLE) {
    throw new RangeError(`"${text}" is more than 100 %`);
  }
  return basisPoints;
}

/** Parts per million in one percent, and in a whole: tax rates have up to four decimals ("8.875" → 88 750). */
export const PPM_PER_PERCENT = 10_000;
export const PPM_WHOLE = 1_000_000;

/** A tax rate, a percentage with up to four decimals (0–100), as whole parts per million: "8.875" → 88 750. */
export function percentToPpm(percent: string | number): number {
  const text = typeof percent === 'number' ? String(percent) : percent.trim();
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text);
  if (!match) {
    throw new RangeError(`"${text}" is not a percentage with at most four decimals`);
  }
  const ppm = Number(match[1]) * PPM_PER_PERCENT + Number((match[2] ?? '').padEnd(4, '0'));
  if (ppm > PPM_WHOLE) {
    throw new RangeError(`"${text}" is more than 100 %`);
  }
  return ppm;
}

/** amountCents rounded to the nearest multiple of step (halves up), e.g. 1033 → 1035 for step 5. */
export function roundToMultiple(amountCents: number, step: number): number {
  return divideRoundHalfUp(amountCents, step) * step;
}
