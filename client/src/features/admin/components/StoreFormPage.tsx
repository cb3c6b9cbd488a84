import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CreateStoreRequest, UpdateStoreRequest } from '../../../../../shared/schemas/stores';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { VISIBLE_STORES_KEY } from '../../../api/stores';
import { FormField } from '../../../ui/FormField';
import { PageHeader } from '../../../ui/PageHeader';
import type { Store } from '../api/list-stores';
import { createStore, updateStore } from '../api/save-store';
import { ADMIN_STORES_KEY, useStore } from '../hooks/use-admin-data';
import { AdminTabs } from './AdminTabs';
import { formAlert } from './form-alert';

/** The form's text as typed; numbers are checked and converted on submit. */
type StoreDraft = {
  code: string;
  name: string;
  address: string;
  timezone: string;
  currency: string;
  pricesIncludeTax: boolean;
  standard: string;
  reduced: string;
  exempt: string;
  cashRoundingCents: string;
  allowNegativeStock: boolean;
  cashierDiscountLimitPercent: string;
  itemDigits: string;
  valueKind: 'weight' | 'price';
  receiptHeader: string;
  receiptFooter: string;
  active: boolean;
};

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/Chicago';
}

const NEW_STORE: StoreDraft = {
  code: '',
  name: '',
  address: '',
  timezone: browserTimeZone(),
  currency: 'USD',
  pricesIncludeTax: false,
  standard: '0',
  reduced: '0',
  exempt: '0',
  cashRoundingCents: '1',
  allowNegativeStock: true,
  cashierDiscountLimitPercent: '10',
  itemDigits: '5',
  valueKind: 'weight',
  receiptHeader: '',
  receiptFooter: '',
  active: true,
};

function draftOf(store: Store): StoreDraft {
  return {
    code: store.code,
    name: store.name,
    address: store.address,
    timezone: store.timezone,
    currency: store.currency,
    pricesIncludeTax: store.pricesIncludeTax,
    standard: store.taxRates.standard,
    reduced: store.taxRates.reduced,
    exempt: store.taxRates.exempt,
    cashRoundingCents: String(store.cashRoundingCents),
    allowNegativeStock: store.allowNegativeStock,
    cashierDiscountLimitPercent: String(store.cashierDiscountLimitPercent),
    itemDigits: String(store.scaleBarcodeLayout.itemDigits),
    valueKind: store.scaleBarcodeLayout.valueKind,
    receiptHeader: store.receiptHeader,
    receiptFooter: store.receiptFooter,
    active: store.active,
  };
}

const TIME_ZONES: readonly string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** Whole numbers are checked here, so the field says "a whole number" rather than a type error. */
function wholeNumber(value: string): number | null {
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : null;
}

type Converted = { request: CreateStoreRequest; errors: Record<string, string> };

function toRequest(draft: StoreDraft): Converted {
  const errors: Record<string, string> = {};
  const discount = wholeNumber(draft.cashierDiscountLimitPercent);
  if (discount === null) {
    errors.cashierDiscountLimitPercent = 'must be a whole percent, e.g. 10';
  }
  return {
    errors,
    request: {
      code: draft.code.trim().toUpperCase(),
      name: draft.name,
      address: draft.address,
      timezone: draft.timezone.trim(),
      currency: draft.currency.trim().toUpperCase(),
      pricesIncludeTax: draft.pricesIncludeTax,
      taxRates: {
        standard: draft.standard.trim(),
        reduced: draft.reduced.trim(),
        exempt: draft.exempt.trim(),
      },
      cashRoundingCents: Number(draft.cashRoundingCents),
      allowNegativeStock: draft.allowNegativeStock,
      cashierDiscountLimitPercent: discount ?? 0,
      scaleBarcodeLayout: { itemDigits: Number(draft.itemDigits), valueKind: draft.valueKind },
      receiptHeader: draft.receiptHeader,
      receiptFooter: draft.receiptFooter,
    },
  };
}

/** Only what changed, so the audit log says what the admin actually changed. */
function changesOf(store: Store, request: CreateStoreRequest, active: boolean): UpdateStoreRequest {
  const { code: _code, ...editable } = request;
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(editable)) {
    if (JSON.stringify(value) !== JSON.stringify(store[key as keyof Store])) {
      changes[key] = value;
    }
  }
  if (active !== store.active) {
    changes.active = active;
  }
  return changes as UpdateStoreRequest;
}

