import { createHash, randomBytes } from 'node:crypto';
import type { ProductImage } from '../../../shared/schemas/catalog-files';
import type { Db } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { NotFoundError, ValidationError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { ObjectStorage, StoredObject } from '../../lib/object-storage';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import {
  findProductImageKey,
  lockProductImageKeyForUpdate,
  updateProductImageKey,
} from './product-images.repo';

export type ProductImagesDeps = { db: Db; logger: Logger; storage: ObjectStorage };

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export const IMAGE_EXTENSIONS = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;
export type ImageContentType = keyof typeof IMAGE_EXTENSIONS;
export const IMAGE_CONTENT_TYPES = Object.keys(IMAGE_EXTENSIONS) as ImageContentType[];

/** A versioned URL may be cached for a year: a new image gets a new key, hence a new URL. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Without the current version the answer may change at any time: a minute, then revalidate with the ETag. */
export const SHORT_CACHE_CONTROL = 'public, max-age=60';

/** A short stable token for an image key; it changes whenever the image does. */
export function imageVersionOf(imageKey: string): string {
  return createHash('sha256').update(imageKey).digest('hex').slice(0, 16);
}

/** The product's imageUrl for API responses (null without an image); the version makes it cacheable forever. */
export function productImageUrl(productId: string, imageKey: string | null): string | null {
  return imageKey ? `/api/products/${productId}/image?v=${imageVersionOf(imageKey)}` : null;
}

/** True when the bytes really are the declared type (magic numbers), whatever the client claims. */
export function hasImageSignature(contentType: ImageContentType, bytes: Buffer): boolean {
  switch (contentType) {
    case 'image/jpeg':
      return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    case 'image/png':
      return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/webp':
      return (
        bytes.length >= 12 &&
        bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
        bytes.subarray(8, 12).toString('latin1') === 'WEBP'
      );
  }
}

async function deleteQuietly(deps: ProductImagesDeps, key: string): Promise<void> {
  try {
    await deps.storage.delete(key);
  } catch (error) {
    // An orphaned object costs a few kilobytes; the change itself has committed.
    deps.logger.warn('could not delete a product image object', { category: 'catalog', key, err: error });
  }
}

/**
 * Stores a new product photo under a fresh key, points the product at it in one transaction (audited as
 * product.image_changed), and only after the commit deletes the previous object, so a failure never
 * leaves the product pointing at a missing image.
 */
export async function setProductImage(
  deps: ProductImagesDeps,
  productId: string,
  image: { contentType: ImageContentType; bytes: Buffer },
  actorUserId: string,
  origin: RequestOrigin,
): Promise<ProductImage> {
  if (!hasImageSignature(image.contentType, image.bytes)) {
    throw new ValidationError(
      [{ path: 'body', message: `is not a ${image.contentType} image` }],
      `The uploaded bytes are not a ${image.contentType} image`,
    );
  }
  if ((await findProductImageKey(deps.db, productId)) === undefined) {
    throw new NotFoundError('Product');
  }
  const key = `products/${productId}/${randomBytes(12).toString('hex')}.${IMAGE_EXTENSIONS[image.contentType]}`;
  await deps.storage.put(key, image.bytes, image.contentType);
  let previousKey: string | null;
  try {
    previousKey = await withTransaction(deps.db, async (tx) => {
      const product = await lockProductImageKeyForUpdate(tx, productId);
      if (!product) {
        throw new NotFoundError('Product');
      }
      await updateProductImageKey(tx, productId, key);
      await recordAudit(tx, {
        action: 'product.image_changed',
        actorUserId,
        entityType: 'product',
        entityId: productId,
        details: {
          sku: product.sku,
          previousKey: product.imageKey,
          imageKey: key,
          contentType: image.contentType,
          sizeBytes: image.bytes.length,
        },
        origin,
      });
      return product.imageKey;
    });
  } catch (error) {
    await deleteQuietly(deps, key);
    throw error;
  }
  if (previousKey) {
    await deleteQuietly(deps, previousKey);
  }
  return {
    productId,
    imageUrl: productImageUrl(productId, key)!,
    contentType: image.contentType,
    sizeBytes: image.bytes.length,
  };
}

/** Removes the product's photo (audited); the object is deleted after the commit. No image: nothing to do. */
export async function removeProductImage(
  deps: ProductImagesDeps,
  productId: string,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<void> {
  const previousKey = await withTransaction(deps.db, async (tx) => {
    const product = await lockProductImageKeyForUpdate(tx, productId);
    if (!product) {
      throw new NotFoundError('Product');
    }
    if (!product.imageKey) {
      return null;
    }
    await updateProductImageKey(tx, productId, null);
    await recordAudit(tx, {
      action: 'product.image_changed',
      actorUserId,
      entityType: 'product',
      entityId: productId,
      details: { sku: product.sku, previousKey: product.imageKey, imageKey: null },
      origin,
    });
    return product.imageKey;
  });
  if (previousKey) {
    await deleteQuietly(deps, previousKey);
  }
}

export type ProductImageRead =
  | { kind: 'not_modified'; etag: string; cacheControl: string }
  | { kind: 'image'; etag: string; cacheControl: string; object: StoredObject };

/**
 * The product's current photo with its caching headers: immutable for a year when the request names the
 * current version (?v=), else a short max-age; the ETag is the version, so If-None-Match answers 304.
 */
export async function readProductImage(
  deps: ProductImagesDeps,
  productId: string,
  request: { version?: string; ifNoneMatch?: string },
): Promise<ProductImageRead> {
  const imageKey = await findProductImageKey(deps.db, productId);
  if (imageKey === undefined) {
    throw new NotFoundError('Product');
  }
  if (imageKey === null) {
    throw new NotFoundError('Product image');
  }
  const version = imageVersionOf(imageKey);
  const etag = `"${version}"`;
  const cacheControl = request.version === version ? IMMUTABLE_CACHE_CONTROL : SHORT_CACHE_CONTROL;
  const sent = (request.ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (sent.includes(etag) || sent.includes('*')) {
    return { kind: 'not_modified', etag, cacheControl };
  }
  const object = await deps.storage.get(imageKey);
  if (!object) {
    deps.logger.warn('product image object is missing', { category: 'catalog', productId, imageKey });
    throw new NotFoundError('Product image');
  }
  return { kind: 'image', etag, cacheControl, object };
}
