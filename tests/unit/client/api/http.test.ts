import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  http,
  onUnauthenticated,
  parseRetryAfter,
  setCsrfToken,
} from '../../../../client/src/api/http';

type Call = { url: string; init: RequestInit };

function stubFetch(respond: () => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond();
  });
  return calls;
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function headersOf(call: Call | undefined): Headers {
  return new Headers(call?.init.headers);
}

const identity = (body: unknown) => body;

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('http wrapper', () => {
  it('POST sends JSON, same-origin credentials and the CSRF token kept after login', async () => {
    const calls = stubFetch(() => jsonResponse(200, { ok: true }));
    setCsrfToken('token-123');

    const result = await http.post('/api/things', { body: { a: 1 }, parse: identity });

    expect(result).toEqual({ ok: true });
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(calls[0]?.init.body).toBe('{"a":1}');
    expect(headersOf(calls[0]).get('Content-Type')).toBe('application/json');
    expect(headersOf(calls[0]).get('X-CSRF-Token')).toBe('token-123');
  });

  it('GET sends no CSRF token and no Content-Type', async () => {
    const calls = stubFetch(() => jsonResponse(200, {}));
    setCsrfToken('token-123');

    await http.get('/api/things', { parse: identity });

    expect(headersOf(calls[0]).has('X-CSRF-Token')).toBe(false);
    expect(headersOf(calls[0]).has('Content-Type')).toBe(false);
  });

  it('PUT, PATCH and DELETE send the CSRF token', async () => {
    const calls = stubFetch(() => new Response(null, { status: 204 }));
    setCsrfToken('token-123');

    await http.put('/api/x', { body: {}, parse: identity });
    await http.patch('/api/x', { body: {}, parse: identity });
    await http.delete('/api/x', { parse: identity });

    expect(calls.map((call) => headersOf(call).get('X-CSRF-Token'))).toEqual([
      'token-123',
      'token-123',
      'token-123',
    ]);
  });

  it('204 → parse gets undefined', async () => {
    stubFetch(() => new Response(null, { status: 204 }));
    const parse = vi.fn((body: unknown) => body);

    await http.post('/api/auth/logout', { parse });

    expect(parse).toHaveBeenCalledWith(undefined);
  });

  it('the contract error shape → ApiError with status, code, message, details, requestId and Retry-After', async () => {
    stubFetch(() =>
      jsonResponse(
        423,
        {
          error: {
            code: 'ACCOUNT_LOCKED',
            message: 'Account locked for 30 minutes',
            details: [{ path: 'username', message: 'locked' }, { bad: true }],
            requestId: 'req-1',
          },
        },
        { 'Retry-After': '1800' },
      ),
    );

    const error = await http.post('/api/auth/login', { body: {}, parse: identity }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: 'Account locked for 30 minutes',
      details: [{ path: 'username', message: 'locked' }],
      requestId: 'req-1',
      retryAfterSeconds: 1800,
    });
  });

  it('a non-JSON 502 from a proxy → ApiError UNAVAILABLE with the X-Request-Id header', async () => {
    stubFetch(
      () =>
        new Response('<html>Bad Gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'X-Request-Id': 'req-2' },
        }),
    );

    const error = await http.get('/api/things', { parse: identity }).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 502, code: 'UNAVAILABLE', requestId: 'req-2' });
  });

  it('a network failure → ApiError NETWORK with status 0', async () => {
    stubFetch(() => {
      throw new TypeError('Failed to fetch');
    });

    const error = await http.get('/api/auth/me', { parse: identity }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('an aborted request rejects with the abort, not NETWORK', async () => {
    const controller = new AbortController();
    stubFetch(() => {
      controller.abort();
      throw new DOMException('aborted', 'AbortError');
    });

    const error = await http
      .get('/api/auth/me', { signal: controller.signal, parse: identity })
      .catch((e: unknown) => e);

    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('a body the parser rejects → ApiError UNEXPECTED_RESPONSE', async () => {
    stubFetch(() => jsonResponse(200, { user: null }));

    const error = await http
      .get('/api/auth/me', {
        parse: () => {
          throw new TypeError('Not a User');
        },
      })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 200, code: 'UNEXPECTED_RESPONSE' });
  });

  it('401 UNAUTHENTICATED tells the listeners; 401 INVALID_CREDENTIALS does not', async () => {
    const listener = vi.fn();
    const unsubscribe = onUnauthenticated(listener);

    stubFetch(() =>
      jsonResponse(401, { error: { code: 'INVALID_CREDENTIALS', message: 'x', requestId: 'r' } }),
    );
    await http.post('/api/auth/login', { body: {}, parse: identity }).catch(() => undefined);
    expect(listener).not.toHaveBeenCalled();

    stubFetch(() => jsonResponse(401, { error: { code: 'UNAUTHENTICATED', message: 'x', requestId: 'r' } }));
    await http.get('/api/things', { parse: identity }).catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:30:00 GMT', now)).toBe(1800);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
