import type { z } from 'zod';
import type { ErrorDetail } from '../../shared/errors';

/** Every zod issue as a contract detail, with dotted paths; unknown keys get one detail each. */
export function zodIssuesToDetails(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const base = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        details.push({ path: [...base, key].map(String).join('.'), message: 'is not a known field' });
      }
    } else {
      details.push({ path: base.map(String).join('.') || '(root)', message: issue.message });
    }
  }
  return details;
}