/** New store (/admin/stores/new) or a store's settings (/admin/stores/:storeId). */
export function StoreFormPage() {
  const { storeId } = useParams();
  const store = useStore(storeId);
  if (storeId === undefined) {
    return <StoreForm store={null} />;
  }
  if (store.isError) {
    return (
      <section className="backoffice" aria-labelledby="admin-store-title">
        <AdminTabs isAdmin />
        <PageHeader title="Store" titleId="admin-store-title" />
        <p className="alert" role="alert">
          The store could not be loaded. {describeApiError(store.error)}
        </p>
      </section>
    );
  }
  if (!store.data) {
    return <p>Loading…</p>;
  }
  return <StoreForm key={store.data.updatedAt} store={store.data} />;
}

function StoreForm({ store }: { store: Store | null }) {
  const [draft, setDraft] = useState<StoreDraft>(() => (store ? draftOf(store) : NEW_STORE));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [unchanged, setUnchanged] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const save = useMutation({
    mutationFn: (request: CreateStoreRequest) => {
      if (!store) {
        return createStore(request);
      }
      return updateStore(store.id, changesOf(store, request, draft.active));
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ADMIN_STORES_KEY });
      await queryClient.invalidateQueries({ queryKey: VISIBLE_STORES_KEY });
      navigate('/admin/stores', {
        state: { notice: `${store ? 'Saved' : 'Created'} store ${saved.code} (${saved.name}).` },
      });
    },
  });
  const errors = { ...fieldErrors(save.error), ...localErrors };
  const set = <K extends keyof StoreDraft>(key: K, value: StoreDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const { request, errors: found } = toRequest(draft);
    setLocalErrors(found);
    setUnchanged(false);
    if (Object.keys(found).length > 0) {
      save.reset();
      return;
    }
    if (store && Object.keys(changesOf(store, request, draft.active)).length === 0) {
      setUnchanged(true);
      return;
    }
    save.mutate(request);
  }

  const title = store ? `${store.code} · ${store.name}` : 'New store';
  return (
    <section className="backoffice" aria-labelledby="admin-store-title">
      <AdminTabs isAdmin />
      <PageHeader
        title={title}
        titleId="admin-store-title"
        subtitle={
          store ? 'Store settings. The code is fixed once the store exists.' : 'Add a store to the chain.'
        }
        actions={
          <Link to="/admin/stores" className="button button-secondary">
            Back to stores
          </Link>
        }
      />
      <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="admin-store-title">
        {save.isError && (
          <p className="alert" role="alert">
            {formAlert(save.error)}
          </p>
        )}
        {unchanged && (
          <p className="notice" role="status">
            Nothing changed.
          </p>
        )}
        <fieldset className="admin-fieldset">
          <legend>Store</legend>
          <div className="form-grid">
            <FormField
              label="Code"
              error={errors.code}
              hint={store ? undefined : '2–10 capitals or digits, e.g. S003'}
            >
              <input
                value={draft.code}
                onChange={(event) => set('code', event.target.value)}
                disabled={store !== null}
                autoComplete="off"
              />
            </FormField>
            <FormField label="Name" error={errors.name}>
              <input value={draft.name} onChange={(event) => set('name', event.target.value)} />
            </FormField>
            <FormField label="Address" error={errors.address}>
              <input value={draft.address} onChange={(event) => set('address', event.target.value)} />
            </FormField>
            {store && (
              <FormField label="Status" error={errors.active} hint="A closed store keeps its history">
                <select
                  value={draft.active ? 'open' : 'closed'}
                  onChange={(event) => set('active', event.target.value === 'open')}
                >
                  <option value="open">Active</option>
                  <option value="closed">Closed</option>
                </select>
              </FormField>
            )}
          </div>
        </fieldset>

        <fieldset className="admin-fieldset">
          <legend>Money and tax</legend>
          <div className="form-grid">
            <FormField label="Time zone" error={errors.timezone} hint="Business dates follow it">
              <input
                value={draft.timezone}
                onChange={(event) => set('timezone', event.target.value)}
                list="admin-time-zones"
                autoComplete="off"
              />
            </FormField>
            <FormField label="Currency" error={errors.currency} hint="ISO code, e.g. USD">
              <input
                value={draft.currency}
                onChange={(event) => set('currency', event.target.value)}
                maxLength={3}
              />
            </FormField>
            <FormField label="Prices" error={errors.pricesIncludeTax}>
              <select
                value={draft.pricesIncludeTax ? 'include' : 'exclude'}
                onChange={(event) => set('pricesIncludeTax', event.target.value === 'include')}
              >
                <option value="exclude">Shelf prices plus tax</option>
                <option value="include">Shelf prices include tax</option>
              </select>
            </FormField>
            <FormField label="Cash rounding" error={errors.cashRoundingCents}>
              <select
                value={draft.cashRoundingCents}
                onChange={(event) => set('cashRoundingCents', event.target.value)}
              >
                <option value="1">None (to the cent)</option>
                <option value="5">To 5 cents (cash only)</option>
                <option value="10">To 10 cents (cash only)</option>
                {!['1', '5', '10'].includes(draft.cashRoundingCents) && (
                  <option value={draft.cashRoundingCents}>To {draft.cashRoundingCents} cents</option>
                )}
              </select>
            </FormField>
            <FormField label="Standard tax %" error={errors['taxRates.standard']}>
              <input
                value={draft.standard}
                onChange={(event) => set('standard', event.target.value)}
                inputMode="decimal"
              />
            </FormField>
            <FormField label="Reduced tax %" error={errors['taxRates.reduced']}>
              <input
                value={draft.reduced}
                onChange={(event) => set('reduced', event.target.value)}
                inputMode="decimal"
              />
            </FormField>
            <FormField label="Exempt tax %" error={errors['taxRates.exempt']}>
              <input
                value={draft.exempt}
                onChange={(event) => set('exempt', event.target.value)}
                inputMode="decimal"
              />
            </FormField>
          </div>
        </fieldset>

        <fieldset className="admin-fieldset">
          <legend>Till rules</legend>
          <div className="form-grid">
            <FormField label="Selling below zero stock" error={errors.allowNegativeStock}>
              <select
                value={draft.allowNegativeStock ? 'allow' : 'refuse'}
                onChange={(event) => set('allowNegativeStock', event.target.value === 'allow')}
              >
                <option value="allow">Allowed (stock goes negative)</option>
                <option value="refuse">Refused (sale is stopped)</option>
              </select>
            </FormField>
            <FormField
              label="Cashier discount limit %"
              error={errors.cashierDiscountLimitPercent}
              hint="Above it a manager approves"
            >
              <input
                value={draft.cashierDiscountLimitPercent}
                onChange={(event) => set('cashierDiscountLimitPercent', event.target.value)}
                inputMode="numeric"
              />
            </FormField>
            <FormField
              label="Scale barcode item digits"
              error={errors['scaleBarcodeLayout.itemDigits']}
              hint="Digits after the leading 2"
            >
              <select value={draft.itemDigits} onChange={(event) => set('itemDigits', event.target.value)}>
                <option value="4">4</option>
                <option value="5">5</option>
                <option value="6">6</option>
              </select>
            </FormField>
            <FormField label="Scale barcode value" error={errors['scaleBarcodeLayout.valueKind']}>
              <select
                value={draft.valueKind}
                onChange={(event) => set('valueKind', event.target.value === 'price' ? 'price' : 'weight')}
              >
                <option value="weight">Weight (grams)</option>
                <option value="price">Price (cents)</option>
              </select>
            </FormField>
          </div>
        </fieldset>

        <fieldset className="admin-fieldset">
          <legend>Receipt</legend>
          <div className="admin-receipt-grid">
            <FormField label="Receipt header" error={errors.receiptHeader} hint="Printed above the lines">
              <textarea
                rows={4}
                value={draft.receiptHeader}
                onChange={(event) => set('receiptHeader', event.target.value)}
              />
            </FormField>
            <FormField label="Receipt footer" error={errors.receiptFooter} hint="Printed under the totals">
              <textarea
                rows={4}
                value={draft.receiptFooter}
                onChange={(event) => set('receiptFooter', event.target.value)}
              />
            </FormField>
          </div>
        </fieldset>

        <datalist id="admin-time-zones">
          {TIME_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <div className="form-actions">
          <Link to="/admin/stores" className="button button-secondary">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : store ? 'Save store' : 'Create store'}
          </button>
        </div>
      </form>
    </section>
  );
}
