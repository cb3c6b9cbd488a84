import {
  type CashMovement,
  type CloseShiftResponse,
  cashMovementSchema,
  closeShiftResponseSchema,
  type ShiftReport,
  shiftReportSchema,
} from '../../../../../shared/schemas/shifts';
import { http } from '../../../api/http';

export type { CashMovement, CloseShiftResponse, ShiftReport };

/** Cash paid into or out of the drawer, with the reason (any staff member; the server audits it). */
export function recordCashMovement(
  shiftId: string,
  input: { type: 'paid_in' | 'paid_out'; amountCents: number; reason: string },
): Promise<CashMovement> {
  return http.post(`/api/shifts/${encodeURIComponent(shiftId)}/cash-movements`, {
    body: input,
    parse: (body) => cashMovementSchema.parse(body),
  });
}

/** Opening the drawer without a sale; the reason may be empty. */
export function recordNoSale(shiftId: string, reason: string): Promise<CashMovement> {
  return http.post(`/api/shifts/${encodeURIComponent(shiftId)}/no-sale`, {
    body: reason === '' ? {} : { reason },
    parse: (body) => cashMovementSchema.parse(body),
  });
}

/** The X report while the shift is open: what the drawer should hold now, among the day's figures. */
export function getShiftReport(shiftId: string, signal?: AbortSignal): Promise<ShiftReport> {
  return http.get(`/api/shifts/${encodeURIComponent(shiftId)}/report`, {
    signal,
    parse: (body) => shiftReportSchema.parse(body),
  });
}

/** Closes the shift with the cash counted; the answer carries expected, over/short and the Z report. */
export function closeShift(
  shiftId: string,
  input: { countedCashCents: number; note?: string },
): Promise<CloseShiftResponse> {
  return http.post(`/api/shifts/${encodeURIComponent(shiftId)}/close`, {
    body: input,
    parse: (body) => closeShiftResponseSchema.parse(body),
  });
}

/** The report as a printable 80 mm page (the server answers HTML to a browser's Accept). */
export function shiftReportUrl(shiftId: string): string {
  return `/api/shifts/${encodeURIComponent(shiftId)}/report`;
}
