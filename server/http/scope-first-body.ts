import { z } from 'zod';
import { zodIssuesToDetails } from './validation';
import { ValidationError } from '../lib/errors';

/**
 * A request body the router passes through unparsed, so the handler can first answer 404 for another
 * store's object (scope before anything else, even before a malformed body is named) and then validate
 * with `schema` via parseScopedBody. OpenAPI still documents `schema`: its JSON Schema rides along as
 * metadata on the pass-through schema.
 */
export function scopeFirstBody<T extends z.ZodType>(schema: T): z.ZodType<unknown> {
  const jsonSchema = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  return z.unknown().meta(jsonSchema);
}

/** Validates a body declared with scopeFirstBody: 400 VALIDATION_FAILED naming every bad field, as the router does. */
export function parseScopedBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ValidationError(zodIssuesToDetails(result.error.issues));
  }
  return result.data;
}
