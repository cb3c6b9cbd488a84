import type { StockCountSummary } from '../api/stock-counts';

const LABELS: Record<StockCountSummary['status'], { text: string; className: string }> = {
  open: { text: 'Open', className: 'badge badge-warning' },
  submitted: { text: 'Submitted', className: 'badge' },
  cancelled: { text: 'Cancelled', className: 'badge badge-muted' },
};

export function CountStatusBadge({ status }: { status: StockCountSummary['status'] }) {
  return <span className={LABELS[status].className}>{LABELS[status].text}</span>;
}
