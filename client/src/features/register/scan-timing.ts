// How long a scan takes to show on screen, as browser performance entries: a "scan-start" mark when a code
// is submitted and a "scan-to-line" measure when the cart table next renders changed lines. Read by the
// performance browser test; costs a few microseconds per scan at the till.

const MEASURE = 'scan-to-line';
/** Enough history for a test run; older measures are dropped so a day of scanning does not pile up. */
const MAX_MEASURES = 1000;

let isScanPending = false;
let measureCount = 0;

/** A code was submitted (called first thing in SellScreen's submitScan). */
export function markScanStart(): void {
  performance.mark('scan-start');
  isScanPending = true;
}

/** The cart table rendered changed lines: closes the pending scan's measure, if there is one. */
export function markScanRendered(): void {
  if (!isScanPending) {
    return;
  }
  isScanPending = false;
  performance.measure(MEASURE, 'scan-start');
  performance.clearMarks('scan-start');
  measureCount += 1;
  if (measureCount > MAX_MEASURES) {
    performance.clearMeasures(MEASURE);
    measureCount = 0;
  }
}
