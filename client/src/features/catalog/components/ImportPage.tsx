import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId, useRef, useState } from 'react';
import { PRODUCT_CSV_COLUMNS } from '../../../../../shared/schemas/catalog-files';
import { ApiError } from '../../../api/http';
import { describeApiError } from '../../../api/field-errors';
import { PageHeader } from '../../../ui/PageHeader';
import { type ImportReport, importProducts, PRODUCTS_EXPORT_URL } from '../api/import-products';
import { checkCsvFile, formatBytes } from '../files';
import { PRODUCTS_KEY } from '../hooks/use-products';
import { canApply, groupErrorsByRow, importableCount, summarizeReport } from '../import-report';

/**
 * CSV import in two steps: the server checks the whole file and reports per row (dry run, nothing written);
 * only a clean report offers the import, which the server again writes all or nothing.
 */
export function ImportPage() {
  const queryClient = useQueryClient();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const check = useMutation({ mutationFn: (chosen: File) => importProducts(chosen, true) });
  const apply = useMutation({
    mutationFn: (chosen: File) => importProducts(chosen, false),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY }),
  });

  function choose(chosen: File | undefined) {
    check.reset();
    apply.reset();
    setFile(null);
    if (!chosen) {
      setProblem(null);
      return;
    }
    const why = checkCsvFile(chosen);
    setProblem(why);
    if (!why) {
      setFile(chosen);
      check.mutate(chosen);
    }
  }

  function startOver() {
    check.reset();
    apply.reset();
    setFile(null);
    setProblem(null);
    if (inputRef.current) {
      inputRef.current.value = '';
    }
  }

  const dryRun = check.data;
  const result = apply.data;
  return (
    <section className="backoffice catalog-import" aria-labelledby="catalog-import-title">
      <PageHeader
        title="Import and export"
        titleId="catalog-import-title"
        subtitle="Add or update many products from a spreadsheet saved as CSV. Products are matched by SKU."
        actions={
          <a href={PRODUCTS_EXPORT_URL} className="button button-secondary" download>
            Download CSV
          </a>
        }
      />
      <div className="catalog-import-help">
        <p>
          The first line must name the columns <code>{PRODUCT_CSV_COLUMNS.join(',')}</code>. Prices are in
          cents (<code>1299</code> is $12.99); several barcodes or species are separated by <code>;</code>; a
          category is written as its path, e.g. <code>Dog/Food</code>. The download is in exactly this format,
          so the easiest start is to download, edit and import it again.
        </p>
      </div>
      <div className="toolbar">
        <span className="inline-field">
          <label htmlFor={inputId}>CSV file (up to 20 MB)</label>
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => choose(event.target.files?.[0])}
          />
        </span>
        {file && !result && (
          <button
            type="button"
            className="button button-secondary"
            disabled={check.isPending || apply.isPending}
            onClick={() => {
              apply.reset();
              check.mutate(file);
            }}
          >
            Check again
          </button>
        )}
      </div>
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {check.isPending && <p className="catalog-loading">Checking {file?.name}…</p>}
      {check.isError && <FileError error={check.error} />}
      {dryRun && !result && (
        <ReportView report={dryRun} fileName={file?.name ?? ''} fileSize={file?.size ?? 0}>
          {canApply(dryRun) && file && (
            <div className="form-actions catalog-import-actions">
              <button type="button" className="button button-secondary" onClick={startOver}>
                Cancel
              </button>
              <button
                type="button"
                className="button button-primary"
                disabled={apply.isPending}
                onClick={() => apply.mutate(file)}
              >
                {apply.isPending
                  ? 'Importing…'
                  : `Import ${importableCount(dryRun)} ${importableCount(dryRun) === 1 ? 'product' : 'products'}`}
              </button>
            </div>
          )}
        </ReportView>
      )}
      {apply.isError && <FileError error={apply.error} />}
      {result && (
        <ReportView report={result} fileName={file?.name ?? ''} fileSize={file?.size ?? 0}>
          <div className="form-actions catalog-import-actions">
            <button type="button" className="button button-secondary" onClick={startOver}>
              Import another file
            </button>
          </div>
        </ReportView>
      )}
    </section>
  );
}

/** A file the server would not read at all (wrong header, not CSV, too large): nothing per row to show. */
function FileError({ error }: { error: unknown }) {
  const details = error instanceof ApiError ? error.details.filter((detail) => detail.path !== '') : [];
  return (
    <div className="alert" role="alert">
      <p>The file could not be checked. {describeApiError(error)}</p>
      {details.length > 0 && (
        <ul>
          {details.map((detail) => (
            <li key={`${detail.path}:${detail.message}`}>
              {detail.path}: {detail.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ReportView({
  report,
  fileName,
  fileSize,
  children,
}: {
  report: ImportReport;
  fileName: string;
  fileSize: number;
  children?: ReactNode;
}) {
  const groups = groupErrorsByRow(report.errors);
  const isClean = report.errorCount === 0;
  return (
    <div className="catalog-report" data-testid={report.dryRun ? 'import-dry-run' : 'import-result'}>
      <h2>
        {report.dryRun ? 'Check of' : 'Import of'} {fileName}{' '}
        <span className="catalog-report-size">({formatBytes(fileSize)})</span>
      </h2>
      <p className={isClean ? 'notice' : 'alert'} role="status" data-testid="import-summary">
        {summarizeReport(report)}
      </p>
      <dl className="catalog-report-counts">
        <div>
          <dt>Rows read</dt>
          <dd data-testid="import-rows">{report.rows}</dd>
        </div>
        <div>
          <dt>{report.dryRun ? 'Would create' : 'Created'}</dt>
          <dd data-testid="import-created">{report.created}</dd>
        </div>
        <div>
          <dt>{report.dryRun ? 'Would update' : 'Updated'}</dt>
          <dd data-testid="import-updated">{report.updated}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd data-testid="import-errors">{report.errorCount}</dd>
        </div>
      </dl>
      {groups.length > 0 && (
        <div className="table-scroll">
          <table className="data-table catalog-report-errors" data-testid="import-error-table">
            <caption className="visually-hidden">Errors by row</caption>
            <thead>
              <tr>
                <th scope="col" className="align-end">
                  Row
                </th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {groups.flatMap((group) =>
                group.problems.map((problem, index) => (
                  <tr key={`${group.row}:${problem.column}:${problem.message}`}>
                    <td className="align-end">{index === 0 ? group.row : ''}</td>
                    <td>
                      <code>{problem.column}</code>
                    </td>
                    <td className="catalog-report-message">{problem.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
      {report.errors.length < report.errorCount && (
        <p className="form-hint">
          The first {report.errors.length} of {report.errorCount} errors are shown.
        </p>
      )}
      {children}
    </div>
  );
}
