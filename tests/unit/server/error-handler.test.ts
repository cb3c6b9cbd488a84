import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toAppError } from '../../../server/http/error-handler';
import { ConflictError } from '../../../server/lib/errors';

describe('toAppError', () => {
  it('passes AppErrors through unchanged', () => {
    const error = new ConflictError('taken');
    expect(toAppError(error)).toBe(error);
  });

  it('maps a ZodError to 400 VALIDATION_FAILED with dotted paths, one detail per unknown key', () => {
    const schema = z
      .object({ lines: z.array(z.object({ quantity: z.number().positive() }).strict()) })
      .strict();
    const result = schema.safeParse({ lines: [{ quantity: 1 }, { quantity: -1, price: 3 }], extra: 1 });
    const error = toAppError(result.error);
    expect(error?.status).toBe(400);
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.details?.map((d) => d.path).sort()).toEqual(['extra', 'lines.1.price', 'lines.1.quantity']);
  });

  it('maps body-parser failures: bad JSON → 400 MALFORMED_JSON, too large → 413', () => {
    expect(
      toAppError(Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed', status: 400 }))?.code,
    ).toBe('MALFORMED_JSON');
    const tooLarge = toAppError(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 }));
    expect([tooLarge?.status, tooLarge?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('maps a unique violation (also wrapped by Drizzle) to 409 CONFLICT', () => {
    const wrapped = Object.assign(new Error('Failed query'), {
      cause: Object.assign(new Error('dup'), { code: '23505' }),
    });
    expect(toAppError(wrapped)?.status).toBe(409);
  });

  it('maps connection failures and statement timeouts to 503 UNAVAILABLE with Retry-After', () => {
    for (const error of [
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ]) {
      const mapped = toAppError(error);
      expect(mapped?.status, error.message).toBe(503);
      expect(mapped?.code).toBe('UNAVAILABLE');
      expect(mapped?.headers?.['Retry-After']).toBe('5');
    }
  });

  it('leaves programmer errors unmapped (→ 500 INTERNAL)', () => {
    expect(toAppError(new TypeError('x is undefined'))).toBeUndefined();
  });
});
