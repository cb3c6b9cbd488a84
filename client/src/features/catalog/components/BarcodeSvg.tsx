import { useEffect, useRef, useState } from 'react';
import { canPrintCode128, type Symbology, symbologyOf } from '../labels';

type JsBarcodeFn = typeof import('jsbarcode');

// One load of the library for the whole page, started by the first barcode drawn.
let library: Promise<JsBarcodeFn> | null = null;
function loadBarcodeLibrary(): Promise<JsBarcodeFn> {
  library ??= import('jsbarcode').then((module) => module.default);
  return library;
}

/**
 * A long Code 128 is much wider than an EAN-13 and, scaled to the same label width, would come out a thin
 * strip a scanner struggles with; its bars are drawn taller in proportion (up to twice), so every symbol has
 * about the shape of an EAN-13.
 */
function barHeightFor(symbology: Symbology, code: string, eanBarHeight: number): number {
  if (symbology === 'EAN13') {
    return eanBarHeight;
  }
  const modules = 11 * (code.length + 3) + 2;
  return Math.round(eanBarHeight * Math.min(2, Math.max(1, modules / 95)));
}

type Props = {
  code: string;
  /** Bar height in the symbol's own units (one narrow bar = 1). */
  barHeight?: number;
  fontSize?: number;
};

/**
 * A scannable barcode as SVG: EAN-13 for valid 13-digit codes, Code 128 for anything else, with the digits
 * printed under the bars. Vector output stays sharp on any printer.
 */
export function BarcodeSvg({ code, barHeight = 40, fontSize = 14 }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  const symbology: Symbology = symbologyOf(code);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');

  useEffect(() => {
    let isCurrent = true;
    if (symbology === 'CODE128' && !canPrintCode128(code)) {
      setState('failed');
      return;
    }
    loadBarcodeLibrary()
      .then((JsBarcode) => {
        const svg = ref.current;
        if (!isCurrent || !svg) {
          return;
        }
        let isValid = true;
        JsBarcode(svg, code, {
          format: symbology,
          height: barHeightFor(symbology, code, barHeight),
          width: 2,
          fontSize,
          textMargin: 1,
          margin: symbology === 'EAN13' ? 12 : 10,
          marginTop: 2,
          marginBottom: 2,
          background: '#ffffff',
          lineColor: '#000000',
          font: 'monospace',
          valid: (valid: boolean) => {
            isValid = valid;
          },
        });
        setState(isValid ? 'drawn' : 'failed');
      })
      .catch(() => {
        if (isCurrent) {
          setState('failed');
        }
      });
    return () => {
      isCurrent = false;
    };
  }, [code, symbology, barHeight, fontSize]);

  return (
    <span className="catalog-barcode" data-symbology={symbology} data-code={code} data-state={state}>
      <svg
        ref={ref}
        role="img"
        aria-label={`${symbology === 'EAN13' ? 'EAN-13' : 'Code 128'} barcode ${code}`}
      />
      {state === 'failed' && <span className="form-error">Cannot print {code} as a barcode</span>}
    </span>
  );
}
