import { pipeline } from 'node:stream/promises';
import { idParams } from '../../../shared/schemas/common';
import {
  imageQuerySchema,
  importProductsQuerySchema,
  importReportSchema,
  productImageSchema,
} from '../../../shared/schemas/catalog-files';
import { requestOrigin } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import { createObjectStorage } from '../../lib/object-storage';
import type { ModuleDeps } from '../module-deps';
import { exportFileName, openProductsCsvExport } from './catalog-export.service';
import { importProductsCsv } from './catalog-import.service';
import {
  IMAGE_CONTENT_TYPES,
  type ImageContentType,
  MAX_IMAGE_BYTES,
  readProductImage,
  removeProductImage,
  setProductImage,
} from './product-images.service';
import { assertRawBody, limitedBodyStream, MIB, readLimitedBody } from './raw-body';

const MANAGERS = { kind: 'roles', roles: ['manager', 'admin'] } as const;
const CSV_CONTENT_TYPES = ['text/csv', 'application/csv'] as const;
const MAX_CSV_BYTES = 20 * MIB;

/** Product CSV import/export and product photos: the routes whose bodies are not JSON. */
export function catalogFileRoutes(deps: ModuleDeps): AnyRoute[] {
  const images = { db: deps.db, logger: deps.logger, storage: createObjectStorage(deps.config) };
  return [
    defineRoute({
      method: 'post',
      path: '/api/products/import',
      summary:
        'Import products from CSV (Content-Type: text/csv, at most 20 MiB): upsert by SKU, all rows or none; ?dryRun=true only reports',
      tags: ['catalog'],
      access: MANAGERS,
      query: importProductsQuerySchema,
      rawBody: CSV_CONTENT_TYPES,
      response: importReportSchema,
      handler: async ({ query, principal, req }) => {
        assertRawBody(req, CSV_CONTENT_TYPES, MAX_CSV_BYTES);
        const { body, discardRest } = limitedBodyStream(req, MAX_CSV_BYTES);
        try {
          return await importProductsCsv(deps, body, {
            dryRun: query.dryRun,
            actorUserId: principal.userId,
            origin: requestOrigin(req),
          });
        } finally {
          discardRest();
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/products/export',
      summary: 'Every product as CSV (text/csv), in the columns the import reads',
      tags: ['catalog'],
      access: MANAGERS,
      rawResponse: ['text/csv'],
      handler: async ({ res }) => {
        const csv = await openProductsCsvExport(deps.db);
        res.status(200);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${exportFileName()}"`);
        res.setHeader('Cache-Control', 'no-store');
        await pipeline(csv, res);
        return undefined;
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/products/:id/image',
      summary: 'Set the product photo: the raw bytes as image/jpeg, image/png or image/webp, at most 5 MiB',
      tags: ['catalog'],
      access: MANAGERS,
      params: idParams,
      rawBody: IMAGE_CONTENT_TYPES,
      response: productImageSchema,
      handler: async ({ params, principal, req }) => {
        const contentType = assertRawBody(req, IMAGE_CONTENT_TYPES, MAX_IMAGE_BYTES) as ImageContentType;
        const bytes = await readLimitedBody(req, MAX_IMAGE_BYTES);
        return setProductImage(
          images,
          params.id,
          { contentType, bytes },
          principal.userId,
          requestOrigin(req),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/products/:id/image',
      summary:
        'The product photo. Public (not secret; <img> friendly). With ?v=<current version> it is cacheable for a year',
      tags: ['catalog'],
      access: { kind: 'public' },
      params: idParams,
      query: imageQuerySchema,
      rawResponse: IMAGE_CONTENT_TYPES,
      handler: async ({ params, query, req, res }) => {
        const image = await readProductImage(images, params.id, {
          version: query.v,
          ifNoneMatch: req.get('if-none-match'),
        });
        res.setHeader('Cache-Control', image.cacheControl);
        res.setHeader('ETag', image.etag);
        if (image.kind === 'not_modified') {
          res.status(304).end();
          return undefined;
        }
        const { object } = image;
        res.status(200);
        res.setHeader('Content-Type', object.contentType);
        if (object.contentLength !== undefined) {
          res.setHeader('Content-Length', String(object.contentLength));
        }
        if (Buffer.isBuffer(object.body)) {
          res.end(object.body);
        } else {
          await pipeline(object.body, res);
        }
        return undefined;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/products/:id/image',
      summary: 'Remove the product photo (204 also when it had none)',
      tags: ['catalog'],
      access: MANAGERS,
      params: idParams,
      handler: async ({ params, principal, req }) => {
        await removeProductImage(images, params.id, principal.userId, requestOrigin(req));
        return undefined;
      },
    }),
  ];
}
