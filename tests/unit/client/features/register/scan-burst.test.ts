import { describe, expect, it } from 'vitest';
import { createScanBurstDetector } from '../../../../../client/src/features/register/scan-burst';

/** Feeds `text` then Enter, one key every `gapMs` from `startMs`; returns what Enter gave. */
function type(
  detector: ReturnType<typeof createScanBurstDetector>,
  text: string,
  gapMs: number,
  startMs = 1000,
) {
  let at = startMs;
  for (const key of text) {
    expect(detector.push(key, at)).toBeNull();
    at += gapMs;
  }
  return detector.push('Enter', at);
}

describe('scan bursts', () => {
  it('takes a code typed within milliseconds and ended by Enter as a scan', () => {
    expect(type(createScanBurstDetector(), '012345678905', 3)).toBe('012345678905');
    expect(type(createScanBurstDetector(), 'DOG-FOOD-0002', 0)).toBe('DOG-FOOD-0002');
  });

  it('does not take keys typed at a person’s pace as a scan', () => {
    expect(type(createScanBurstDetector(), '012345678905', 120)).toBeNull();
  });

  it('takes a lone key, or a short burst, as keys pressed by hand', () => {
    const detector = createScanBurstDetector();
    expect(detector.push('Enter', 5000)).toBeNull();
    expect(type(detector, 'p', 1, 6000)).toBeNull();
    expect(type(detector, '123', 1, 7000)).toBeNull();
  });

  it('starts over after a pause, so a slow key before a scan does not stick to it', () => {
    const detector = createScanBurstDetector();
    detector.push('p', 0);
    expect(type(detector, '12345678', 2, 500)).toBe('12345678');
  });

  it('drops a burst broken by a non-character key, and says when keys may still be a scan', () => {
    const detector = createScanBurstDetector();
    detector.push('1', 0);
    detector.push('2', 2);
    expect(detector.isInBurst(10)).toBe(true);
    expect(detector.isInBurst(100)).toBe(false);
    detector.push('F5', 4);
    detector.push('3', 6);
    expect(detector.push('Enter', 8)).toBeNull();
  });
});
