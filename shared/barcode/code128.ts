// Code 128 (code set B) for receipt numbers: printed on every receipt so a return can scan the sale back.
// Pure: no DOM, no Node. Set B covers printable ASCII, which is all a receipt number holds.

/**
 * The 107 Code 128 symbols (ISO/IEC 15417), indexed by symbol value: the widths in modules of bar, space,
 * bar, space, bar, space (11 modules). 103–105 start code sets A, B and C; 106 is the stop symbol, which
 * has a seventh element, its final bar (13 modules).
 */
// biome-ignore format: ten symbols a row, so a value's row and column can be read off
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const CODE128_START_B = 104;
export const CODE128_STOP = 106;

/** Modules of light space Code 128 needs on each side of the symbol so a scanner finds its edges. */
export const CODE128_QUIET_ZONE = 10;

export type Code128Symbol = {
  /** Symbol values: start B, one per character, the check symbol, stop. */
  values: number[];
  checkValue: number;
  /** Element widths in modules, alternating bar and space, starting and ending with a bar (quiet zones excluded). */
  modules: number[];
};

/** The code set B value of a character: printable ASCII (space to ~) is its code minus 32. */
function valueB(character: string): number {
  const code = character.charCodeAt(0);
  if (character.length !== 1 || code < 32 || code > 126) {
    throw new RangeError(`Code 128 B cannot encode ${JSON.stringify(character)}: printable ASCII only`);
  }
  return code - 32;
}

/**
 * The check symbol: (start value + Σ position × value) mod 103, positions counted from 1 after the start.
 */
export function code128Checksum(startValue: number, dataValues: readonly number[]): number {
  return dataValues.reduce((sum, value, index) => sum + value * (index + 1), startValue) % 103;
}

/** Encodes text in code set B: start B, the characters, the check symbol and stop, as module widths. */
export function encodeCode128B(text: string): Code128Symbol {
  if (text.length === 0) {
    throw new RangeError('Code 128 needs at least one character');
  }
  const data = Array.from(text, valueB);
  const checkValue = code128Checksum(CODE128_START_B, data);
  const values = [CODE128_START_B, ...data, checkValue, CODE128_STOP];
  const modules = values.flatMap((value) => Array.from(CODE128_PATTERNS[value]!, Number));
  return { values, checkValue, modules };
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export type Code128SvgOptions = {
  /** Height of the bars in modules (default 50). */
  height?: number;
  /** Rendered width of the whole symbol with quiet zones, as a CSS length (default: one pixel per module). */
  width?: string;
};

/**
 * The symbol as a standalone SVG string: black bars on a white ground with quiet zones, one path, crisp
 * edges. Sized in modules through the viewBox, so it scales to any print width without blurring bars together.
 */
export function renderCode128Svg(text: string, options: Code128SvgOptions = {}): string {
  const { modules } = encodeCode128B(text);
  const height = options.height ?? 50;
  const totalWidth = modules.reduce((sum, width) => sum + width, 0) + 2 * CODE128_QUIET_ZONE;
  let x = CODE128_QUIET_ZONE;
  const bars: string[] = [];
  modules.forEach((width, index) => {
    if (index % 2 === 0) {
      bars.push(`M${x} 0h${width}v${height}h-${width}z`);
    }
    x += width;
  });
  const label = escapeXml(text);
  const size = options.width ? ` width="${escapeXml(options.width)}"` : ` width="${totalWidth}"`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${totalWidth} ${height}"${size} ` +
    `shape-rendering="crispEdges" role="img" aria-label="${label}">` +
    `<title>${label}</title>` +
    `<rect width="${totalWidth}" height="${height}" fill="#fff"/>` +
    `<path d="${bars.join('')}" fill="#000"/>` +
    '</svg>'
  );
}
