import type { PurchaseOrderStatus } from '../api/purchase-orders';

const LABELS: Record<PurchaseOrderStatus, { text: string; className: string }> = {
  draft: { text: 'Draft', className: 'badge badge-muted' },
  ordered: { text: 'Ordered', className: 'badge badge-warning' },
  partially_received: { text: 'Part received', className: 'badge badge-warning' },
  received: { text: 'Received', className: 'badge' },
  cancelled: { text: 'Cancelled', className: 'badge badge-muted' },
};

export function PurchaseOrderStatusBadge({ status }: { status: PurchaseOrderStatus }) {
  const label = LABELS[status];
  return <span className={label.className}>{label.text}</span>;
}
