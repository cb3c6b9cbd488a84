import { type FormEvent, useEffect, useRef, useState } from 'react';
import { PET_SPECIES_VALUES } from '../../../../../shared/schemas/customers';
import { ApiError } from '../../../api/http';
import { asSentence } from '../../../lib/text';
import { type Customer, type CustomerDetail, createCustomer, searchCustomers } from '../api/customers';
import './customer.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';
import { SearchCombobox } from './SearchCombobox';

/** Results wait this long after the last keystroke, as in the product search. */
const DEBOUNCE_MS = 150;

const SPECIES_NAMES: Record<(typeof PET_SPECIES_VALUES)[number], string> = {
  dog: 'Dog',
  cat: 'Cat',
  bird: 'Bird',
  fish: 'Fish',
  small_animal: 'Small animal',
  reptile: 'Reptile',
  other: 'Other',
};

type PetDraft = {
  name: string;
  species: (typeof PET_SPECIES_VALUES)[number];
  breed: string;
  birthDate: string;
};

type View = { kind: 'attached' } | { kind: 'search' } | { kind: 'create'; prefill: string };

const NEW_PET: PetDraft = { name: '', species: 'dog', breed: '', birthDate: '' };

/** "(312) 555-0100" → 3125550100, shown back as the cashier would read it. */
function formatPhone(digits: string | null): string {
  if (digits === null) {
    return '';
  }
  return digits.length === 10 ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : digits;
}

/** The form's field a server path names, in the words on the form ("pets.0.species" → "Pet 1 species"). */
function fieldName(path: string): string {
  const pet = /^pets\.(\d+)\.(\w+)$/.exec(path);
  if (pet) {
    const field = pet[2] === 'birthDate' ? 'birth date' : pet[2];
    return `Pet ${Number(pet[1]) + 1} ${field}`;
  }
  return { name: 'Name', phone: 'Phone', email: 'Email' }[path] ?? path;
}

function describeCreateError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return 'The customer could not be saved. Try again.';
  }
  if (error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
    return error.details.map((detail) => `${fieldName(detail.path)} ${detail.message}.`).join(' ');
  }
  if (error.code === 'NETWORK') {
    return "Can't reach the server. Check this till's network cable or Wi-Fi.";
  }
  return asSentence(error.message);
}

/**
 * F6: find the customer by phone or name as you type (↑/↓ and Enter attach), or add them with their pets on
 * the spot (Alt+N). With a customer on the sale it offers to change them (Enter) or take them off (Delete).
 */
