// Zod 4 probes for eval (`new Function('')`) the first time it parses an object, to build faster parsers.
// The app's CSP has no 'unsafe-eval', so the probe is blocked and caught, yet the browser still reports a
// CSP violation on every load (noise for anyone watching reports). Jitless parsing skips the probe.
// Imported first in main.tsx, before any schema runs.
import { z } from 'zod';

z.config({ jitless: true });
