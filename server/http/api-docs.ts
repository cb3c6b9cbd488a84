import { createRequire } from 'node:module';
import path from 'node:path';
import { type NextFunction, type Request, type Response, Router } from 'express';

/** Where the browsable API documentation lives; the page reads the live document at /api/openapi.json. */
export const API_DOCS_PATH = '/api/docs';
const ASSETS_PATH = `${API_DOCS_PATH}/assets`;
const INITIALIZER_PATH = `${ASSETS_PATH}/api-docs-init.js`;

/**
 * What Swagger UI needs and nothing more: its scripts, styles and our initializer come from this server
 * ('self', never inline, no eval); its stylesheet draws icons from data: URIs; it fetches the OpenAPI
 * document and sends "Try it out" requests to this origin. It renders through React, which sets element
 * styles through the DOM (not blocked by style-src), so inline styles stay forbidden too.
 */
export const API_DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The files of swagger-ui-dist the page loads; the package's demo page and its petstore initializer are not
 * served. Nor is the standalone preset: its top bar (a box to load any other document) draws a logo with an
 * inline <style>, which the CSP would refuse.
 */
const SWAGGER_UI_FILES = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Pet Products POS API</title>
    <link rel="stylesheet" href="${ASSETS_PATH}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${ASSETS_PATH}/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${INITIALIZER_PATH}"></script>
  </body>
</html>
`;

// A file of its own, not an inline script, so the page's CSP can forbid inline scripts altogether.
// The session cookie goes along with "Try it out" (same origin); writes with it still need X-CSRF-Token.
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** swagger-ui-dist's folder, found the way Node finds the package (dist/ and server/ sit at different depths). */
function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/**
 * The browsable API documentation at /api/docs: Swagger UI from the swagger-ui-dist package, served by the
 * app itself (no CDN). Public like /api/openapi.json, which it displays. Headers come from the caller
 * (API_DOCS_CSP); this router sets only content and caching.
 */
export function apiDocsRouter(): Router {
  const router = Router();
  const swaggerUi = swaggerUiDir();
  router.get(API_DOCS_PATH, (_req: Request, res: Response) => {
    res.locals.routeTemplate = API_DOCS_PATH;
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(PAGE);
  });
  router.get(INITIALIZER_PATH, (_req: Request, res: Response) => {
    res.locals.routeTemplate = INITIALIZER_PATH;
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').send(INITIALIZER);
  });
  router.get(`${ASSETS_PATH}/:file`, (req: Request, res: Response, next: NextFunction) => {
    const file = String(req.params.file);
    if (!SWAGGER_UI_FILES.has(file)) {
      next();
      return;
    }
    res.locals.routeTemplate = `${ASSETS_PATH}/:file`;
    // Cached for an hour, unlike API answers (no-store); not immutable: the names carry no hash, and an
    // upgrade of the package keeps them.
    res.removeHeader('Cache-Control');
    res.sendFile(path.join(swaggerUi, file), { maxAge: '1h' }, (error) => {
      if (error) {
        next(error);
      }
    });
  });
  return router;
}

export function isApiDocsPath(requestPath: string): boolean {
  return requestPath === API_DOCS_PATH || requestPath.startsWith(`${API_DOCS_PATH}/`);
}
