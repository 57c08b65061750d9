// The portal's HTTP calls: /api/v1/portal/* through the console's one client, with the portal session's own CSRF
// token (the `chancery_portal` cookie is the server's business: HttpOnly, path /api/v1/portal). A 401 means the
// portal session has ended; the listener (the session provider) is told, as api.ts does for the console.
import { request, isApiError, type RequestOptions } from '../../shared/api';

let csrfToken: string | null = null;
let endedListener: (() => void) | null = null;

export function setPortalCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function onPortalSessionEnded(listener: (() => void) | null): void {
  endedListener = listener;
}

/** `quiet`: a 401 is expected (is there a session?) and does not end anything. */
export type PortalOptions = RequestOptions & { quiet?: boolean };

async function call<T>(method: string, path: string, options: PortalOptions = {}): Promise<T> {
  const { quiet, ...rest } = options;
  try {
    return await request<T>(method, `/portal${path}`, { ...rest, expectUnauthorized: true, csrfToken });
  } catch (error) {
    if (!quiet && isApiError(error) && error.status === 401) endedListener?.();
    throw error;
  }
}

export const portalApi = {
  get: <T>(path: string, options?: PortalOptions) => call<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: PortalOptions) => call<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: PortalOptions) => call<T>('PUT', path, { ...options, body }),
  delete: <T = void>(path: string, options?: PortalOptions) => call<T>('DELETE', path, options),
};

/** Where the citizen's own data is downloaded (a GET with the portal cookie; the server names the file). */
export const EXPORT_URL = '/api/v1/portal/registration/export';
