import {
  type Adjustment,
  type CreateAdjustmentRequest,
  adjustmentSchema,
} from '../../../../../shared/schemas/inventory';
import { http } from '../../../api/http';

export function adjustStock(storeId: string, request: CreateAdjustmentRequest): Promise<Adjustment> {
  return http.post(`/api/stores/${storeId}/inventory/adjustments`, {
    body: request,
    parse: (body) => adjustmentSchema.parse(body),
  });
}
