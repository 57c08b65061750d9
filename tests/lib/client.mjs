// An API client that behaves like the console (or the citizens' portal): keeps the session cookie (staff's
// chancery_session, the portal's chancery_portal), sends the CSRF token on changes, and can log in with MFA
// (enrolling first when the account must).
import { totp } from './totp.mjs';

export class Client {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookies = {};
    this.csrf = null;
    this.bearer = null;
  }

  // The Cookie header this client sends (for WebSocket connections made beside it).
  get cookie() {
    return Object.entries(this.cookies).map(([name, value]) => `${name}=${value}`).join('; ') || null;
  }

  // `bytes`: also return the body as a Buffer (downloads).
  async request(method, path, { json, body, headers = {}, csrf = true, bytes = false } = {}) {
    const finalHeaders = { ...headers };
    if (this.cookie) finalHeaders.cookie = this.cookie;
    if (this.bearer) finalHeaders.authorization = `Bearer ${this.bearer}`;
    if (csrf && this.csrf && method !== 'GET' && method !== 'HEAD') finalHeaders['x-csrf-token'] = this.csrf;
    let payload = body;
    if (json !== undefined) {
      payload = JSON.stringify(json);
      finalHeaders['content-type'] = 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers: finalHeaders, body: payload, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      const match = setCookie.match(/^(chancery_session|chancery_portal)=([^;]*)/);
      if (!match) continue;
      if (match[2]) this.cookies[match[1]] = match[2];
      else delete this.cookies[match[1]];
    }
    const buffer = Buffer.from(await response.arrayBuffer());
    const text = buffer.toString('utf8');
    let data = null;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json') && text) data = JSON.parse(text);
    if (data && typeof data === 'object' && data.csrf_token) this.csrf = data.csrf_token;
    return { status: response.status, headers: response.headers, data, text, ...(bytes ? { bytes: buffer } : {}) };
  }

  get(path, options) { return this.request('GET', path, options); }
  post(path, json, options) { return this.request('POST', path, { json, ...options }); }
  patch(path, json, options) { return this.request('PATCH', path, { json, ...options }); }
  put(path, json, options) { return this.request('PUT', path, { json, ...options }); }
  delete(path, options) { return this.request('DELETE', path, options); }

  // Logs in; enrols MFA when the account must, answers the MFA challenge when it has it. Returns the MFA secret.
  async login(username, password, { secret } = {}) {
    const login = await this.post('/api/v1/auth/login', { username, password });
    if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${login.text}`);
    if (login.data.status === 'mfa_required') {
      if (!secret) throw new Error(`login ${username}: MFA code needed but no secret known`);
      const mfa = await this.post('/api/v1/auth/mfa', { code: totp(secret) });
      if (mfa.status !== 200) throw new Error(`mfa ${username}: ${mfa.status} ${mfa.text}`);
      return secret;
    }
    if (login.data.status === 'mfa_enrolment_required') {
      const enrolment = await this.post('/api/v1/me/mfa/enrolment', {});
      if (enrolment.status !== 200) throw new Error(`enrolment ${username}: ${enrolment.status} ${enrolment.text}`);
      const confirm = await this.post('/api/v1/me/mfa/enrolment/confirm', { code: totp(enrolment.data.secret) });
      if (confirm.status !== 200) throw new Error(`confirm ${username}: ${confirm.status} ${confirm.text}`);
      return enrolment.data.secret;
    }
    return secret;
  }
}
