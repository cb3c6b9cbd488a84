import { delta } from '../format';

type Props = {
  id: string;
  label: string;
  value: string;
  today: number;
  lastWeek: number;
  lastWeekText: string;
  /** For returns and voids: more than last week is bad news. */
  higherIsWorse?: boolean;
};

/** One figure for today with last week's and the change, shown by sign and words as well as colour. */
export function KpiCard({ id, label, value, today, lastWeek, lastWeekText, higherIsWorse = false }: Props) {
  const change = delta(today, lastWeek);
  const tone =
    change.direction === 'flat' ? 'flat' : (change.direction === 'up') !== higherIsWorse ? 'good' : 'bad';
  return (
    <div className="dashboard-kpi" data-testid={`kpi-${id}`}>
      <span className="dashboard-kpi-label">{label}</span>
      <span className="dashboard-kpi-value" data-testid={`kpi-${id}-value`}>
        {value}
      </span>
      <span className="dashboard-kpi-compare">
        <span className={`dashboard-delta dashboard-delta-${tone}`} data-testid={`kpi-${id}-delta`}>
          {change.label}
        </span>{' '}
        vs last week
      </span>
      <span className="dashboard-kpi-last">Last week: {lastWeekText}</span>
    </div>
  );
}
