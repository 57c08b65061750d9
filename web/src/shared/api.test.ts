import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildUrl, itemsOf, onUnauthorized, parseRetryAfter, setCsrfToken } from './api';
import { describeError, retryMinutes } from './problem';

type FetchArgs = [string, RequestInit];

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers });
}

describe('api client', () => {
  const fetchMock = vi.fn<(...args: FetchArgs) => Promise<Response>>();

  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken(null);
    onUnauthorized(null);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('builds URLs under /api/v1 and drops empty query values', () => {
    expect(buildUrl('/units', { q: 'Pháp', kind: '', region: undefined, limit: 5 })).toBe('/api/v1/units?q=Ph%C3%A1p&limit=5');
  });

  it('sends the CSRF token on unsafe methods only, with same-origin credentials', async () => {
    setCsrfToken('tok-1');
    fetchMock.mockImplementation(async () => respond(200, { ok: true }, { 'content-type': 'application/json' }));
    await api.get('/me');
    await api.post('/users', { username: 'a' });
    const [getUrl, getInit] = fetchMock.mock.calls[0];
    const [, postInit] = fetchMock.mock.calls[1];
    expect(getUrl).toBe('/api/v1/me');
    expect(getInit.credentials).toBe('same-origin');
    expect((getInit.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect((postInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-1');
    expect(postInit.body).toBe('{"username":"a"}');
  });

  it('uploads a file as the raw body with the CSRF token', async () => {
    setCsrfToken('tok-2');
    fetchMock.mockImplementation(async () => respond(201, { id: 4 }, { 'content-type': 'application/json' }));
    const file = new Blob(['%PDF-1.4'], { type: 'application/pdf' });
    await expect(api.upload('/attachments', file, { query: { filename: 'Báo cáo.pdf' } })).resolves.toEqual({ id: 4 });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/attachments?filename=B%C3%A1o+c%C3%A1o.pdf');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file);
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/octet-stream');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-2');
  });

  it('sends a raw body with its own media type, and another session’s CSRF token when told to', async () => {
    setCsrfToken('console-token');
    fetchMock.mockImplementation(async () => respond(200, { created: 1 }, { 'content-type': 'application/json' }));
    const csv = new Blob(['full_name,residence_country\n'], { type: 'text/csv' });
    await api.upload('/citizens/import', csv, { contentType: 'text/csv' });
    await api.post('/portal/session', { contact: 'a@b.vn' }, { csrfToken: 'portal-token' });
    await api.delete('/portal/session', { csrfToken: null });
    const headers = fetchMock.mock.calls.map(([, init]) => init.headers as Record<string, string>);
    expect(headers[0]['Content-Type']).toBe('text/csv');
    expect(headers[0]['X-CSRF-Token']).toBe('console-token');
    expect(headers[1]['X-CSRF-Token']).toBe('portal-token');
    expect(headers[2]['X-CSRF-Token']).toBeUndefined();
  });

  it('returns undefined for 204', async () => {
    fetchMock.mockResolvedValue(respond(204, undefined));
    await expect(api.delete('/grants/3')).resolves.toBeUndefined();
  });

  it('parses problem+json into an ApiError', async () => {
    fetchMock.mockResolvedValue(
      respond(
        401,
        { type: 'about:blank', title: 'Unauthorized', status: 401, reason: 'invalid_credentials' },
        { 'content-type': 'application/problem+json' },
      ),
    );
    const error = await api.post('/auth/login', {}, { expectUnauthorized: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).reason).toBe('invalid_credentials');
    expect(describeError(error).key).toBe('login.invalidCredentials');
  });

  it('reads Retry-After for a locked account and reports minutes', async () => {
    fetchMock.mockResolvedValue(
      respond(429, { status: 429, title: 'Too Many Requests', reason: 'account_locked' }, {
        'content-type': 'application/problem+json',
        'retry-after': '600',
      }),
    );
    const error = (await api.post('/auth/login', {}).catch((caught: unknown) => caught)) as ApiError;
    expect(error.retryAfterSeconds).toBe(600);
    expect(describeError(error)).toEqual({ key: 'login.locked', params: { minutes: 10 } });
  });

  it('keeps the status of an error without a JSON body', async () => {
    fetchMock.mockResolvedValue(respond(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }));
    const error = (await api.get('/units').catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(502);
    expect(describeError(error).key).toBe('error.server');
  });

  it('turns a network failure into status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const error = (await api.get('/units').catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(0);
    expect(describeError(error).key).toBe('error.network');
  });

  it('reports an ended session on 401, unless the caller expects it', async () => {
    const listener = vi.fn();
    onUnauthorized(listener);
    fetchMock.mockImplementation(async () => respond(401, { status: 401 }, { 'content-type': 'application/problem+json' }));
    await api.get('/units').catch(() => undefined);
    await api.get('/me', { expectUnauthorized: true }).catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('describes 403 and validation problems with the field', async () => {
    fetchMock.mockResolvedValueOnce(respond(403, { status: 403, detail: 'outside scope' }, { 'content-type': 'application/problem+json' }));
    const forbidden = await api.post('/users/2/grants', {}).catch((caught: unknown) => caught);
    expect(describeError(forbidden).key).toBe('error.forbidden');
    fetchMock.mockResolvedValueOnce(
      respond(400, { status: 400, field: 'username', detail: 'too short' }, { 'content-type': 'application/problem+json' }),
    );
    const invalid = await api.post('/users', {}).catch((caught: unknown) => caught);
    expect(describeError(invalid)).toEqual({ key: 'error.invalidField', params: { field: 'username' }, detail: 'too short' });
  });
});

describe('retry-after', () => {
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
  it('rounds up to whole minutes, at least one', () => {
    expect(retryMinutes(61)).toBe(2);
    expect(retryMinutes(0)).toBe(1);
    expect(retryMinutes(null)).toBe(1);
  });
});

describe('itemsOf', () => {
  it('accepts {items} and a bare array', () => {
    expect(itemsOf({ items: [1, 2] })).toEqual([1, 2]);
    expect(itemsOf([3])).toEqual([3]);
    expect(itemsOf({})).toEqual([]);
    expect(itemsOf(undefined)).toEqual([]);
  });
});
