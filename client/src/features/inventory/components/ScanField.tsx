import { type FormEvent, useState } from 'react';

export type ScanOutcome = { tone: 'ok' | 'error'; message: string };

type Props = {
  label: string;
  /** Resolves to what the person scanning should read beside the field. */
  onScan: (code: string) => Promise<ScanOutcome>;
  id: string;
};

/**
 * A scanner types the code and Enter, like a keyboard. Each scan is handled in order; the field clears at
 * once so the next scan can follow, and the last outcome is announced.
 */
export function ScanField({ label, onScan, id }: Props) {
  const [code, setCode] = useState('');
  const [outcome, setOutcome] = useState<ScanOutcome | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const scanned = code.trim();
    setCode('');
    if (scanned === '') {
      return;
    }
    try {
      setOutcome(await onScan(scanned));
    } catch (error) {
      setOutcome({ tone: 'error', message: error instanceof Error ? error.message : 'The scan failed.' });
    }
  }

  return (
    <form className="inventory-scan" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <div className="inventory-scan-row">
        <input
          id={id}
          autoComplete="off"
          placeholder="Scan or type a barcode, then Enter"
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <button type="submit" className="button button-secondary">
          Add
        </button>
      </div>
      <p
        className={outcome?.tone === 'error' ? 'inventory-scan-message form-error' : 'inventory-scan-message'}
        role="status"
        data-testid={`${id}-message`}
      >
        {outcome?.message ?? ''}
      </p>
    </form>
  );
}
