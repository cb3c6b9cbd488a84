import {
  APPROVAL_REASONS,
  type ReportApproval,
  type DiscountKind,
  type DiscountReport,
  type DiscountReportRow,
  type ReportRangeQuery,
} from '../../../shared/schemas/reports';
import { findDiscounts } from './discounts.repo';
import { isoInstant, reportStoreIds, requireStoreFound, sumOf } from './range-report.service';
import type { ReportsDeps } from './reports.service';

const DISCOUNT_LABELS: Record<DiscountKind, string> = {
  discount: 'Line and sale discounts',
  reward: 'Rewards (free units)',
  price_override: 'Price overrides',
};

type ApprovalReason = (typeof APPROVAL_REASONS)[number];
const isApprovalReason = (value: string): value is ApprovalReason =>
  (APPROVAL_REASONS as readonly string[]).includes(value);

/**
 * Discounts by kind and the manager approvals of a range (see discountReportSchema). Voided sales' discounts
 * count nowhere, but their void is an approval, and so is any approval the sale needed before it was voided.
 */
export async function buildDiscountReport(
  deps: ReportsDeps,
  visible: string[] | null,
  query: ReportRangeQuery,
): Promise<DiscountReport> {
  const storeIds = reportStoreIds(visible, query.storeId);
  const found = await findDiscounts(deps.db, { storeIds, from: query.from, to: query.to });
  requireStoreFound(query.storeId, found.store_count);
  const rows = found.rows.map(
    (row): DiscountReportRow => ({
      key: row.kind as DiscountKind,
      label: DISCOUNT_LABELS[row.kind as DiscountKind],
      lines: Number(row.lines),
      sales: Number(row.sales),
      amountCents: Number(row.amount),
    }),
  );
  const approvals = found.approvals.map(
    (row): ReportApproval => ({
      key: row.id,
      kind: row.kind,
      reasons: [...new Set(row.reasons ?? [])].filter(isApprovalReason).sort(),
      at: isoInstant(row.at),
      localTime: row.local_time,
      businessDate: row.business_date,
      storeId: row.store_id,
      storeCode: row.store_code,
      receiptNumber: row.receipt_number,
      cashierId: row.cashier_id,
      cashier: row.cashier,
      approverId: row.approver_id,
      approver: row.approver,
      amountCents: Number(row.amount),
      discountCents: Number(row.discount),
    }),
  );
  return {
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    currency: found.currency,
    rows,
    totals: {
      lines: sumOf(rows, (row) => row.lines),
      sales: found.sales,
      amountCents: sumOf(rows, (row) => row.amountCents),
      approvals: approvals.length,
    },
    approvals,
  };
}
