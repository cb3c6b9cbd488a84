import { describe, expect, it } from 'vitest';
import {
  CODE128_PATTERNS,
  CODE128_QUIET_ZONE,
  code128Checksum,
  encodeCode128B,
  renderCode128Svg,
} from '../../../shared/barcode/code128';

/**
 * A scanner's view: widths → symbols → text, checking start, check symbol and stop on the way. It reads the
 * widths back with a lookup built here, so a shifted or mis-ordered symbol in the encoder shows up as text
 * that does not round-trip.
 */
function decodeCode128B(modules: number[]): string {
  const patternValue = new Map(CODE128_PATTERNS.map((pattern, value) => [pattern, value]));
  const stop = modules.slice(-7).join('');
  if (stop !== '2331112') {
    throw new Error(`no stop pattern at the end: ${stop}`);
  }
  const body = modules.slice(0, -7);
  if (body.length % 6 !== 0) {
    throw new Error('the symbols before stop are not whole');
  }
  const values: number[] = [];
  for (let at = 0; at < body.length; at += 6) {
    const value = patternValue.get(body.slice(at, at + 6).join(''));
    if (value === undefined) {
      throw new Error(`unknown symbol at module group ${at / 6}`);
    }
    values.push(value);
  }
  const [start, ...rest] = values;
  if (start !== 104) {
    throw new Error(`expected start B (104), got ${start}`);
  }
  const check = rest.pop()!;
  const weighted = rest.reduce((sum, value, index) => sum + value * (index + 1), 104) % 103;
  if (weighted !== check) {
    throw new Error(`check symbol ${check} does not match ${weighted}`);
  }
  return rest.map((value) => String.fromCharCode(value + 32)).join('');
}

/** Widths → the 1/0 module string printed (1 = bar), as symbol tables in the standard write them. */
function toBits(widths: string): string {
  return Array.from(widths, Number)
    .map((width, index) => (index % 2 === 0 ? '1' : '0').repeat(width))
    .join('');
}

describe('Code 128 symbol table', () => {
  it('has 107 distinct symbols of 11 modules (stop: 13) with an even bar width and odd space width', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
    CODE128_PATTERNS.forEach((pattern, value) => {
      const widths = Array.from(pattern, Number);
      const bars = widths.filter((_, index) => index % 2 === 0).reduce((a, b) => a + b, 0);
      const spaces = widths.filter((_, index) => index % 2 === 1).reduce((a, b) => a + b, 0);
      expect(bars + spaces, `symbol ${value}`).toBe(value === 106 ? 13 : 11);
      expect(bars % 2, `bar parity of symbol ${value}`).toBe(0);
      expect(widths.every((width) => width >= 1 && width <= 4)).toBe(true);
    });
  });

  it('matches the bit patterns of the standard for sampled symbols', () => {
    // From the ISO/IEC 15417 symbol table, written as printed modules.
    expect(toBits(CODE128_PATTERNS[0]!)).toBe('11011001100'); // space in set B
    expect(toBits(CODE128_PATTERNS[16]!)).toBe('10011101100'); // "0"
    expect(toBits(CODE128_PATTERNS[33]!)).toBe('10100011000'); // "A"
    expect(toBits(CODE128_PATTERNS[64]!)).toBe('10100001100'); // "`"
    expect(toBits(CODE128_PATTERNS[95]!)).toBe('10111101000'); // DEL in set B
    expect(toBits(CODE128_PATTERNS[104]!)).toBe('11010010000'); // start B
    expect(toBits(CODE128_PATTERNS[106]!)).toBe('1100011101011'); // stop
  });
});

describe('encodeCode128B', () => {
  it('"Wikipedia": check symbol 88', () => {
    // start 104 + W 55×1 + i 73×2 + k 75×3 + i 73×4 + p 80×5 + e 69×6 + d 68×7 + i 73×8 + a 65×9
    // = 3281; 3281 mod 103 = 88.
    const symbol = encodeCode128B('Wikipedia');
    expect(symbol.checkValue).toBe(88);
    expect(symbol.values).toEqual([104, 55, 73, 75, 73, 80, 69, 68, 73, 65, 88, 106]);
  });

  it('"PJJ123C": check symbol 55', () => {
    // 104 + 48×1 + 42×2 + 42×3 + 17×4 + 18×5 + 19×6 + 35×7 = 879; 879 mod 103 = 55.
    expect(encodeCode128B('PJJ123C').checkValue).toBe(55);
    expect(code128Checksum(104, [48, 42, 42, 17, 18, 19, 35])).toBe(55);
  });

  it('a receipt number: the widths add up and decode back to the same text', () => {
    const text = 'S001-1-000123';
    const { modules } = encodeCode128B(text);
    // start + 13 characters + check, 11 modules each, and the 13-module stop.
    expect(modules.reduce((a, b) => a + b, 0)).toBe(11 * 15 + 13);
    expect(modules.length % 2).toBe(1); // starts and ends with a bar
    expect(decodeCode128B(modules)).toBe(text);
  });

  it.each(['Wikipedia', ' !~', 'a<b&"c"', 'S001-12-999999'])('%j round-trips', (text) => {
    expect(decodeCode128B(encodeCode128B(text).modules)).toBe(text);
  });

  it.each(['', 'é', 'tab\there', 'line\n'])('rejects %j', (text) => {
    expect(() => encodeCode128B(text)).toThrow(RangeError);
  });
});

describe('renderCode128Svg', () => {
  it('draws one rectangle per bar at the module positions, inside the quiet zones', () => {
    const svg = renderCode128Svg('S001-1-000123', { height: 40, width: '60mm' });
    const { modules } = encodeCode128B('S001-1-000123');
    const total = modules.reduce((a, b) => a + b, 0) + 2 * CODE128_QUIET_ZONE;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(`viewBox="0 0 ${total} 40"`);
    expect(svg).toContain('width="60mm"');
    const bars = [...svg.matchAll(/M(\d+) 0h(\d+)v40h-\2z/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // Rebuild the widths from the drawn bars and the gaps between them.
    const redrawn: number[] = [];
    bars.forEach(([x, width], index) => {
      if (index > 0) {
        const [previousX, previousWidth] = bars[index - 1]!;
        redrawn.push(x! - previousX! - previousWidth!);
      }
      redrawn.push(width!);
    });
    expect(bars[0]![0]).toBe(CODE128_QUIET_ZONE);
    expect(redrawn).toEqual(modules);
    expect(decodeCode128B(redrawn)).toBe('S001-1-000123');
  });

  it('escapes the text in its label', () => {
    const svg = renderCode128Svg('<a>&"');
    expect(svg).toContain('aria-label="&lt;a&gt;&amp;&quot;"');
    expect(svg).not.toContain('<a>');
  });
});
