import { useId } from 'react';
import type { Store } from '../api/list-stores';

type Props = {
  stores: readonly Store[];
  value: readonly string[];
  onChange: (storeIds: string[]) => void;
  error?: string;
  hint?: string;
};

/** Which stores a user works in: one checkbox per store, closed stores marked. */
export function StoreChecklist({ stores, value, onChange, error, hint }: Props) {
  const id = useId();
  function toggle(storeId: string, checked: boolean) {
    onChange(checked ? [...value, storeId] : value.filter((candidate) => candidate !== storeId));
  }
  return (
    <fieldset
      className="admin-checklist"
      aria-describedby={
        [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
      }
    >
      <legend>Stores</legend>
      <div className="admin-checklist-items">
        {stores.map((store) => (
          <label key={store.id} className="admin-check">
            <input
              type="checkbox"
              checked={value.includes(store.id)}
              onChange={(event) => toggle(store.id, event.target.checked)}
            />
            <span>
              {store.code} · {store.name}
              {!store.active && ' (closed)'}
            </span>
          </label>
        ))}
      </div>
      {hint && (
        <span id={`${id}-hint`} className="form-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="form-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** The stores' errors come back per index ("storeIds.1"); the checklist shows the first. */
export function storeIdsError(errors: Record<string, string>): string | undefined {
  const key = Object.keys(errors).find((path) => path === 'storeIds' || path.startsWith('storeIds.'));
  return key === undefined ? undefined : errors[key];
}
