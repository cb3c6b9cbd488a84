import { type OpenShiftRequest, type Shift, shiftSchema } from '../../../../../shared/schemas/shifts';
import { http } from '../../../api/http';

/** Opens the drawer with the counted float; 409 CONFLICT when the register already has an open shift. */
export function openShift(input: OpenShiftRequest): Promise<Shift> {
  return http.post('/api/shifts', { body: input, parse: (body) => shiftSchema.parse(body) });
}
