import { afterEach, describe, expect, it, vi } from 'vitest';
import { http, setCsrfToken } from '../../../client/src/api/http';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

// The CSV import and the photo upload send their bytes as is (the server reads raw bodies, not multipart).
describe('http rawBody', () => {
  it('sends the bytes untouched with their media type and the CSRF token', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ ok: true }), { status: 200 });
    });
    setCsrfToken('token-1');
    const file = new Blob(['sku,name\nA,B\n'], { type: 'text/csv' });
    const answer = await http.post('/api/products/import?dryRun=true', {
      rawBody: { contentType: 'text/csv', data: file },
      parse: (body) => body,
    });
    expect(answer).toEqual({ ok: true });
    const [call] = calls;
    const headers = new Headers(call?.init.headers);
    expect(headers.get('Content-Type')).toBe('text/csv');
    expect(headers.get('X-CSRF-Token')).toBe('token-1');
    expect(call?.init.body).toBe(file);
  });
});
