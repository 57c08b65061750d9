// A fake Zalo for tests: the OAuth v4 token endpoint, the OA consultation message endpoint and the ZNS template
// endpoint, as documented in the team's Zalo API notes, plus a control API through which a test defines apps,
// scripts answers and reads what happened. Node 20, no dependencies.
//
//   node tests/fakes/zalo.mjs --port 0
//
// listens on 127.0.0.1 and prints {"port":N} as its first line on standard output. One process serves all three
// Zalo hosts (point oauth, openapi and business at it). State lives in memory and dies with the process.
//
// Zalo's side:
//   POST /v4/oa/access_token     form app_id, grant_type=refresh_token, refresh_token; header secret_key.
//                                Every refresh token works once: a second use answers error -14014 and is counted
//                                as a reuse attempt (GET /_control/refreshes), so a test can prove it never happened.
//                                Answers {access_token, refresh_token, expires_in} at top level, or under "data"
//                                (per app), expires_in as a string or a number (per app).
//   POST /v3.0/oa/message/cs     header access_token; {"recipient":{"user_id"},"message":{"text"}}
//                                → {"error":0,"message":"Success","data":{"message_id","user_id"}}
//   POST /message/template       header access_token; {"phone","template_id","template_data","tracking_id"}
//                                → {"error":0,"message":"Success","data":{"msg_id","sent_time","quota":{…}}}
//   An unknown or expired access token answers error -216 on the OA API and -124 on ZNS. Error codes of the
//   OAuth endpoint other than -14014 are this fake's own (-14001 unknown app, -14002 wrong secret_key, -14003
//   unsupported grant_type, -14008 unknown refresh token); a bad message body answers -203 (OA) or -108, -109,
//   -111 (ZNS: phone, template id, template data).
//
// Control (for tests only):
//   POST /_control/accounts   {app_id, secret, refresh_token, access_token?, access_token_lifetime? (s, 90000),
//                              oa_id?, refresh_delay_ms? (0), token_answer? ("top"|"data"),
//                              expires_in_as? ("string"|"number")}: defines an app and its first token pair.
//   POST /_control/script     {user_id | phone, error, message?, http_status?, delay_ms?, count? (1)}: the next
//                              `count` sends to that user or phone answer that error (or that HTTP status, or
//                              after that delay, then normally). {expire_access_tokens: true, app_id?}: every
//                              access token issued so far (for that app) expires now.
//   GET  /_control/sent       {"sent":[{kind, app_id, user_id|phone, text|template_id+template_data, tracking_id,
//                              message_id}]}: everything accepted, oldest first.
//   GET  /_control/refreshes  {"count", "reuse_attempts", "failures"}: refreshes granted, refresh tokens presented a
//                              second time, other refused refreshes.
//   POST /_control/receipts   {url, oa_secret, oa_id?, message_ids?}: POSTs a user_received_message webhook per
//                              accepted message (those named, or all not yet receipted) to url, carrying msg_id and,
//                              for ZNS, tracking_id; signed as Zalo does: header X-ZEvent-Signature: mac=<hex>, hex =
//                              SHA-256(app_id + body + timestamp + oa_secret). Answers {"delivered":[{message_id,
//                              status}]}.
//   POST /_control/reset      forgets everything.
import crypto from 'node:crypto';
import http from 'node:http';

const portIndex = process.argv.indexOf('--port');
const requestedPort = portIndex >= 0 ? Number(process.argv[portIndex + 1]) : 0;

let state;
function reset() {
  state = {
    apps: new Map(),           // app_id → {secret, lifetime, oaId, refreshDelayMs, tokenAnswer, expiresInAs}
    refreshTokens: new Map(),  // token → {appId, used}
    accessTokens: new Map(),   // token → {appId, expiresAt (ms)}
    scripts: [],               // {userId, phone, error, message, httpStatus, delayMs, remaining}
    sent: [],
    receipted: new Set(),      // message ids already receipted
    refreshes: {count: 0, reuse_attempts: 0, failures: 0},
  };
}
reset();

const randomToken = () => crypto.randomBytes(24).toString('base64url');
const randomId = () => crypto.randomBytes(16).toString('hex');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function answer(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text)});
  response.end(text);
}

