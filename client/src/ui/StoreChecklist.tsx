import { useId } from 'react';
import './backoffice.css';

type ChecklistStore = { id: string; code: string; name: string; active?: boolean };

type Props = {
  stores: readonly ChecklistStore[];
  value: readonly string[];
  onChange: (storeIds: string[]) => void;
  error?: string;
  hint?: string;
};

/** Which stores something is for (a user's, a program's): one checkbox per store, closed stores marked. */
export function StoreChecklist({ stores, value, onChange, error, hint }: Props) {
  const id = useId();
  function toggle(storeId: string, checked: boolean) {
    onChange(checked ? [...value, storeId] : value.filter((candidate) => candidate !== storeId));
  }
  return (
    <fieldset
      className="store-checklist"
      aria-describedby={
        [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
      }
    >
      <legend>Stores</legend>
      <div className="store-checklist-items">
        {stores.map((store) => (
          <label key={store.id} className="store-check">
            <input
              type="checkbox"
              checked={value.includes(store.id)}
              onChange={(event) => toggle(store.id, event.target.checked)}
            />
            <span>
              {store.code} · {store.name}
              {store.active === false && ' (closed)'}
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

/** The API names bad stores per index ("storeIds.1"); the checklist shows the first such error. */
export function storeIdsError(errors: Record<string, string>): string | undefined {
  const key = Object.keys(errors).find((path) => path === 'storeIds' || path.startsWith('storeIds.'));
  return key === undefined ? undefined : errors[key];
}
