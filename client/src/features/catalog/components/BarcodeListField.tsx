import { useId } from 'react';
import type { FormErrors } from '../product-form';
import { checkBarcode } from '../product-form';

type Props = { barcodes: string[]; errors: FormErrors; onChange: (barcodes: string[]) => void };

const MAX_BARCODES = 20;

/**
 * Several barcodes per product (the maker's EAN-13, a UPC-A, an internal code). Each is checked as it is
 * left, so a mistyped check digit shows before saving; the server's answer for a code shows under it too.
 */
export function BarcodeListField({ barcodes, errors, onChange }: Props) {
  const baseId = useId();
  return (
    <fieldset className="catalog-fieldset catalog-barcodes">
      <legend>Barcodes</legend>
      <p className="form-hint">
        EAN-13, UPC-A, EAN-8 or an internal code. A scan of any of them finds this product.
      </p>
      {errors.barcodes && (
        <p className="form-error" role="alert">
          {errors.barcodes}
        </p>
      )}
      <ol className="catalog-barcode-list">
        {barcodes.map((code, index) => {
          const inputId = `${baseId}-${index}`;
          const error = errors[`barcodes.${index}`];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in an editable list of plain strings
            <li key={index} className="catalog-barcode-row">
              <label htmlFor={inputId} className="visually-hidden">
                Barcode {index + 1}
              </label>
              <BarcodeInput
                id={inputId}
                value={code}
                serverError={error}
                onChange={(value) => onChange(barcodes.map((item, i) => (i === index ? value : item)))}
              />
              <button
                type="button"
                className="button button-secondary"
                aria-label={`Remove barcode ${index + 1}`}
                onClick={() => {
                  const rest = barcodes.filter((_, i) => i !== index);
                  onChange(rest.length > 0 ? rest : ['']);
                }}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button-secondary"
        disabled={barcodes.length >= MAX_BARCODES}
        onClick={() => onChange([...barcodes, ''])}
      >
        Add a barcode
      </button>
    </fieldset>
  );
}

function BarcodeInput({
  id,
  value,
  serverError,
  onChange,
}: {
  id: string;
  value: string;
  serverError: string | undefined;
  onChange: (value: string) => void;
}) {
  // Checked as typed once the code is long enough to be an EAN-13, otherwise on save (server or form check).
  const liveError = /^[0-9]{13}$/.test(value.trim()) ? checkBarcode(value) : null;
  const error = liveError ?? serverError;
  const errorId = `${id}-error`;
  return (
    <span className="catalog-barcode-input">
      <input
        id={id}
        value={value}
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <span id={errorId} className="form-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
