// Turning what a cashier typed into full-text queries over the catalog's words. Pure functions: the
// vocabulary candidates come from the database (catalog.repo findSearchWordCandidates), the decisions here.

/** At most this many words of a query are searched for; the rest is ignored. */
const MAX_TOKENS = 8;
/** Corrections kept per word, closest first, for the wider (second-tier) query. */
const MAX_CORRECTIONS = 3;

/**
 * The words of q as PostgreSQL's 'simple' text search sees them: lower case, split at anything that is not
 * a letter or digit ("Hill's" → hill, s), distinct, in order. Only letters and digits remain, so a token can
 * be written into a tsquery without quoting.
 */
export function searchTokensOf(q: string): string[] {
  const tokens = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
  return [...new Set(tokens)].slice(0, MAX_TOKENS);
}

/** Tokens that may be typo'd words worth correcting against the vocabulary (3+ characters, a letter first). */
export function correctableTokens(tokens: readonly string[]): string[] {
  return tokens.filter((token) => /^\p{L}[\p{L}\p{N}]{2,}$/u.test(token));
}

/** How many typos a word of this length may carry and still be recognised. */
export function typosAllowed(word: string): number {
  const length = [...word].length;
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two neighbours as one edit
 * (optimal string alignment), or `limit + 1` as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) {
    return limit + 1;
  }
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        value = Math.min(value, previousPrevious[j - 2]! + 1);
      }
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) {
      return limit + 1;
    }
    previousPrevious = previous;
    previous = current;
  }
  return Math.min(previous[y.length]!, limit + 1);
}

export type TextQueries = {
  /** Every word as typed (or as a prefix of a catalog word), else its closest corrections: ranked first. */
  best: string;
  /** Every word with all its plausible corrections: everything that may be meant. */
  any: string;
};

/**
 * Builds the two tsquery strings (AND of words, OR of each word's readings) for the tokens of a search.
 * `candidates` holds, per correctable token, catalog words that start with it or resemble it (trigrams).
 * A token that is a prefix of a catalog word is read as typed ("chick" → chick:*, also finding "chicken");
 * otherwise as the catalog words within its typo allowance ("chiken" → chicken). A token with no reading
 * is left out, as is a short or numeric token nothing starts with; null when no token remains.
 */
export function buildTextQueries(
  tokens: readonly string[],
  candidates: ReadonlyMap<string, readonly string[]>,
): TextQueries | null {
  const best: string[] = [];
  const any: string[] = [];
  for (const token of tokens) {
    const words = candidates.get(token);
    if (words === undefined) {
      // Short or numeric: only ever a prefix ("5" in "5 kg"), never corrected.
      best.push(`${token}:*`);
      any.push(`${token}:*`);
      continue;
    }
    const limit = typosAllowed(token);
    const corrections = words
      .filter((word) => !word.startsWith(token))
      .map((word) => ({ word, distance: editDistance(token, word, limit) }))
      .filter((c) => c.distance <= limit)
      .sort((a, b) => a.distance - b.distance || (a.word < b.word ? -1 : 1))
      .slice(0, MAX_CORRECTIONS);
    const isPrefix = words.some((word) => word.startsWith(token));
    if (!isPrefix && corrections.length === 0) {
      continue;
    }
    const closest = corrections[0]?.distance;
    const readings = isPrefix
      ? [`${token}:*`]
      : corrections.filter((c) => c.distance === closest).map((c) => c.word);
    best.push(group(readings));
    any.push(group([...(isPrefix ? [`${token}:*`] : []), ...corrections.map((c) => c.word)]));
  }
  if (best.length === 0) {
    return null;
  }
  return { best: best.join(' & '), any: any.join(' & ') };
}

function group(readings: string[]): string {
  return readings.length === 1 ? readings[0]! : `(${readings.join(' | ')})`;
}
