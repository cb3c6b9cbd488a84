import type { SalesReportGroup } from '../../../../shared/schemas/reports';
import { type DateRange, isBusinessDate } from './report-dates';

type KindBase = { title: string; section: ReportSection; path: string; empty: string };

/** The sales report answers five of the kinds, one per grouping. */
type SalesKind = KindBase & { groupBy: SalesReportGroup; isDated: true };
type OtherKind = KindBase & { groupBy?: undefined; isDated: boolean };

export const REPORT_SECTIONS = ['Sales', 'Money', 'Exceptions', 'Stock'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

const SALES_EMPTY = 'No sales or returns in this range.';

export const REPORT_KINDS = {
  'daily-sales': {
    title: 'Daily sales',
    section: 'Sales',
    path: '/api/reports/sales',
    groupBy: 'day',
    isDated: true,
    empty: SALES_EMPTY,
  },
  'sales-by-category': {
    title: 'Sales by category',
    section: 'Sales',
    path: '/api/reports/sales',
    groupBy: 'category',
    isDated: true,
    empty: SALES_EMPTY,
  },
  'sales-by-product': {
    title: 'Sales by product',
    section: 'Sales',
    path: '/api/reports/sales',
    groupBy: 'product',
    isDated: true,
    empty: SALES_EMPTY,
  },
  'sales-by-cashier': {
    title: 'Sales by cashier',
    section: 'Sales',
    path: '/api/reports/sales',
    groupBy: 'cashier',
    isDated: true,
    empty: SALES_EMPTY,
  },
  'sales-by-store': {
    title: 'Sales by store',
    section: 'Sales',
    path: '/api/reports/sales',
    groupBy: 'store',
    isDated: true,
    empty: SALES_EMPTY,
  },
  tax: {
    title: 'Tax collected by rate',
    section: 'Money',
    path: '/api/reports/tax',
    isDated: true,
    empty: 'No taxed sales or returns in this range.',
  },
  tenders: {
    title: 'Tenders',
    section: 'Money',
    path: '/api/reports/tenders',
    isDated: true,
    empty: 'No payments or refunds in this range.',
  },
  'shift-over-short': {
    title: 'Shift over/short',
    section: 'Money',
    path: '/api/reports/shift-over-short',
    isDated: true,
    empty: 'No shift closed in this range.',
  },
  discounts: {
    title: 'Discounts and approvals',
    section: 'Exceptions',
    path: '/api/reports/discounts',
    isDated: true,
    empty: 'No discounts in this range.',
  },
  'voids-returns': {
    title: 'Voids and returns',
    section: 'Exceptions',
    path: '/api/reports/voids-returns',
    isDated: true,
    empty: 'No voids or returns in this range.',
  },
  'inventory-valuation': {
    title: 'Inventory valuation at cost',
    section: 'Stock',
    path: '/api/reports/inventory-valuation',
    isDated: false,
    empty: 'No stock on hand.',
  },
  shrink: {
    title: 'Shrink by reason',
    section: 'Stock',
    path: '/api/reports/shrink',
    isDated: true,
    empty: 'No stock adjustments in this range.',
  },
} as const satisfies Record<string, SalesKind | OtherKind>;

export type ReportKindId = keyof typeof REPORT_KINDS;
export type ReportKind = SalesKind | OtherKind;

export const REPORT_KIND_IDS = Object.keys(REPORT_KINDS) as ReportKindId[];
export const DEFAULT_REPORT_KIND: ReportKindId = 'daily-sales';

export function isReportKindId(value: string | null): value is ReportKindId {
  return value !== null && Object.hasOwn(REPORT_KINDS, value);
}

export function reportKind(id: ReportKindId): ReportKind {
  return REPORT_KINDS[id];
}

/** What the address says: ?kind=&from=&to=&storeId= (dates null when missing or not real dates). */
export type ReportParams = { kind: ReportKindId; from: string | null; to: string | null; storeId: string };

export function readReportParams(search: URLSearchParams): ReportParams {
  const kind = search.get('kind');
  const from = search.get('from');
  const to = search.get('to');
  return {
    kind: isReportKindId(kind) ? kind : DEFAULT_REPORT_KIND,
    from: isBusinessDate(from) ? from : null,
    to: isBusinessDate(to) ? to : null,
    storeId: search.get('storeId') ?? '',
  };
}

/** The address of a report screen, so it can be bookmarked and reloaded. */
export function reportSearch(params: { kind: ReportKindId; storeId: string } & DateRange): string {
  const search = new URLSearchParams({ kind: params.kind, from: params.from, to: params.to });
  if (params.storeId !== '') {
    search.set('storeId', params.storeId);
  }
  return `?${search.toString()}`;
}

/** The API address of a report (JSON, or the same figures as CSV); the valuation takes no dates. */
export function reportApiUrl(
  kindId: ReportKindId,
  params: { storeId: string } & DateRange,
  format: 'json' | 'csv' = 'json',
): string {
  const kind = reportKind(kindId);
  const search = new URLSearchParams();
  if (kind.isDated) {
    search.set('from', params.from);
    search.set('to', params.to);
  }
  if (kind.groupBy !== undefined) {
    search.set('groupBy', kind.groupBy);
  }
  if (params.storeId !== '') {
    search.set('storeId', params.storeId);
  }
  if (format === 'csv') {
    search.set('format', 'csv');
  }
  const query = search.toString();
  return query === '' ? kind.path : `${kind.path}?${query}`;
}
