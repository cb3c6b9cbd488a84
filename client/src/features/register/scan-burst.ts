// A USB scanner is a keyboard that types a whole code and Enter within a few milliseconds; a person types
// far slower. Telling the two apart lets a screen that is not the scan field (the "sale complete" panel)
// take a scan as a scan, while a lone key pressed by hand (P to print, Enter for the next sale) stays a key.

export type ScanBurstOptions = {
  /** The longest pause between two keys of one scan: scanners stay under 20 ms (Playwright types at 3–7 ms), people above 80 ms. */
  maxGapMs?: number;
  /** Codes shorter than this are keys pressed by hand, not scans (EAN-8 is the shortest barcode). */
  minLength?: number;
};

export type ScanBurstDetector = {
  /** Feeds one key (KeyboardEvent.key) and when it was pressed; returns the scanned code when Enter ends a burst. */
  push: (key: string, atMs: number) => string | null;
  /** Whether the keys so far could still be the start of a scan (a key that arrived within the gap). */
  isInBurst: (atMs: number) => boolean;
  reset: () => void;
};

export function createScanBurstDetector(options: ScanBurstOptions = {}): ScanBurstDetector {
  const maxGapMs = options.maxGapMs ?? 50;
  const minLength = options.minLength ?? 4;
  let buffer = '';
  let lastAt = Number.NEGATIVE_INFINITY;

  return {
    push(key, atMs) {
      const withinGap = atMs - lastAt <= maxGapMs;
      lastAt = atMs;
      if (key === 'Enter') {
        const code = withinGap && buffer.length >= minLength ? buffer : null;
        buffer = '';
        return code;
      }
      if (key.length !== 1) {
        // Shift, F-keys, arrows: not part of a code, and they end any burst.
        buffer = '';
        return null;
      }
      buffer = withinGap ? buffer + key : key;
      return null;
    },
    isInBurst(atMs) {
      return buffer.length > 0 && atMs - lastAt <= maxGapMs;
    },
    reset() {
      buffer = '';
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}
