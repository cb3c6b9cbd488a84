import { page } from '../../../../../shared/schemas/common';
import {
  type CreateTransferRequest,
  type ReceiveTransferRequest,
  type Transfer,
  transferSchema,
} from '../../../../../shared/schemas/transfers';
import { http } from '../../../api/http';

export type { Transfer };

const transferPageSchema = page(transferSchema);

/** Transfers from or to the store, newest first. */
export function listTransfers(storeId: string, cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ storeId, limit: '50' });
  if (cursor) {
    query.set('cursor', cursor);
  }
  return http.get(`/api/transfers?${query.toString()}`, {
    signal,
    parse: (body) => transferPageSchema.parse(body),
  });
}

export function createTransfer(request: CreateTransferRequest): Promise<Transfer> {
  return http.post('/api/transfers', { body: request, parse: (body) => transferSchema.parse(body) });
}

export function receiveTransfer(id: string, request: ReceiveTransferRequest): Promise<Transfer> {
  return http.post(`/api/transfers/${id}/receive`, {
    body: request,
    parse: (body) => transferSchema.parse(body),
  });
}

export function cancelTransfer(id: string): Promise<Transfer> {
  return http.post(`/api/transfers/${id}/cancel`, { parse: (body) => transferSchema.parse(body) });
}
