import { Link } from 'react-router';
import { REPORT_KIND_IDS, REPORT_KINDS, REPORT_SECTIONS, type ReportKindId } from '../report-kinds';

type Props = {
  current: ReportKindId;
  /** The address of each report with the same stores and dates. */
  hrefFor: (kind: ReportKindId) => string;
};

/** The kinds of report, grouped, as links (a report is an address: it opens in a new tab too). */
export function ReportPicker({ current, hrefFor }: Props) {
  return (
    <nav className="reports-picker no-print" aria-label="Reports">
      {REPORT_SECTIONS.map((section) => (
        <div key={section} className="reports-picker-section">
          <h2 className="reports-picker-title">{section}</h2>
          <ul>
            {REPORT_KIND_IDS.filter((id) => REPORT_KINDS[id].section === section).map((id) => (
              <li key={id}>
                <Link to={hrefFor(id)} aria-current={id === current ? 'page' : undefined}>
                  {REPORT_KINDS[id].title}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

type SelectProps = { current: ReportKindId; onChange: (kind: ReportKindId) => void };

/** The same choice as a drop-down, for screens too narrow to keep the list beside the table. */
export function ReportKindSelect({ current, onChange }: SelectProps) {
  return (
    <span className="inline-field reports-kind-select">
      <label htmlFor="report-kind">Report</label>
      <select
        id="report-kind"
        value={current}
        onChange={(event) => {
          const id = REPORT_KIND_IDS.find((candidate) => candidate === event.target.value);
          if (id !== undefined) {
            onChange(id);
          }
        }}
      >
        {REPORT_SECTIONS.map((section) => (
          <optgroup key={section} label={section}>
            {REPORT_KIND_IDS.filter((id) => REPORT_KINDS[id].section === section).map((id) => (
              <option key={id} value={id}>
                {REPORT_KINDS[id].title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </span>
  );
}
