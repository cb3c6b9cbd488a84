import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { categoryPaths, useCategories } from '../../../api/categories';
import type { Dashboard } from '../api/get-dashboard';
import { CHART_TODAY } from '../chart-colors';
import { money } from '../format';

const MAX_CATEGORIES = 8;

/** Today's net sales by category, largest first, as horizontal bars so long names stay readable. */
export function CategoryChart({ dashboard }: { dashboard: Dashboard }) {
  const categories = useCategories();
  const paths = categories.data ? categoryPaths(categories.data) : new Map<string, string>();
  const rows = dashboard.byCategory.slice(0, MAX_CATEGORIES);
  if (rows.length === 0) {
    return <p className="dashboard-empty">No sales yet today.</p>;
  }
  const data = rows.map((row) => ({
    name: (row.categoryId !== null ? paths.get(row.categoryId) : undefined) ?? row.name,
    netSales: row.netSalesCents / 100,
  }));
  const currency = dashboard.currency;
  return (
    <div className="dashboard-chart" data-testid="chart-by-category">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={(value: number) => money(Math.round(value * 100), currency)} />
          <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 13 }} />
          <Tooltip formatter={(value) => money(Math.round(Number(value) * 100), currency)} />
          <Bar dataKey="netSales" name="Net sales" fill={CHART_TODAY} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
