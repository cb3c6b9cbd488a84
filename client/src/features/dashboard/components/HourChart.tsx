import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../api/get-dashboard';
import { CHART_LAST_WEEK, CHART_TODAY } from '../chart-colors';
import { hourLabel, money } from '../format';

/** Net sales per hour of the store's day, today beside the same hours last week. Hours between are shown empty. */
export function HourChart({ dashboard }: { dashboard: Dashboard }) {
  const rows = dashboard.byHour;
  if (rows.length === 0) {
    return <p className="dashboard-empty">No sales yet today or at this time last week.</p>;
  }
  const byHour = new Map(rows.map((row) => [row.hour, row]));
  const first = rows[0]?.hour ?? 0;
  const last = rows[rows.length - 1]?.hour ?? 0;
  const data = [];
  for (let hour = first; hour <= last; hour += 1) {
    const row = byHour.get(hour);
    data.push({
      hour: hourLabel(hour),
      today: (row?.netSalesCents ?? 0) / 100,
      lastWeek: (row?.lastWeekNetSalesCents ?? 0) / 100,
    });
  }
  const currency = dashboard.currency;
  return (
    <div className="dashboard-chart" data-testid="chart-by-hour">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="hour" />
          <YAxis width={72} tickFormatter={(value: number) => money(Math.round(value * 100), currency)} />
          <Tooltip formatter={(value) => money(Math.round(Number(value) * 100), currency)} />
          <Legend />
          <Bar dataKey="lastWeek" name="Last week" fill={CHART_LAST_WEEK} isAnimationActive={false} />
          <Bar dataKey="today" name="Today" fill={CHART_TODAY} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