async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > 1 << 20) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text) {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function issueAccessToken(appId, token) {
  const app = state.apps.get(appId);
  state.accessTokens.set(token, {appId, expiresAt: Date.now() + app.lifetime * 1000});
}

// OAuth v4: refresh a token pair.
async function refresh(request, response, text) {
  const form = new URLSearchParams(text);
  const appId = form.get('app_id') ?? '';
  const app = state.apps.get(appId);
  const refuse = (error, description) => {
    state.refreshes.failures += 1;
    return answer(response, 200, {error, error_name: description, error_description: description});
  };
  if (!app) return refuse(-14001, 'Invalid app_id');
  if (request.headers['secret_key'] !== app.secret) return refuse(-14002, 'Invalid secret_key');
  if (form.get('grant_type') !== 'refresh_token') return refuse(-14003, 'Unsupported grant_type');
  const presented = state.refreshTokens.get(form.get('refresh_token') ?? '');
  if (!presented || presented.appId !== appId) return refuse(-14008, 'Invalid refresh_token');
  if (presented.used) {
    state.refreshes.reuse_attempts += 1;
    return answer(response, 200, {error: -14014, error_name: 'Refresh token already used',
                                  error_description: 'The refresh token has been used'});
  }
  // Spent before the (optional) delay, so that a second use during the delay is seen as the reuse it is.
  presented.used = true;
  state.refreshes.count += 1;
  if (app.refreshDelayMs > 0) await sleep(app.refreshDelayMs);
  const accessToken = randomToken();
  const refreshToken = randomToken();
  issueAccessToken(appId, accessToken);
  state.refreshTokens.set(refreshToken, {appId, used: false});
  const expiresIn = app.expiresInAs === 'number' ? app.lifetime : String(app.lifetime);
  const pair = {access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn};
  answer(response, 200, app.tokenAnswer === 'data' ? {error: 0, message: 'Success', data: pair} : pair);
}

// The app whose valid access token the request carries, or null.
function authorise(request) {
  const token = state.accessTokens.get(request.headers['access_token'] ?? '');
  if (!token || token.expiresAt <= Date.now()) return null;
  return token.appId;
}

// Applies the first script for this recipient, if any: true when it has answered.
async function scripted(response, recipient) {
  const script = state.scripts.find((each) => each.remaining > 0 &&
      ((each.userId !== undefined && each.userId === recipient.userId) ||
       (each.phone !== undefined && each.phone === recipient.phone)));
  if (!script) return false;
  script.remaining -= 1;
  if (script.delayMs > 0) await sleep(script.delayMs);
  if (script.httpStatus) {
    answer(response, script.httpStatus, {error: -1, message: `HTTP ${script.httpStatus}`});
    return true;
  }
  if (script.error !== undefined) {
    answer(response, 200, {error: script.error, message: script.message ?? `scripted error ${script.error}`});
    return true;
  }
  return false;  // a delay alone: then answer normally
}

async function consultation(request, response, text) {
  const appId = authorise(request);
  if (!appId) return answer(response, 200, {error: -216, message: 'Access token is invalid'});
  const body = parseJson(text);
  const userId = body?.recipient?.user_id;
  const messageText = body?.message?.text;
  if (typeof userId !== 'string' || !userId || typeof messageText !== 'string' || !messageText) {
    return answer(response, 200, {error: -203, message: 'Invalid parameter'});
  }
  if (await scripted(response, {userId})) return;
  const messageId = randomId();
  state.sent.push({kind: 'consultation', app_id: appId, user_id: userId, text: messageText, message_id: messageId});
  answer(response, 200, {error: 0, message: 'Success', data: {message_id: messageId, user_id: userId}});
}

async function template(request, response, text) {
  const appId = authorise(request);
  if (!appId) return answer(response, 200, {error: -124, message: 'Access token invalid'});
  const body = parseJson(text);
  if (typeof body?.phone !== 'string' || !/^[0-9]{8,15}$/.test(body.phone)) {
    return answer(response, 200, {error: -108, message: 'Phone number invalid'});
  }
  if (typeof body.template_id !== 'string' || !body.template_id) {
    return answer(response, 200, {error: -109, message: 'Template ID invalid'});
  }
  const data = body.template_data;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) {
    return answer(response, 200, {error: -111, message: 'Template data empty'});
  }
  if (await scripted(response, {phone: body.phone})) return;
  const messageId = randomId();
  state.sent.push({kind: 'template', app_id: appId, phone: body.phone, template_id: body.template_id,
                   template_data: data, tracking_id: body.tracking_id ?? '', message_id: messageId});
  answer(response, 200, {error: 0, message: 'Success', data: {
    msg_id: messageId, sent_time: String(Date.now()), quota: {dailyQuota: '500', remainingQuota: '499'}}});
}

