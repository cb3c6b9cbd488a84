import {
  DATE_PRESET_LABELS,
  DATE_PRESETS,
  type DatePreset,
  type DateRange,
  isBusinessDate,
  matchPreset,
  presetRange,
} from '../report-dates';

type Props = {
  range: DateRange;
  /** Today in the time zone the presets count in. */
  today: string;
  onChange: (range: DateRange) => void;
  error: string | null;
};

/** Presets (counted in the store's time zone) or any from/to. */
export function DateRangeControls({ range, today, onChange, error }: Props) {
  const active: DatePreset | null = matchPreset(range, today);
  return (
    <div className="reports-dates">
      <fieldset className="reports-presets">
        <legend>Dates</legend>
        {DATE_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className="button button-secondary reports-preset"
            aria-pressed={active === preset}
            onClick={() => onChange(presetRange(preset, today))}
          >
            {DATE_PRESET_LABELS[preset]}
          </button>
        ))}
      </fieldset>
      <span className="reports-custom">
        <span className="inline-field">
          <label htmlFor="report-from">From</label>
          <input
            id="report-from"
            type="date"
            value={range.from}
            max={today}
            aria-invalid={error !== null}
            aria-describedby={error === null ? undefined : 'report-range-error'}
            onChange={(event) => {
              if (isBusinessDate(event.target.value)) {
                onChange({ ...range, from: event.target.value });
              }
            }}
          />
        </span>
        <span className="inline-field">
          <label htmlFor="report-to">To</label>
          <input
            id="report-to"
            type="date"
            value={range.to}
            aria-invalid={error !== null}
            aria-describedby={error === null ? undefined : 'report-range-error'}
            onChange={(event) => {
              if (isBusinessDate(event.target.value)) {
                onChange({ ...range, to: event.target.value });
              }
            }}
          />
        </span>
      </span>
      {error !== null && (
        <p id="report-range-error" className="form-error reports-range-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
