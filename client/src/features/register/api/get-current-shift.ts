import { type Shift, shiftSchema } from '../../../../../shared/schemas/shifts';
import { ApiError, http } from '../../../api/http';

export type { Shift };

/** The open shift of this register, or null when none is open (the API answers 404). */
export async function getCurrentShift(
  storeId: string,
  registerId: string,
  signal?: AbortSignal,
): Promise<Shift | null> {
  const query = new URLSearchParams({ storeId, registerId });
  try {
    return await http.get(`/api/shifts/current?${query}`, {
      signal,
      parse: (body) => shiftSchema.parse(body),
    });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') {
      return null;
    }
    throw error;
  }
}