function defineAccount(response, text) {
  const body = parseJson(text);
  if (!body || !body.app_id || !body.secret || !body.refresh_token) {
    return answer(response, 400, {error: -1, message: 'app_id, secret and refresh_token are needed'});
  }
  state.apps.set(body.app_id, {
    secret: body.secret,
    lifetime: Number(body.access_token_lifetime ?? 90000),
    oaId: body.oa_id ?? '',
    refreshDelayMs: Number(body.refresh_delay_ms ?? 0),
    tokenAnswer: body.token_answer === 'data' ? 'data' : 'top',
    expiresInAs: body.expires_in_as === 'number' ? 'number' : 'string',
  });
  state.refreshTokens.set(body.refresh_token, {appId: body.app_id, used: false});
  if (body.access_token) issueAccessToken(body.app_id, body.access_token);
  answer(response, 200, {ok: true});
}

function script(response, text) {
  const body = parseJson(text);
  if (!body) return answer(response, 400, {error: -1, message: 'a JSON object is needed'});
  if (body.expire_access_tokens) {
    const now = Date.now();
    for (const token of state.accessTokens.values()) {
      if (!body.app_id || token.appId === body.app_id) token.expiresAt = now;
    }
    return answer(response, 200, {ok: true});
  }
  if (body.user_id === undefined && body.phone === undefined) {
    return answer(response, 400, {error: -1, message: 'user_id or phone is needed'});
  }
  state.scripts.push({userId: body.user_id, phone: body.phone, error: body.error, message: body.message,
                      httpStatus: body.http_status, delayMs: Number(body.delay_ms ?? 0),
                      remaining: Number(body.count ?? 1)});
  answer(response, 200, {ok: true});
}

// Signed user_received_message webhooks for accepted messages, as Zalo sends them.
async function receipts(response, text) {
  const body = parseJson(text);
  if (!body?.url || !body?.oa_secret) return answer(response, 400, {error: -1, message: 'url and oa_secret are needed'});
  const wanted = Array.isArray(body.message_ids) ? new Set(body.message_ids) : null;
  const delivered = [];
  for (const message of state.sent) {
    if (wanted ? !wanted.has(message.message_id) : state.receipted.has(message.message_id)) continue;
    state.receipted.add(message.message_id);
    const oaId = body.oa_id ?? state.apps.get(message.app_id)?.oaId ?? '';
    // ZNS goes to a phone number; the receipt names the Zalo user behind it, which this fake derives.
    const userId = message.user_id ?? 'u' + crypto.createHash('sha256').update(message.phone).digest('hex').slice(0, 16);
    const timestamp = String(Date.now());
    const event = {
      app_id: message.app_id,
      event_name: 'user_received_message',
      timestamp,
      sender: {id: oaId},
      recipient: {id: userId},
      message: {msg_id: message.message_id, delivery_time: timestamp},
    };
    if (message.kind === 'template') event.message.tracking_id = message.tracking_id;
    const raw = JSON.stringify(event);
    const mac = crypto.createHash('sha256').update(message.app_id + raw + timestamp + body.oa_secret).digest('hex');
    let status = 0;
    try {
      const result = await fetch(body.url, {method: 'POST', body: raw,
                                            headers: {'Content-Type': 'application/json', 'X-ZEvent-Signature': `mac=${mac}`}});
      status = result.status;
      await result.arrayBuffer();
    } catch {
      status = 0;
    }
    delivered.push({message_id: message.message_id, status});
  }
  answer(response, 200, {delivered});
}

const routes = {
  'POST /v4/oa/access_token': refresh,
  'POST /v3.0/oa/message/cs': consultation,
  'POST /message/template': template,
  'POST /_control/accounts': (request, response, text) => defineAccount(response, text),
  'POST /_control/script': (request, response, text) => script(response, text),
  'GET /_control/sent': (request, response) => answer(response, 200, {sent: state.sent}),
  'GET /_control/refreshes': (request, response) => answer(response, 200, state.refreshes),
  'POST /_control/receipts': (request, response, text) => receipts(response, text),
  'POST /_control/reset': (request, response) => {
    reset();
    answer(response, 200, {ok: true});
  },
};

const server = http.createServer(async (request, response) => {
  try {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    const route = routes[`${request.method} ${path}`];
    const text = await readBody(request);
    if (!route) return answer(response, 404, {error: -1, message: `no ${request.method} ${path}`});
    await route(request, response, text);
  } catch (error) {
    if (!response.headersSent) answer(response, 500, {error: -1, message: String(error)});
  }
});
server.keepAliveTimeout = 1000;
server.listen(requestedPort, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({port: server.address().port}) + '\n');
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
