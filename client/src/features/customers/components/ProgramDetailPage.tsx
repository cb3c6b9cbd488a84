import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { UpdateLoyaltyProgramRequest } from '../../../../../shared/schemas/loyalty';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { useVisibleStores } from '../../../api/stores';
import { isRecord } from '../../../lib/guards';
import { type Column, DataTable } from '../../../ui/DataTable';
import { FormField } from '../../../ui/FormField';
import { PageHeader } from '../../../ui/PageHeader';
import { StoreChecklist, storeIdsError } from '../../../ui/StoreChecklist';
import { categoryPaths } from '../../../api/categories';
import type { LoyaltyMember, LoyaltyProgram } from '../api/list-loyalty-programs';
import { updateLoyaltyProgram } from '../api/save-loyalty-program';
import { PROGRAMS_KEY, useCategories, useProgram, useProgramMembers } from '../hooks/use-customers-data';
import { CustomersTabs } from './CustomersTabs';
import { formatBusinessDate } from './format';
import { ProgressMeter } from './ProgressMeter';
import { describeQualifying, describeRule, describeWindow } from './program-text';

/** A program: its rule, its settings, and every member's progress toward the next reward. */
export function ProgramDetailPage() {
  const { programId } = useParams();
  const program = useProgram(programId!);
  if (program.isError) {
    return (
      <section className="backoffice" aria-labelledby="program-title">
        <CustomersTabs current="programs" />
        <PageHeader title="Program" titleId="program-title" />
        <p className="alert" role="alert">
          The program could not be loaded. {describeApiError(program.error)}
        </p>
      </section>
    );
  }
  if (!program.data) {
    return <p>Loading…</p>;
  }
  return <ProgramView program={program.data} />;
}

function ProgramView({ program }: { program: LoyaltyProgram }) {
  const categories = useCategories();
  const members = useProgramMembers(program.id);
  const state: unknown = useLocation().state;
  const notice = isRecord(state) && typeof state.notice === 'string' ? state.notice : null;
  const paths = categoryPaths(categories.data ?? []);
  const rows = members.data?.pages.flatMap((page) => page.items) ?? [];
  const columns: Column<LoyaltyMember>[] = [
    {
      id: 'name',
      header: 'Customer',
      cell: (member) => <Link to={`/customers/${member.customerId}`}>{member.customerName}</Link>,
      sortValue: (member) => member.customerName,
    },
    {
      id: 'progress',
      header: 'Progress',
      cell: (member) => (
        <ProgressMeter
          units={member.unitsTowardNext}
          of={program.buyQuantity}
          label={`${member.customerName}: units toward the next reward`}
        />
      ),
      sortValue: (member) => member.unitsTowardNext,
    },
    {
      id: 'available',
      header: 'To use',
      align: 'end',
      cell: (member) => member.rewardsAvailable,
      sortValue: (member) => member.rewardsAvailable,
    },
    {
      id: 'redeemed',
      header: 'Used',
      align: 'end',
      cell: (member) => member.rewardsRedeemed,
      sortValue: (member) => member.rewardsRedeemed,
    },
    {
      id: 'last',
      header: 'Last bought',
      cell: (member) => (member.lastPurchaseDate ? formatBusinessDate(member.lastPurchaseDate) : '—'),
      sortValue: (member) => member.lastPurchaseDate,
    },
  ];
  return (
    <section className="backoffice" aria-labelledby="program-title">
      <CustomersTabs current="programs" />
      <PageHeader
        title={program.name}
        titleId="program-title"
        subtitle={`${describeRule(program)} · ${describeQualifying(program.qualifying, paths)} · ${describeWindow(program.windowMonths)}${program.active ? '' : ' · ended'}`}
        actions={
          <Link to="/customers/programs" className="button button-secondary">
            Back to programs
          </Link>
        }
      />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="customers-program-grid">
        <section className="customers-card" aria-labelledby="program-members">
          <h2 id="program-members">Members</h2>
          {members.isError && (
            <p className="alert" role="alert">
              The members could not be loaded. {describeApiError(members.error)}
            </p>
          )}
          {members.isPending ? (
            <p>Loading…</p>
          ) : (
            <DataTable
              caption="Members"
              testId="program-members"
              columns={columns}
              rows={rows}
              rowKey={(member) => member.customerId}
              empty="No customer has bought a qualifying product yet."
            />
          )}
          {members.hasNextPage && (
            <div className="customers-more">
              <button
                type="button"
                className="button button-secondary"
                disabled={members.isFetchingNextPage}
                onClick={() => void members.fetchNextPage()}
              >
                {members.isFetchingNextPage ? 'Loading…' : 'Show more members'}
              </button>
            </div>
          )}
        </section>
        <ProgramSettings key={program.updatedAt} program={program} />
      </div>
    </section>
  );
}

function ProgramSettings({ program }: { program: LoyaltyProgram }) {
  const stores = useVisibleStores();
  const [name, setName] = useState(program.name);
  const [active, setActive] = useState(program.active);
  const [windowMonths, setWindowMonths] = useState(
    program.windowMonths === null ? '' : String(program.windowMonths),
  );
  const [storeIds, setStoreIds] = useState<string[]>(program.storeIds);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (request: UpdateLoyaltyProgramRequest) => updateLoyaltyProgram(program.id, request),
    onSuccess: async (updated) => {
      queryClient.setQueryData([...PROGRAMS_KEY, updated.id], updated);
      await queryClient.invalidateQueries({ queryKey: PROGRAMS_KEY, exact: true });
    },
  });
  const errors = { ...fieldErrors(save.error), ...localErrors };

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const request: UpdateLoyaltyProgramRequest = {};
    const found: Record<string, string> = {};
    if (name !== program.name) {
      request.name = name;
    }
    if (active !== program.active) {
      request.active = active;
    }
    const window =
      windowMonths.trim() === '' ? null : /^\s*\d+\s*$/.test(windowMonths) ? Number(windowMonths) : NaN;
    if (Number.isNaN(window)) {
      found.windowMonths = 'must be a whole number of months, or empty for no limit';
    } else if (window !== program.windowMonths) {
      request.windowMonths = window;
    }
    if ([...storeIds].sort().join() !== [...program.storeIds].sort().join()) {
      request.storeIds = storeIds;
    }
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      save.reset();
      return;
    }
    if (Object.keys(request).length === 0) {
      setSaved(true);
      return;
    }
    save.mutate(request, { onSuccess: () => setSaved(true) });
  }

  return (
    <form className="customers-card" onSubmit={submit} noValidate aria-labelledby="program-settings">
      <h2 id="program-settings">Settings</h2>
      {save.isError && (
        <p className="alert" role="alert">
          {describeApiError(save.error)}
        </p>
      )}
      {saved && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      <FormField label="Name" error={errors.name}>
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      <FormField label="Status" error={errors.active} hint="An ended program keeps what members earned">
        <select
          value={active ? 'active' : 'ended'}
          onChange={(event) => setActive(event.target.value === 'active')}
        >
          <option value="active">Active</option>
          <option value="ended">Ended</option>
        </select>
      </FormField>
      <FormField label="Window (months)" error={errors.windowMonths} hint="Empty: units count forever">
        <input
          value={windowMonths}
          inputMode="numeric"
          onChange={(event) => setWindowMonths(event.target.value)}
        />
      </FormField>
      <StoreChecklist
        stores={stores.data ?? []}
        value={storeIds}
        onChange={setStoreIds}
        error={storeIdsError(errors)}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
