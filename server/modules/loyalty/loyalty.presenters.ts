import { stringify } from 'csv-stringify/sync';
import type { LoyaltyProgram, RedemptionReport } from '../../../shared/schemas/loyalty';
import type { ProgramRow } from './loyalty.repo';

/** A program as the caller may see it: only the stores they are assigned to (admins: all). */
export function presentProgram(row: ProgramRow, visible: string[] | null): LoyaltyProgram {
  const qualifying: LoyaltyProgram['qualifying'] = {};
  if (row.qualifying.productIds) {
    qualifying.productIds = row.qualifying.productIds;
  }
  if (row.qualifying.brand !== undefined) {
    qualifying.brand = row.qualifying.brand;
  }
  if (row.qualifying.categoryId !== undefined) {
    qualifying.categoryId = row.qualifying.categoryId;
  }
  return {
    id: row.id,
    name: row.name,
    storeIds: visible ? row.storeIds.filter((id) => visible.includes(id)) : row.storeIds,
    qualifying,
    buyQuantity: row.buyQuantity,
    rewardQuantity: row.rewardQuantity,
    windowMonths: row.windowMonths,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const REDEMPTION_CSV_COLUMNS = [
  'redeemed_date',
  'store_code',
  'receipt_number',
  'customer_name',
  'sku',
  'product_name',
  'brand',
  'units',
  'value_given_cents',
  'goodwill',
] as const;

/** The report as the CSV a distributor's claim form is filled from: one row per redeeming sale line. */
export function redemptionReportCsv(report: RedemptionReport): string {
  return stringify(
    report.items.map((row) => ({
      redeemed_date: row.redeemedDate,
      store_code: row.storeCode,
      receipt_number: row.receiptNumber,
      customer_name: row.customerName,
      sku: row.sku,
      product_name: row.productName,
      brand: row.brand,
      units: String(row.units),
      value_given_cents: String(row.valueGivenCents),
      goodwill: String(row.goodwill),
    })),
    { header: true, columns: [...REDEMPTION_CSV_COLUMNS] },
  );
}

/** The attachment name: <program name as a slug>-redemptions-<from>-to-<to>.csv. */
export function redemptionReportFileName(report: RedemptionReport): string {
  const slug =
    report.programName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'program';
  return `${slug}-redemptions-${report.from}-to-${report.to}.csv`;
}
