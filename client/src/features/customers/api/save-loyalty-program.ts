import {
  type CreateLoyaltyProgramRequest,
  type LoyaltyProgram,
  loyaltyProgramSchema,
  type UpdateLoyaltyProgramRequest,
} from '../../../../../shared/schemas/loyalty';
import { http } from '../../../api/http';

export function createLoyaltyProgram(request: CreateLoyaltyProgramRequest): Promise<LoyaltyProgram> {
  return http.post('/api/loyalty-programs', {
    body: request,
    parse: (body) => loyaltyProgramSchema.parse(body),
  });
}

/** Name, active, window and stores; what a program promised (products, quantities) is fixed. */
export function updateLoyaltyProgram(
  id: string,
  request: UpdateLoyaltyProgramRequest,
): Promise<LoyaltyProgram> {
  return http.patch(`/api/loyalty-programs/${encodeURIComponent(id)}`, {
    body: request,
    parse: (body) => loyaltyProgramSchema.parse(body),
  });
}
