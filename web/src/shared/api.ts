// The one HTTP client of the console. Every call goes to /api/v1 with the session cookie (same-origin), sends
// X-CSRF-Token on unsafe methods, and turns any failure into an ApiError carrying the RFC 9457 problem, so
// screens never parse responses themselves.
import type { Problem } from './types';

export const API_BASE = '/api/v1';

/** A failed API call. `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from the Retry-After header (429/503), when the server sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(problem: Problem, retryAfterSeconds: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get reason(): string | undefined {
    return this.problem.reason;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;
let unauthorizedListener: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called when a call that needed a session got 401: the session has ended. */
export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A file sent as the raw body (application/octet-stream unless `contentType` says otherwise): uploads. */
  raw?: Blob;
  /** The media type of a raw body, e.g. text/csv for an import. */
  contentType?: string;
  /** The CSRF token to send instead of the console session's: the citizens' portal has a session of its own. */
  csrfToken?: string | null;
  signal?: AbortSignal;
  /** Do not report a 401 as an ended session (login, the first GET /me). */
  expectUnauthorized?: boolean;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

/** Parses Retry-After as delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.round((date - now) / 1000));
}

async function problemFrom(response: Response): Promise<Problem> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem> | null;
      if (body && typeof body === 'object') {
        return { ...body, status: typeof body.status === 'number' ? body.status : response.status };
      }
    } catch {
      // Fall through: a body that is not JSON still has a status.
    }
  }
  return { status: response.status, title: response.statusText || undefined };
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
    body = options.raw;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const upper = method.toUpperCase();
  const token = options.csrfToken !== undefined ? options.csrfToken : csrfToken;
  if (!SAFE_METHODS.has(upper) && token) headers['X-CSRF-Token'] = token;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: upper,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, reason: 'network' });
  }

  if (!response.ok) {
    const problem = await problemFrom(response);
    if (response.status === 401 && !options.expectUnauthorized) unauthorizedListener?.();
    throw new ApiError(problem, parseRetryAfter(response.headers.get('retry-after')));
  }
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({ status: response.status, reason: 'bad_response' });
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  /** POST of a file as the raw body (the CSRF token and problem handling as for every other call). */
  upload: <T>(path: string, file: Blob, options?: RequestOptions) => request<T>('POST', path, { ...options, raw: file }),
};

/**
 * The items of a list response. Lists are `{items: [...]}` (with `total` or `next_before` when paged); a few
 * older routes answer a bare array, which is accepted too so a server upgrade changes nothing here.
 */
export function itemsOf<T>(body: T[] | { items?: T[] } | null | undefined): T[] {
  if (Array.isArray(body)) return body;
  return body?.items ?? [];
}

/** GET of a list (see itemsOf). */
export async function getList<T>(path: string, options?: RequestOptions): Promise<T[]> {
  return itemsOf(await request<T[] | { items?: T[] }>('GET', path, options));
}

/** The WebSocket URL of an API path ("/events", "/channels/stream?cursors=…") on the page's own origin. */
export function webSocketUrl(path: string, location: { protocol: string; host: string } = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${API_BASE}${path}`;
}

/** The WebSocket URL of the live event stream, on the page's own origin. */
export function eventsUrl(location: { protocol: string; host: string } = window.location): string {
  return webSocketUrl('/events', location);
}
