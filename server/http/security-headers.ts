import type { NextFunction, Request, Response } from 'express';

/**
 * Security headers for API answers (JSON, CSV, images), set from one precomputed list. The page-oriented
 * headers helmet adds for the client app (script sources, cross-origin isolation) mean nothing for data,
 * and twelve middlewares on every scan cost more than the headers themselves. Data is not kept by browsers
 * or shared caches unless a route says otherwise (product images do).
 */
export function apiSecurityHeaders(options: {
  strictTransportSecurity: boolean;
  /** The API documentation page loads scripts and styles; data needs none of that. */
  contentSecurityPolicy?: string;
}) {
  const headers: Array<[string, string]> = [
    [
      'Content-Security-Policy',
      options.contentSecurityPolicy ?? "default-src 'none'; frame-ancestors 'none'",
    ],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Cache-Control', 'no-store'],
  ];
  if (options.strictTransportSecurity) {
    headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  }
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of headers) {
      res.setHeader(name, value);
    }
    next();
  };
}
