import { type FormEvent, useEffect, useState } from 'react';
import { LoadingScreen } from '../../../ui/LoadingScreen';
import { listStores, type Store } from '../api/list-stores';
import { describeSetupError } from '../describe-register-error';
import { registerIdProblem, type TillSettings } from '../till-settings';

/** First use of a browser as a till: which store it is in and which register it is. */
export function TillSetupForm({ onChosen }: { onChosen: (settings: TillSettings) => void }) {
  const [stores, setStores] = useState<Store[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [storeId, setStoreId] = useState('');
  const [registerId, setRegisterId] = useState('till-1');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    listStores(controller.signal).then(
      (items) => {
        setStores(items);
        // One store is the common case for a cashier: nothing to choose.
        if (items.length === 1 && items[0]) {
          setStoreId(items[0].id);
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setLoadError(describeSetupError(error));
        }
      },
    );
    return () => controller.abort();
  }, []);

  if (loadError !== null) {
    return (
      <section className="panel register-setup">
        <h1>Set up this till</h1>
        <p className="alert" role="alert">
          {loadError}
        </p>
      </section>
    );
  }
  if (stores === null) {
    return <LoadingScreen label="Loading your stores…" />;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const registerProblem = registerIdProblem(registerId);
    if (storeId === '') {
      setProblem('Choose the store this till is in.');
    } else if (registerProblem !== null) {
      setProblem(registerProblem);
    } else {
      onChosen({ storeId, registerId: registerId.trim() });
    }
  }

  const activeStores = stores.filter((store) => store.active);
  return (
    <form className="panel register-setup" onSubmit={submit} aria-labelledby="till-setup-title">
      <h1 id="till-setup-title">Set up this till</h1>
      <p className="register-muted">This browser remembers the choice; you only do this once per till.</p>
      {activeStores.length === 0 ? (
        <p className="alert" role="alert">
          You are not assigned to any open store. Ask a manager to add you to one.
        </p>
      ) : (
        <fieldset className="register-store-choice">
          <legend>Store</legend>
          {activeStores.map((store) => (
            <label
              key={store.id}
              className={`register-store-option${storeId === store.id ? ' is-selected' : ''}`}
            >
              <input
                type="radio"
                name="store"
                value={store.id}
                checked={storeId === store.id}
                onChange={() => setStoreId(store.id)}
              />
              <span>
                <strong>{store.name}</strong>
                <span className="register-muted"> · {store.code}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="till-register-id">Register</label>
        <input
          id="till-register-id"
          value={registerId}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setRegisterId(event.target.value)}
        />
      </div>
      {problem !== null && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button button-primary button-block">
        Use this till
      </button>
    </form>
  );
}
