import type { Request } from 'express';
import { type Readable, Transform } from 'node:stream';
import { AppError } from '../../lib/errors';

// Helpers for the few routes that take a non-JSON body (CSV, images). app.ts parses only JSON, so these
// routes read the raw request stream themselves, with a byte limit.

export const MIB = 1024 * 1024;

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes / MIB} MiB`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(expected: readonly string[]) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as ${expected.join(' or ')} (Content-Type header)`, [
      { path: 'Content-Type', message: `must be ${expected.join(' or ')}` },
    ]);
  }
}

/** The body's media type without parameters, lower-cased; '' when there is none. */
export function mediaTypeOf(req: Request): string {
  return (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Refuses a body the route cannot read: the wrong media type, a compressed body, a charset other
 * than UTF-8, or a declared Content-Length over the limit (answered before a byte is read).
 */
export function assertRawBody(req: Request, accepted: readonly string[], limitBytes: number): string {
  const mediaType = mediaTypeOf(req);
  if (!accepted.includes(mediaType)) {
    throw new UnsupportedMediaTypeError(accepted);
  }
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Compressed request bodies are not accepted', [
      { path: 'Content-Encoding', message: 'must be identity' },
    ]);
  }
  const charset = /;\s*charset="?([^";]+)"?/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Only UTF-8 text is accepted', [
      { path: 'Content-Type', message: 'charset must be utf-8' },
    ]);
  }
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) {
    throw new PayloadTooLargeError(limitBytes);
  }
  return mediaType;
}

/**
 * The request body as a stream that fails with 413 once more than limitBytes arrive. Call
 * `discardRest()` when done (on success or failure): whatever the client still sends is read and
 * dropped, so it gets the error response instead of a reset connection.
 */
export function limitedBodyStream(
  req: Request,
  limitBytes: number,
): { body: Readable; discardRest: () => void } {
  let received = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limitBytes) {
        callback(new PayloadTooLargeError(limitBytes));
        return;
      }
      callback(null, chunk);
    },
  });
  const onAbort = () => limiter.destroy(new AppError(400, 'VALIDATION_FAILED', 'The upload was cut short'));
  req.on('aborted', onAbort);
  req.on('error', onAbort);
  req.pipe(limiter);
  return {
    body: limiter,
    discardRest: () => {
      req.off('aborted', onAbort);
      req.off('error', onAbort);
      req.unpipe(limiter);
      if (!req.readableEnded) {
        req.resume();
      }
    },
  };
}

/** Reads the whole body (small uploads such as images) into a Buffer, at most limitBytes. */
export async function readLimitedBody(req: Request, limitBytes: number): Promise<Buffer> {
  const { body, discardRest } = limitedBodyStream(req, limitBytes);
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  } finally {
    discardRest();
  }
}