export function CustomerDialog({
  attached,
  onAttach,
  onRemove,
  onClose,
}: {
  attached: CustomerDetail | null;
  onAttach: (customer: Customer) => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const [view, setView] = useState<View>(attached ? { kind: 'attached' } : { kind: 'search' });
  return (
    <Dialog
      overlayClassName="register-overlay register-overlay-top"
      className="panel register-dialog register-customer"
    >
      {view.kind === 'attached' && attached && (
        <AttachedView
          customer={attached}
          onChange={() => setView({ kind: 'search' })}
          onRemove={onRemove}
          onClose={onClose}
        />
      )}
      {view.kind === 'search' && (
        <SearchView
          onPick={onAttach}
          onCreate={(prefill) => setView({ kind: 'create', prefill })}
          onClose={onClose}
        />
      )}
      {view.kind === 'create' && (
        <CreateView prefill={view.prefill} onCreated={onAttach} onBack={() => setView({ kind: 'search' })} />
      )}
    </Dialog>
  );
}

function AttachedView({
  customer,
  onChange,
  onRemove,
  onClose,
}: {
  customer: CustomerDetail;
  onChange: () => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const keysRef = useRef({ onChange, onRemove, onClose });
  keysRef.current = { onChange, onRemove, onClose };
  const changeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    changeRef.current?.focus();
    const listener = (event: KeyboardEvent) => {
      const keys = keysRef.current;
      const action =
        event.key === 'Enter'
          ? keys.onChange
          : event.key === 'Delete'
            ? keys.onRemove
            : event.key === 'Escape' || event.key === 'F6'
              ? keys.onClose
              : null;
      if (action) {
        event.preventDefault();
        event.stopPropagation();
        action();
      }
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);
  return (
    <>
      <DialogTitle>Customer on this sale</DialogTitle>
      <p className="register-customer-name">{customer.name}</p>
      <p className="register-muted">
        {[formatPhone(customer.phone), customer.email].filter(Boolean).join(' · ') || 'No phone or email'}
      </p>
      <div className="register-setup-actions">
        <button ref={changeRef} type="button" className="button button-primary" onClick={onChange}>
          Change customer <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onRemove}>
          Remove from sale <kbd>Delete</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Back <kbd>Esc</kbd>
        </button>
      </div>
    </>
  );
}

type SearchState =
  | { state: 'idle' }
  | { state: 'loading'; items: Customer[] }
  | { state: 'done'; items: Customer[] }
  | { state: 'failed'; message: string };

function SearchView({
  onPick,
  onCreate,
  onClose,
}: {
  onPick: (customer: Customer) => void;
  onCreate: (prefill: string) => void;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState>({ state: 'idle' });
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    const text = query.trim();
    if (text === '') {
      setSearch({ state: 'idle' });
      return;
    }
    // Each keystroke aborts the request of the one before: a stale answer never replaces a newer one.
    const controller = new AbortController();
    setSearch((current) => ({ state: 'loading', items: 'items' in current ? current.items : [] }));
    const timer = setTimeout(() => {
      searchCustomers(text, controller.signal).then(
        (items) => {
          setSearch({ state: 'done', items });
          setActive(0);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) {
            setSearch({
              state: 'failed',
              message:
                error instanceof ApiError && error.code !== 'NETWORK'
                  ? `Could not search customers: ${asSentence(error.message)}`
                  : "Can't reach the server. Check this till's network cable or Wi-Fi.",
            });
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const items = search.state === 'loading' || search.state === 'done' ? search.items : [];

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => Math.min(Math.max(0, items.length - 1), Math.max(0, index + step)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
      const customer = items[active];
      if (customer) {
        onPick(customer);
      }
    } else if (event.altKey && event.code === 'KeyN') {
      event.preventDefault();
      event.stopPropagation();
      onCreate(query.trim());
    } else if (event.key === 'Escape' || event.key === 'F6') {
      event.preventDefault();
      // Stops here: the sale screen's Esc (cancel the sale) must not see the key that closed the dialog.
      event.stopPropagation();
      onClose();
    }
  }

  return (
    <>
      <DialogTitle>Customer</DialogTitle>
      <SearchCombobox
        inputId="register-customer-search"
        idPrefix="register-customer"
        label="Phone, name or email"
        listLabel="Customers"
        inputRef={inputRef}
        query={query}
        onQueryChange={setQuery}
        onKeyDown={onKeyDown}
        items={items}
        active={active}
        onActiveChange={setActive}
        onPick={onPick}
        renderItem={(customer) => (
          <>
            <span className="register-line-name">{customer.name}</span>
            <span className="register-muted register-line-sku">
              {[formatPhone(customer.phone), customer.email].filter(Boolean).join(' · ')}
              {customer.pets.length > 0 && ` · ${customer.pets.map((pet) => pet.name).join(', ')}`}
            </span>
          </>
        )}
      />
      <p className="register-muted" role="status">
        {search.state === 'idle' && 'Type a phone number or a name.'}
        {search.state === 'loading' && items.length === 0 && 'Searching…'}
        {search.state === 'done' && items.length === 0 && `No customer matches “${query.trim()}”.`}
        {search.state === 'done' && items.length > 0 && '↑ ↓ to choose, Enter to put on the sale.'}
      </p>
      {search.state === 'failed' && (
        <p className="alert" role="alert">
          {search.message}
        </p>
      )}
      <div className="register-setup-actions">
        <button type="button" className="button button-primary" onClick={() => onCreate(query.trim())}>
          New customer <kbd>Alt+N</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Back <kbd>Esc</kbd>
        </button>
      </div>
    </>
  );
}

function CreateView({
  prefill,
  onCreated,
  onBack,
}: {
  prefill: string;
  onCreated: (customer: CustomerDetail) => void;
  onBack: () => void;
}) {
  // What was searched for becomes the phone when it is mostly digits, else the name.
  const looksLikePhone = /^[+\d\s().-]{7,}$/.test(prefill);
  const [name, setName] = useState(looksLikePhone ? '' : prefill);
  const [phone, setPhone] = useState(looksLikePhone ? prefill : '');
  const [email, setEmail] = useState('');
  const [pets, setPets] = useState<PetDraft[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  function changePet(index: number, change: Partial<PetDraft>) {
    setProblem(null);
    setPets((current) => current.map((pet, at) => (at === index ? { ...pet, ...change } : pet)));
  }

  function addPet() {
    setPets((current) => [...current, { ...NEW_PET }]);
    // The new pet's name field, once it is on screen.
    requestAnimationFrame(() => {
      const inputs = document.querySelectorAll<HTMLInputElement>('.register-customer-pet-name');
      inputs[inputs.length - 1]?.focus();
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) {
      return;
    }
    if (name.trim() === '') {
      setProblem('Name is required.');
      nameRef.current?.focus();
      return;
    }
    setSaving(true);
    try {
      const created = await createCustomer({
        name: name.trim(),
        phone: phone.trim() === '' ? null : phone.trim(),
        email: email.trim() === '' ? null : email.trim(),
        marketingConsent: false,
        notes: '',
        pets: pets.map((pet) => ({
          name: pet.name.trim(),
          species: pet.species,
          breed: pet.breed.trim() === '' ? null : pet.breed.trim(),
          birthDate: pet.birthDate === '' ? null : pet.birthDate,
        })),
      });
      onCreated(created);
    } catch (error) {
      setProblem(describeCreateError(error));
      setSaving(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onBack();
        } else if (event.altKey && event.code === 'KeyP') {
          event.preventDefault();
          event.stopPropagation();
          addPet();
        }
      }}
    >
      <DialogTitle>New customer</DialogTitle>
      <div className="register-customer-fields">
        <div className="field">
          <label htmlFor="register-customer-name">Name</label>
          <input
            id="register-customer-name"
            ref={nameRef}
            autoComplete="off"
            maxLength={200}
            value={name}
            onChange={(event) => {
              setProblem(null);
              setName(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="register-customer-phone">Phone</label>
          <input
            id="register-customer-phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            maxLength={50}
            value={phone}
            onChange={(event) => {
              setProblem(null);
              setPhone(event.target.value);
            }}
          />
        </div>
        <div className="field register-customer-wide">
          <label htmlFor="register-customer-email">Email</label>
          <input
            id="register-customer-email"
            type="email"
            inputMode="email"
            autoComplete="off"
            maxLength={320}
            value={email}
            onChange={(event) => {
              setProblem(null);
              setEmail(event.target.value);
            }}
          />
        </div>
      </div>
      {pets.map((pet, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: pets being typed have no id yet; they are only added at the end.
        <fieldset key={index} className="register-customer-pet">
          <legend>Pet {index + 1}</legend>
          <div className="field">
            <label htmlFor={`register-pet-name-${index}`}>Pet name</label>
            <input
              id={`register-pet-name-${index}`}
              className="register-customer-pet-name"
              autoComplete="off"
              maxLength={200}
              value={pet.name}
              onChange={(event) => changePet(index, { name: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`register-pet-species-${index}`}>Species</label>
            <select
              id={`register-pet-species-${index}`}
              value={pet.species}
              onChange={(event) => changePet(index, { species: event.target.value as PetDraft['species'] })}
            >
              {PET_SPECIES_VALUES.map((species) => (
                <option key={species} value={species}>
                  {SPECIES_NAMES[species]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`register-pet-breed-${index}`}>Breed</label>
            <input
              id={`register-pet-breed-${index}`}
              autoComplete="off"
              maxLength={100}
              value={pet.breed}
              onChange={(event) => changePet(index, { breed: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`register-pet-birth-${index}`}>Birth date</label>
            <input
              id={`register-pet-birth-${index}`}
              type="date"
              value={pet.birthDate}
              onChange={(event) => changePet(index, { birthDate: event.target.value })}
            />
          </div>
          <button
            type="button"
            className="button button-secondary register-customer-pet-remove"
            onClick={() => setPets((current) => current.filter((_, at) => at !== index))}
          >
            Remove pet
          </button>
        </fieldset>
      ))}
      {problem !== null && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      <div className="register-setup-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'} <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={addPet}>
          Add a pet <kbd>Alt+P</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onBack}>
          Back <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
