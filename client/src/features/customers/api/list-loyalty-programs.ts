import { page } from '../../../../../shared/schemas/common';
import {
  type LoyaltyMember,
  type LoyaltyProgram,
  loyaltyMemberSchema,
  loyaltyProgramSchema,
} from '../../../../../shared/schemas/loyalty';
import { http } from '../../../api/http';

export type { LoyaltyMember, LoyaltyProgram };

const programPageSchema = page(loyaltyProgramSchema);
const memberPageSchema = page(loyaltyMemberSchema);

/** Programs of the user's stores, active and not (a chain runs a handful: pages of 500 are read to the end). */
export async function listLoyaltyPrograms(signal?: AbortSignal): Promise<LoyaltyProgram[]> {
  const programs: LoyaltyProgram[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const result = await http.get(`/api/loyalty-programs?limit=500${query}`, {
      signal,
      parse: (body) => programPageSchema.parse(body),
    });
    programs.push(...result.items);
    cursor = result.nextCursor;
  } while (cursor);
  return programs;
}

export function getLoyaltyProgram(id: string, signal?: AbortSignal): Promise<LoyaltyProgram> {
  return http.get(`/api/loyalty-programs/${encodeURIComponent(id)}`, {
    signal,
    parse: (body) => loyaltyProgramSchema.parse(body),
  });
}

export const MEMBER_PAGE_SIZE = 50;

/** Customers collecting in the program, by name, with their progress today. */
export function listLoyaltyMembers(programId: string, cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(MEMBER_PAGE_SIZE) });
  if (cursor) {
    query.set('cursor', cursor);
  }
  return http.get(`/api/loyalty-programs/${encodeURIComponent(programId)}/members?${query.toString()}`, {
    signal,
    parse: (body) => memberPageSchema.parse(body),
  });
}
