import { describeApiError, fieldErrors } from '../../../api/field-errors';

/** The alert above a form: when the API named the bad fields, say so (each error sits at its field). */
export function formAlert(error: unknown): string {
  const count = Object.keys(fieldErrors(error)).length;
  if (count === 0) {
    return describeApiError(error);
  }
  return count === 1
    ? 'Not saved: one field needs fixing (marked below).'
    : `Not saved: ${count} fields need fixing (marked below).`;
}
