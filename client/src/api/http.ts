import { isRecord } from '../lib/guards';

/** The codes of the API contract, plus the two the client assigns itself (`NETWORK`, `UNEXPECTED_RESPONSE`). */
export type KnownErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN'
  | 'MFA_ENROLMENT_REQUIRED'
  | 'ACCOUNT_DISABLED'
  | 'CSRF_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INSUFFICIENT_STOCK'
  | 'SHIFT_CLOSED'
  | 'ALREADY_VOIDED'
  | 'RETURN_EXCEEDS_SOLD'
  | 'PAYLOAD_TOO_LARGE'
  | 'TENDER_SHORT'
  | 'UNKNOWN_PRODUCT'
  | 'APPROVAL_REQUIRED'
  | 'INACTIVE_PRODUCT'
  | 'IDEMPOTENCY_MISMATCH'
  | 'ACCOUNT_LOCKED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'NETWORK'
  | 'UNEXPECTED_RESPONSE';

// A newer server may send a code this build does not know yet; keep it rather than hide it.
export type ApiErrorCode = KnownErrorCode | (string & Record<never, never>);

export type ApiErrorDetail = { path: string; message: string };

type ApiErrorInit = {
  status: number;
  code: ApiErrorCode;
  message: string;
  details?: ApiErrorDetail[];
  requestId?: string | null;
  retryAfterSeconds?: number | null;
  cause?: unknown;
};

/** Every failed API call rejects with this: an HTTP error in the contract's shape, or status 0 for no answer at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: ApiErrorDetail[];
  readonly requestId: string | null;
  /** From the `Retry-After` header (423, 429, 503), in whole seconds. */
  readonly retryAfterSeconds: number | null;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RequestOptions<T> = {
  body?: unknown;
  /** A non-JSON body sent as is (a CSV file, an image), with its media type; instead of `body`. */
  rawBody?: { contentType: string; data: Blob | string };
  signal?: AbortSignal;
  /** Checks the decoded JSON (undefined for an empty body) and returns it typed; a throw becomes UNEXPECTED_RESPONSE. */
  parse: (body: unknown) => T;
};

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();
const sessionLockedListeners = new Set<() => void>();

/** Keeps the token from login or /me; cookie sessions must echo it on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever the server answers 401 UNAUTHENTICATED (the session expired or was ended elsewhere). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => {
    unauthenticatedListeners.delete(listener);
  };
}

/**
 * Called when the server answers 401 because the session is idle-locked (a PIN unlocks it). While such a
 * listener exists (the till's lock screen), a locked session is not treated as signed out, so the till keeps
 * its cart; without one, a locked session signs out as any other 401 does.
 */
export function onSessionLocked(listener: () => void): () => void {
  sessionLockedListeners.add(listener);
  return () => {
    sessionLockedListeners.delete(listener);
  };
}

/** The server's answer to any call but unlock and logout while the session is idle-locked. */
export function isSessionLockedError(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.code === 'UNAUTHENTICATED' &&
    error.details.some((detail) => detail.path === 'session' && detail.message === 'locked')
  );
}

export async function request<T>(method: HttpMethod, path: string, options: RequestOptions<T>): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.rawBody !== undefined) {
    headers['Content-Type'] = options.rawBody.contentType;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken !== null) {
    headers['X-CSRF-Token'] = csrfToken;
  }

  let response: Response;
  let text: string;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.rawBody?.data ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      signal: options.signal,
    });
    text = await response.text();
  } catch (cause) {
    if (options.signal?.aborted) {
      throw cause;
    }
    throw new ApiError({ status: 0, code: 'NETWORK', message: 'The server could not be reached.', cause });
  }

  if (!response.ok) {
    const error = toApiError(response, text);
    if (isSessionLockedError(error) && sessionLockedListeners.size > 0) {
      for (const listener of sessionLockedListeners) {
        listener();
      }
    } else if (error.code === 'UNAUTHENTICATED') {
      for (const listener of unauthenticatedListeners) {
        listener();
      }
    }
    throw error;
  }

  try {
    return options.parse(text === '' ? undefined : JSON.parse(text));
  } catch (cause) {
    throw new ApiError({
      status: response.status,
      code: 'UNEXPECTED_RESPONSE',
      message: `The server's answer to ${method} ${path} was not what this app expects.`,
      requestId: response.headers.get('X-Request-Id'),
      cause,
    });
  }
}

export const http = {
  get: <T>(path: string, options: RequestOptions<T>) => request('GET', path, options),
  post: <T>(path: string, options: RequestOptions<T>) => request('POST', path, options),
  put: <T>(path: string, options: RequestOptions<T>) => request('PUT', path, options),
  patch: <T>(path: string, options: RequestOptions<T>) => request('PATCH', path, options),
  delete: <T>(path: string, options: RequestOptions<T>) => request('DELETE', path, options),
};

/** For calls that answer 204 No Content. */
export function expectNoContent(): undefined {
  return undefined;
}

/** Turns a non-2xx answer into an ApiError, whether or not the body has the contract's error shape. */
export function toApiError(response: Response, text: string): ApiError {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  const headerRequestId = response.headers.get('X-Request-Id');
  const error = readErrorBody(text);
  if (error) {
    return new ApiError({
      status: response.status,
      code: error.code,
      message: error.message,
      details: error.details,
      requestId: error.requestId ?? headerRequestId,
      retryAfterSeconds,
    });
  }
  // Not our JSON: typically a proxy's HTML page while the Node process is down or restarting.
  const isGatewayFailure = response.status === 502 || response.status === 503 || response.status === 504;
  return new ApiError({
    status: response.status,
    code: isGatewayFailure ? 'UNAVAILABLE' : 'UNEXPECTED_RESPONSE',
    message: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
    requestId: headerRequestId,
    retryAfterSeconds,
  });
}

type ErrorBody = { code: string; message: string; details: ApiErrorDetail[]; requestId: string | null };

function readErrorBody(text: string): ErrorBody | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(body) || !isRecord(body.error)) {
    return null;
  }
  const { code, message, details, requestId } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') {
    return null;
  }
  return {
    code,
    message,
    details: Array.isArray(details) ? details.filter(isErrorDetail) : [],
    requestId: typeof requestId === 'string' ? requestId : null,
  };
}

function isErrorDetail(value: unknown): value is ApiErrorDetail {
  return isRecord(value) && typeof value.path === 'string' && typeof value.message === 'string';
}

/** `Retry-After` is either delta-seconds or an HTTP date; returns whole seconds from now, or null. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) {
    return null;
  }
  return Math.max(0, Math.ceil((date - now) / 1000));
}
