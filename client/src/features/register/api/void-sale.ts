import { type Sale, saleSchema } from '../../../../../shared/schemas/sales';
import { http } from '../../../api/http';

/** Voids today's sale; a cashier sends a manager's approval (username and PIN), used for this request only. */
export function voidSale(
  saleId: string,
  input: { reason: string; approval?: { username: string; pin: string } },
): Promise<Sale> {
  return http.post(`/api/sales/${encodeURIComponent(saleId)}/void`, {
    body: input,
    parse: (body) => saleSchema.parse(body),
  });
}
