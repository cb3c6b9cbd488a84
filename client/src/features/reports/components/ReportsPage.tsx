import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { MAX_SALES_REPORT_DAYS } from '../../../../../shared/schemas/reports';
import { categoryPaths as buildCategoryPaths, useCategories } from '../../../api/categories';
import { describeApiError } from '../../../api/field-errors';
import { type StoreSummary, useVisibleStores } from '../../../api/stores';
import { PageHeader } from '../../../ui/PageHeader';
import { StoreSelect } from '../../../ui/StoreSelect';
import type { LoadedReport } from '../api/get-report';
import { useReport } from '../hooks/use-report';
import {
  checkRange,
  chooseTimeZone,
  type DateRange,
  describeRange,
  presetRange,
  todayIn,
} from '../report-dates';
import { type ReportKindId, readReportParams, reportApiUrl, reportKind, reportSearch } from '../report-kinds';
import { DateRangeControls } from './DateRangeControls';
import { ReportKindSelect, ReportPicker } from './ReportPicker';
import { ReportTables } from './ReportTables';
import './reports.css';

/** Without dates in the address: this week so far. */
const DEFAULT_PRESET = 'this-week';

const printedAt = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The back office's reports: pick a kind, the stores and the dates; the table sorts, downloads as CSV (the API
 * writes the same figures) and prints. Everything chosen is in the address (?kind=&from=&to=&storeId=).
 */
export function ReportsPage() {
  const [search, setSearch] = useSearchParams();
  const params = readReportParams(search);
  const kind = reportKind(params.kind);
  const stores = useVisibleStores();
  const storeList = stores.data ?? [];
  // One store to see: it is the report's store, named in the address and the request.
  const storeId =
    params.storeId !== '' ? params.storeId : storeList.length === 1 ? (storeList[0]?.id ?? '') : '';
  const zone = chooseTimeZone(storeList, storeId);
  const today = todayIn(zone.timeZone);
  const range: DateRange =
    params.from !== null && params.to !== null
      ? { from: params.from, to: params.to }
      : presetRange(DEFAULT_PRESET, today);
  const { from, to } = range;
  const rangeError = kind.isDated ? checkRange(range, MAX_SALES_REPORT_DAYS) : null;
  const isStoreUnknown =
    stores.data !== undefined && storeId !== '' && !storeList.some((store) => store.id === storeId);

  const needsAddress =
    stores.data !== undefined && (params.from === null || params.to === null || params.storeId !== storeId);
  useEffect(() => {
    // Write the dates (and a sole store) into the address, so what is shown can be bookmarked as it is.
    if (needsAddress) {
      setSearch(reportSearch({ kind: params.kind, storeId, from, to }), { replace: true });
    }
  }, [needsAddress, setSearch, params.kind, storeId, from, to]);

  const query =
    stores.data !== undefined && rangeError === null ? { kind: params.kind, storeId, ...range } : null;
  const report = useReport(query);
  const loaded = report.data?.kind === params.kind ? report.data : undefined;
  // The sales report names a category by its own name; "Food" under Dog and under Cat need their paths.
  const categories = useCategories();
  const categoryPaths = useMemo(
    () => (categories.data ? buildCategoryPaths(categories.data) : undefined),
    [categories.data],
  );

  function show(next: Partial<{ kind: ReportKindId; storeId: string } & DateRange>) {
    setSearch(reportSearch({ kind: params.kind, storeId, ...range, ...next }));
  }

  const storesText = describeStores(storeList, storeId);
  const periodText = kind.isDated
    ? describeRange(range)
    : loaded
      ? `Stock on hand as of ${asOfText(loaded)}`
      : 'Stock on hand now';

  return (
    <section className="backoffice reports" aria-labelledby="report-title">
      <div className="reports-layout">
        <ReportPicker
          current={params.kind}
          hrefFor={(id) => `/reports${reportSearch({ kind: id, storeId, ...range })}`}
        />
        <div className="reports-main">
          <div className="reports-print-header" data-testid="report-print-header">
            <p>Pet Products POS · {kind.title}</p>
            <p>Stores: {storesText}</p>
            <p>{kind.isDated ? `Dates: ${periodText}` : periodText}</p>
            <p>Printed {printedAt.format(new Date())}</p>
          </div>
          <PageHeader
            title={kind.title}
            titleId="report-title"
            subtitle={
              <span data-testid="report-subtitle">
                {storesText} · {periodText}
              </span>
            }
            actions={
              loaded && (
                <>
                  <a
                    className="button button-secondary"
                    href={reportApiUrl(params.kind, { storeId, ...range }, 'csv')}
                    download
                  >
                    Download CSV
                  </a>
                  <button type="button" className="button button-secondary" onClick={() => window.print()}>
                    Print
                  </button>
                </>
              )
            }
          />

          {stores.isError && (
            <p className="alert" role="alert">
              Your stores could not be loaded. {describeApiError(stores.error)}
            </p>
          )}
          {stores.data && storeList.length === 0 && (
            <p className="notice">You are not assigned to any store, so there is nothing to report.</p>
          )}

          {stores.data && storeList.length > 0 && (
            <div className="toolbar reports-toolbar">
              <ReportKindSelect current={params.kind} onChange={(id) => show({ kind: id })} />
              <StoreSelect
                id="report-store"
                stores={storeList}
                value={isStoreUnknown ? '' : storeId}
                onChange={(id) => show({ storeId: id })}
                allowAll={storeList.length > 1}
              />
              {kind.isDated && (
                <DateRangeControls range={range} today={today} onChange={show} error={rangeError} />
              )}
            </div>
          )}
          {kind.isDated && zone.isMixed && storeId === '' && (
            <p className="form-hint no-print" data-testid="report-zone-note">
              Presets count days in {zone.storeName}'s time zone ({zone.timeZone}); each store's figures
              follow its own calendar.
            </p>
          )}
          {isStoreUnknown && (
            <p className="notice" data-testid="report-store-unknown">
              The store in this address is not one of yours.{' '}
              <button
                type="button"
                className="button button-secondary"
                onClick={() => show({ storeId: storeList.length === 1 ? (storeList[0]?.id ?? '') : '' })}
              >
                {storeList.length === 1
                  ? `Show ${storeList[0]?.name ?? 'your store'}`
                  : 'Show all your stores'}
              </button>
            </p>
          )}
          {loaded?.report.currency === null && (
            <p className="notice" data-testid="report-mixed-currency">
              These stores use different currencies: amounts are added up as plain numbers, not converted.
            </p>
          )}

          {query !== null && report.isPending && (
            <p className="reports-status" role="status" aria-busy="true">
              Loading the report…
            </p>
          )}
          {report.isError && (
            <div className="alert reports-error" role="alert" data-testid="report-error">
              <p>This report could not be loaded. {describeApiError(report.error)}</p>
              <button type="button" className="button button-secondary" onClick={() => report.refetch()}>
                Try again
              </button>
            </div>
          )}
          {loaded && !report.isError && <ReportTables loaded={loaded} categoryPaths={categoryPaths} />}
        </div>
      </div>
    </section>
  );
}

function describeStores(stores: readonly StoreSummary[], storeId: string): string {
  if (storeId !== '') {
    const store = stores.find((candidate) => candidate.id === storeId);
    return store ? `${store.name} (${store.code})` : 'Unknown store';
  }
  return `All stores (${stores.map((store) => store.code).join(', ')})`;
}

function asOfText(loaded: LoadedReport): string {
  return 'asOf' in loaded.report ? printedAt.format(new Date(loaded.report.asOf)) : '';
}
