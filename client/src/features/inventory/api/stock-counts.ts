import { page } from '../../../../../shared/schemas/common';
import {
  type CreateStockCountRequest,
  type EnterStockCountLinesRequest,
  type StockCount,
  type StockCountSubmission,
  type StockCountSummary,
  stockCountSchema,
  stockCountSubmissionSchema,
  stockCountSummarySchema,
} from '../../../../../shared/schemas/stock-counts';
import { http } from '../../../api/http';

export type { StockCount, StockCountSubmission, StockCountSummary };

const countPageSchema = page(stockCountSummarySchema);

export function listStockCounts(storeId: string, signal?: AbortSignal) {
  return http.get(`/api/stores/${storeId}/stock-counts?limit=50`, {
    signal,
    parse: (body) => countPageSchema.parse(body),
  });
}

export function getStockCount(storeId: string, countId: string, signal?: AbortSignal): Promise<StockCount> {
  return http.get(`/api/stores/${storeId}/stock-counts/${countId}`, {
    signal,
    parse: (body) => stockCountSchema.parse(body),
  });
}

export function startStockCount(storeId: string, request: CreateStockCountRequest): Promise<StockCount> {
  return http.post(`/api/stores/${storeId}/stock-counts`, {
    body: request,
    parse: (body) => stockCountSchema.parse(body),
  });
}

/** Counted quantities by product id (set) or scanned barcode (add one). */
export function enterStockCountLines(
  storeId: string,
  countId: string,
  request: EnterStockCountLinesRequest,
): Promise<StockCount> {
  return http.put(`/api/stores/${storeId}/stock-counts/${countId}/lines`, {
    body: request,
    parse: (body) => stockCountSchema.parse(body),
  });
}

export function submitStockCount(storeId: string, countId: string): Promise<StockCountSubmission> {
  return http.post(`/api/stores/${storeId}/stock-counts/${countId}/submit`, {
    parse: (body) => stockCountSubmissionSchema.parse(body),
  });
}

export function cancelStockCount(storeId: string, countId: string): Promise<StockCount> {
  return http.post(`/api/stores/${storeId}/stock-counts/${countId}/cancel`, {
    parse: (body) => stockCountSchema.parse(body),
  });
}
