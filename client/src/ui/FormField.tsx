import { type ReactElement, cloneElement, useId } from 'react';
import './backoffice.css';

type ControlProps = { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

type Props = {
  label: string;
  /** The input, select or textarea; it gets the id, aria-invalid and aria-describedby. */
  children: ReactElement<ControlProps>;
  error?: string;
  hint?: string;
};

/** A labelled control with its hint and its error (from the API's `details`, named by field). */
export function FormField({ label, children, error, hint }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {hint && (
        <span id={hintId} className="form-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
