// A fake SMS gateway for tests: the HTTP protocol Chancery's SmsGateway speaks (src/modules/delivery/sms_gateway.hpp
// and the delivery README), plus a control API. Node 20, no dependencies.
//
//   node tests/fakes/sms.mjs --port 0 --token TOKEN --secret WEBHOOK_SECRET
//
// listens on 127.0.0.1 and prints {"port":N} as its first line on standard output.
//
// The gateway's side:
//   POST /send   Authorization: Bearer TOKEN; {"to":"+…","text","reference","sender"} → 202 {"id"}.
//                A reference seen before is the same message: the same id is answered and nothing is sent twice
//                (the idempotency the protocol promises). A wrong token answers 401.
// Control (tests only):
//   POST /_control/script    {to, http_status, count? (1)}: the next `count` sends to that number answer that status.
//   GET  /_control/sent      {"sent":[{id, to, text, reference, sender}]}: every message sent, once each.
//   POST /_control/reports   {url, ids?, status? ("delivered")}: POSTs a delivery report {id, status} per message
//                            (those named, or all not yet reported) to url, signed X-Signature: sha256=<hex
//                            HMAC-SHA256 of the body with WEBHOOK_SECRET>. Answers {"reported":[{id, status}]}.
//   POST /_control/inbound   {url, from, text}: POSTs an inbound SMS {id, from, text} to url, signed the same way;
//                            answers {"status", "body"} of our answer.
import crypto from 'node:crypto';
import http from 'node:http';

const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const token = option('--token', 'sms-token');
const secret = option('--secret', 'sms-secret');

const sent = [];
const byReference = new Map();  // reference → message
const reported = new Set();
const scripts = [];
let nextId = 1;

function answer(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function post(url, body) {
  const text = JSON.stringify(body);
  const signature = 'sha256=' + crypto.createHmac('sha256', secret).update(text).digest('hex');
  const response = await fetch(url, { method: 'POST', body: text,
    headers: { 'content-type': 'application/json', 'x-signature': signature } });
  return { status: response.status, body: await response.text() };
}

function send(request, response, text) {
  if (request.headers.authorization !== `Bearer ${token}`) return answer(response, 401, { error: 'bad token' });
  let body;
  try { body = JSON.parse(text); } catch { return answer(response, 400, { error: 'not JSON' }); }
  if (typeof body.to !== 'string' || !/^\+[1-9][0-9]{7,14}$/.test(body.to) || typeof body.text !== 'string' ||
      typeof body.reference !== 'string' || body.reference === '') {
    return answer(response, 400, { error: 'to, text and reference are required' });
  }
  const scripted = scripts.find((entry) => entry.to === body.to && entry.remaining > 0);
  if (scripted) {
    scripted.remaining -= 1;
    return answer(response, scripted.http_status, { error: 'scripted' });
  }
  const known = byReference.get(body.reference);
  if (known) return answer(response, 202, { id: known.id });
  const message = { id: `sms-${nextId++}`, to: body.to, text: body.text, reference: body.reference,
    sender: body.sender ?? '' };
  sent.push(message);
  byReference.set(body.reference, message);
  return answer(response, 202, { id: message.id });
}

async function reports(response, text) {
  const body = JSON.parse(text);
  const wanted = body.ids ? sent.filter((message) => body.ids.includes(message.id))
    : sent.filter((message) => !reported.has(message.id));
  const results = [];
  for (const message of wanted) {
    const result = await post(body.url, { id: message.id, status: body.status ?? 'delivered' });
    if (result.status === 200) reported.add(message.id);
    results.push({ id: message.id, status: result.status });
  }
  return answer(response, 200, { reported: results });
}

async function inbound(response, text) {
  const body = JSON.parse(text);
  const result = await post(body.url, { id: `in-${nextId++}`, from: body.from, text: body.text });
  return answer(response, 200, result);
}

const routes = {
  'POST /send': (request, response, text) => send(request, response, text),
  'POST /_control/script': (request, response, text) => {
    const body = JSON.parse(text);
    scripts.push({ to: body.to, http_status: body.http_status, remaining: body.count ?? 1 });
    return answer(response, 200, { scripted: true });
  },
  'GET /_control/sent': (request, response) => answer(response, 200, { sent }),
  'POST /_control/reports': (request, response, text) => reports(response, text),
  'POST /_control/inbound': (request, response, text) => inbound(response, text),
};

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const route = routes[`${request.method} ${request.url.split('?')[0]}`];
    if (!route) return answer(response, 404, { error: 'no such route' });
    Promise.resolve(route(request, response, Buffer.concat(chunks).toString('utf8'))).catch((error) => {
      answer(response, 500, { error: String(error) });
    });
  });
});
server.listen(Number(option('--port', '0')), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
