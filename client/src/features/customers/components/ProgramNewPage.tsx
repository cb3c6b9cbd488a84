import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CreateLoyaltyProgramRequest } from '../../../../../shared/schemas/loyalty';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { useVisibleStores } from '../../../api/stores';
import { FormField } from '../../../ui/FormField';
import { PageHeader } from '../../../ui/PageHeader';
import { StoreChecklist, storeIdsError } from '../../../ui/StoreChecklist';
import { categoryPaths } from '../../../api/categories';
import { createLoyaltyProgram } from '../api/save-loyalty-program';
import { PROGRAMS_KEY, useCategories } from '../hooks/use-customers-data';
import { CustomersTabs } from './CustomersTabs';
import { describeRule } from './program-text';

type ProgramDraft = {
  name: string;
  storeIds: string[] | null;
  brand: string;
  categoryId: string;
  buyQuantity: string;
  rewardQuantity: string;
  windowMonths: string;
};

function wholeNumber(value: string): number | null {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}

/** Checks what the API cannot word well (numbers typed as text); the rest is the API's to say. */
function toRequest(
  draft: ProgramDraft,
  storeIds: string[],
): { request: CreateLoyaltyProgramRequest; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const buy = wholeNumber(draft.buyQuantity);
  const reward = wholeNumber(draft.rewardQuantity);
  const window = draft.windowMonths.trim() === '' ? null : wholeNumber(draft.windowMonths);
  if (buy === null) {
    errors.buyQuantity = 'must be a whole number, e.g. 12';
  }
  if (reward === null) {
    errors.rewardQuantity = 'must be a whole number, e.g. 1';
  }
  if (window === null && draft.windowMonths.trim() !== '') {
    errors.windowMonths = 'must be a whole number of months, or empty for no limit';
  }
  const qualifying: CreateLoyaltyProgramRequest['qualifying'] = {};
  if (draft.brand.trim() !== '') {
    qualifying.brand = draft.brand.trim();
  }
  if (draft.categoryId !== '') {
    qualifying.categoryId = draft.categoryId;
  }
  return {
    errors,
    request: {
      name: draft.name,
      storeIds,
      qualifying,
      buyQuantity: buy ?? 0,
      rewardQuantity: reward ?? 0,
      windowMonths: window,
    },
  };
}

/** A new frequent-buyer program: which products count (a brand, a category or both), buy N get M free. */
export function ProgramNewPage() {
  const stores = useVisibleStores();
  const categories = useCategories();
  const [draft, setDraft] = useState<ProgramDraft>({
    name: '',
    storeIds: null,
    brand: '',
    categoryId: '',
    buyQuantity: '12',
    rewardQuantity: '1',
    windowMonths: '',
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Until stores are ticked, a manager of one store has it chosen; someone with several chooses.
  const storeIds = draft.storeIds ?? (stores.data?.length === 1 ? [stores.data[0]!.id] : []);
  const save = useMutation({
    mutationFn: createLoyaltyProgram,
    onSuccess: async (program) => {
      await queryClient.invalidateQueries({ queryKey: PROGRAMS_KEY });
      navigate(`/customers/programs/${program.id}`, {
        state: { notice: `Created “${program.name}”: ${describeRule(program)}.` },
      });
    },
  });
  const errors = { ...fieldErrors(save.error), ...localErrors };
  const set = <K extends keyof ProgramDraft>(key: K, value: ProgramDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const paths = categoryPaths(categories.data ?? []);
  const categoryOptions = [...paths].sort((a, b) => a[1].localeCompare(b[1]));
  const qualifyingError = errors.qualifying ?? errors['qualifying.brand'] ?? errors['qualifying.categoryId'];

  function submit(event: FormEvent) {
    event.preventDefault();
    const { request, errors: found } = toRequest(draft, storeIds);
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      save.reset();
      return;
    }
    save.mutate(request);
  }

  return (
    <section className="backoffice" aria-labelledby="program-new-title">
      <CustomersTabs current="programs" />
      <PageHeader
        title="New frequent-buyer program"
        titleId="program-new-title"
        subtitle="What counts and the rule cannot change once customers collect; the name, window and stores can."
        actions={
          <Link to="/customers/programs" className="button button-secondary">
            Back to programs
          </Link>
        }
      />
      <form className="customers-form" onSubmit={submit} noValidate aria-labelledby="program-new-title">
        {save.isError && (
          <p className="alert" role="alert">
            {Object.keys(fieldErrors(save.error)).length > 0
              ? 'Not created: fix the fields marked below.'
              : describeApiError(save.error)}
          </p>
        )}
        <fieldset className="customers-fieldset">
          <legend>Program</legend>
          <div className="form-grid">
            <FormField label="Name" error={errors.name} hint="Printed on receipts, e.g. Acme Club">
              <input value={draft.name} onChange={(event) => set('name', event.target.value)} />
            </FormField>
            <FormField label="Buy" error={errors.buyQuantity} hint="Qualifying units per reward">
              <input
                value={draft.buyQuantity}
                inputMode="numeric"
                onChange={(event) => set('buyQuantity', event.target.value)}
              />
            </FormField>
            <FormField label="Get free" error={errors.rewardQuantity} hint="Free units per reward">
              <input
                value={draft.rewardQuantity}
                inputMode="numeric"
                onChange={(event) => set('rewardQuantity', event.target.value)}
              />
            </FormField>
            <FormField label="Window (months)" error={errors.windowMonths} hint="Empty: units count forever">
              <input
                value={draft.windowMonths}
                inputMode="numeric"
                onChange={(event) => set('windowMonths', event.target.value)}
              />
            </FormField>
          </div>
        </fieldset>
        <fieldset className="customers-fieldset">
          <legend>What counts</legend>
          <p className="form-hint customers-legend-hint">
            A product counts when it matches everything set here: a brand, a category, or both.
          </p>
          <div className="form-grid">
            <FormField label="Brand" error={errors['qualifying.brand']} hint="Any case, e.g. Acme">
              <input value={draft.brand} onChange={(event) => set('brand', event.target.value)} />
            </FormField>
            <FormField label="Category" error={errors['qualifying.categoryId']}>
              <select value={draft.categoryId} onChange={(event) => set('categoryId', event.target.value)}>
                <option value="">Any category</option>
                {categoryOptions.map(([id, path]) => (
                  <option key={id} value={id}>
                    {path}
                  </option>
                ))}
              </select>
            </FormField>
          </div>
          {qualifyingError && !errors['qualifying.brand'] && !errors['qualifying.categoryId'] && (
            <span className="form-error" role="alert">
              {qualifyingError === 'must set productIds, brand or categoryId'
                ? 'set a brand, a category or both'
                : qualifyingError}
            </span>
          )}
        </fieldset>
        <StoreChecklist
          stores={stores.data ?? []}
          value={storeIds}
          onChange={(next) => set('storeIds', next)}
          error={storeIdsError(errors)}
          hint="Units bought in these stores count; rewards are given there."
        />
        <div className="form-actions">
          <Link to="/customers/programs" className="button button-secondary">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Creating…' : 'Create program'}
          </button>
        </div>
      </form>
    </section>
  );
}
