import { type FormEvent, useEffect, useRef, useState } from 'react';
import { divideRoundHalfUp } from '../../../../../shared/pricing/rounding';
import type { CartProduct } from '../cart';
import { formatMoney } from '../money';
import { formatKilograms, parseWeightInput } from '../weight';
import './weight-dialog.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

const PAD_KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '.', '⌫'] as const;

/**
 * The weight of a weighed item without a scale label: grams ("750") or kilograms with decimals ("0.75 kg"),
 * typed on the keyboard's number pad or the keys on screen. Enter adds the line, Esc goes back.
 */
export function WeightDialog({
  product,
  currentGrams,
  currency,
  onApply,
  onClose,
}: {
  product: CartProduct;
  /** The line's weight when re-weighing it; null for a new line. */
  currentGrams: number | null;
  currency: string;
  onApply: (grams: number) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(currentGrams === null ? '' : String(currentGrams));
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const grams = parseWeightInput(text);

  useEffect(() => {
    inputRef.current?.select();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (grams === null) {
      setProblem('Type the weight in grams (750) or in kg with a point (0.75 kg), up to 1000 kg.');
      inputRef.current?.focus();
      return;
    }
    onApply(grams);
  }

  function press(key: (typeof PAD_KEYS)[number]) {
    setProblem(null);
    setText((current) => (key === '⌫' ? current.slice(0, -1) : current + key));
    inputRef.current?.focus();
  }

  // Half up, as the server prices a weighed line: price per kg × grams / 1000.
  const preview =
    grams === null ? null : formatMoney(divideRoundHalfUp(product.priceCents * grams, 1000), currency);
  return (
    <Dialog
      as="form"
      className="panel register-dialog register-weight"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
      noValidate
    >
      <DialogTitle>Weight of {product.name}</DialogTitle>
      <p className="register-muted">{formatMoney(product.priceCents, currency)} per kg</p>
      <div className="field">
        <label htmlFor="register-weight-input">Grams (or kg with a point)</label>
        <input
          id="register-weight-input"
          ref={inputRef}
          className="register-weight-input"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onChange={(event) => {
            setProblem(null);
            setText(event.target.value);
          }}
        />
      </div>
      <p className="register-weight-preview" role="status" data-testid="weight-preview">
        {grams === null ? 'e.g. 750 or 0.75 kg' : `${formatKilograms(grams)} = ${preview}`}
      </p>
      <div className="register-weight-pad">
        {PAD_KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className="button button-secondary"
            aria-label={key === '⌫' ? 'Delete the last digit' : undefined}
            onClick={() => press(key)}
          >
            {key}
          </button>
        ))}
      </div>
      {problem !== null && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      <div className="register-setup-actions">
        <button type="submit" className="button button-primary">
          {currentGrams === null ? 'Add' : 'Change weight'} <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Back <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
