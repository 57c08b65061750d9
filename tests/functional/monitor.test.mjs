// The cyberspace monitor through the API: real-world-shaped feeds served on 127.0.0.1 arrive once each with the
// right title, link, date and language; a feed URL at a private address is refused; pushed documents are matched
// against standing queries, raise alerts for the query's unit and the mission whose jurisdiction they touch, and
// arrive live on the stream; queries keep their versions; the archive answers the query language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import WebSocket from 'ws';
import { Installation } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const node = new Installation();
let url;
let feeds;
let feedBase;
let units;
const as = {};
const ids = {};
const STAFF = {
  'analyst.press': { unit: 'HQ-PRESS', role: 'analyst' },
  'analyst.fr': { unit: 'EMB-FR', role: 'analyst' },
  'officer.ph': { unit: 'EMB-PH', role: 'consular_officer' },
  'officer.de': { unit: 'EMB-DE', role: 'consular_officer' },
  'viewer.hq': { unit: 'MOFA', role: 'viewer' },
};

// --- The feeds, as the world writes them

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Tin nhanh</title><link>https://tin.example/</link><language>vi</language>
<item><title>Bão số 9 đổ bộ Đà Nẵng</title><link>/thoi-su/bao-so-9.html</link>
<guid isPermaLink="false">tin-1001</guid><pubDate>Sat, 28 Nov 2026 09:15:00 +0700</pubDate>
<description><![CDATA[<p>Cơn bão số 9 đã đổ bộ vào <b>Đà Nẵng</b> sáng nay &amp; gây mưa lớn.</p><script>track()</script>]]></description></item>
<item><title>Giá gạo xuất khẩu tăng &ndash; nông dân phấn khởi</title><link>https://tin.example/kinh-te/gia-gao.html</link>
<guid>tin-1002</guid><dc:date>2026-11-28T03:00:00Z</dc:date>
<description>Giá gạo xuất khẩu của Việt Nam tăng &hellip; lần thứ ba trong tháng.</description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/world/" xml:lang="en">
<title>World news</title><id>urn:news</id><updated>2026-11-28T10:00:00Z</updated>
<entry><title type="html">Typhoon &lt;em&gt;Kalmaegi&lt;/em&gt; nears the Philippines</title>
<link rel="alternate" href="typhoon-kalmaegi"/><id>urn:news:7</id><updated>2026-11-28T08:30:00+08:00</updated>
<summary>Manila ordered evacuations as the typhoon approached the Philippines.</summary></entry>
</feed>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1', title: 'Wire', home_page_url: 'https://wire.example/', language: 'fr',
  items: [{ id: 'w-1', url: 'https://wire.example/2026/elysee', title: 'L\'Élysée reçoit le Premier ministre',
    content_html: '<p>Le président a reçu le Premier ministre à l&#39;Élysée.</p>', date_published: '2026-11-28T11:00:00+01:00' }],
});

// Windows-1252 declared, bytes in that encoding; the second item has no date and the document is cut short.
const LATIN = Buffer.concat([
  Buffer.from('<?xml version="1.0" encoding="windows-1252"?>\n<rss version="2.0"><channel><title>Le Journal</title>'
    + '<link>https://journal.example/</link>'
    + '<item><title>Noël à Besançon</title><link>https://journal.example/noel</link>'
    + '<pubDate>Fri, 27 Nov 2026 18:00:00 GMT</pubDate><description>March', 'latin1'),
  Buffer.from([0xe9]), Buffer.from(' de No', 'latin1'), Buffer.from([0xeb]),
  Buffer.from('l &eacute;clair&eacute; au centre-ville.</description></item>'
    + '<item><title>Sans date</title><link>https://journal.example/sans-date</link><description>Un article sans date.'
    + '</description></item><item><title>Coupé', 'latin1'),
]);

// The same story as the RSS feed's first item, under the same GUID: it must not arrive twice.
const DUPLICATE = RSS.replace('<item><title>Giá gạo', '<item><title>IGNORED</title><guid>never-here</guid></item><item><title>Giá gạo')
  .replace('Tin nhanh', 'Tin nhanh (bản sao)');

const requests = [];
function serveFeeds() {
  const bodies = {
    '/tin.rss': { type: 'application/rss+xml', body: RSS, etag: '"rss-1"' },
    '/world.atom': { type: 'application/atom+xml', body: ATOM, etag: '"atom-1"' },
    '/wire.json': { type: 'application/feed+json', body: JSON_FEED },
    '/journal.xml': { type: 'text/xml', body: LATIN },
    '/copy.rss': { type: 'application/rss+xml', body: DUPLICATE },
  };
  const server = http.createServer((request, response) => {
    requests.push({ path: request.url, ifNoneMatch: request.headers['if-none-match'] });
    const feed = bodies[request.url];
    if (!feed) { response.writeHead(404).end(); return; }
    if (feed.etag && request.headers['if-none-match'] === feed.etag) { response.writeHead(304).end(); return; }
    response.writeHead(200, { 'content-type': feed.type, ...(feed.etag ? { etag: feed.etag } : {}) });
    response.end(feed.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  feeds = await serveFeeds();
  feedBase = `http://127.0.0.1:${feeds.address().port}`;
  node.seedDemo();
  for (const [username, spec] of Object.entries(STAFF)) node.createUser(username, { ...spec, password: `monitor-pw-${username}` });
  url = (await node.start([], { env: { CHANCERY_MONITOR_ALLOWED_RANGES: '127.0.0.1/32', CHANCERY_MONITOR_MIN_INTERVAL_SECONDS: '1' } })).url;
  for (const username of Object.keys(STAFF)) {
    as[username] = new Client(url);
    await as[username].login(username, `monitor-pw-${username}`);
    ids[username] = (await as[username].get('/api/v1/me')).data.id;
  }
  units = Object.fromEntries((await as['analyst.press'].get('/api/v1/units?limit=500')).data.items.map((u) => [u.code, u.id]));
});
after(async () => { feeds.close(); await node.cleanup(); });

function assertProblem(response, status, reason) {
  assert.equal(response.status, status, response.text);
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  if (reason) assert.equal(response.data.reason, reason, response.text);
}

async function until(predicate, what, tries = 400) {
  for (let i = 0; i < tries; ++i) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting: ${what}`);
}

async function source(client, body) {
  const created = await client.post('/api/v1/monitor/sources', body);
  assert.equal(created.status, 201, created.text);
  return created.data;
}

async function articlesOf(sourceId) {
  const listed = await as['officer.de'].get(`/api/v1/monitor/articles?source_id=${sourceId}&limit=200`);
  assert.equal(listed.status, 200, listed.text);
  return listed.data.items;
}

test('feeds: every item arrives once with its title, link, date and language; unchanged feeds are not re-read', async () => {
  const analyst = as['analyst.press'];
  const unit = units['HQ-PRESS'];
  const made = {};
  for (const [name, path] of [['tin', '/tin.rss'], ['world', '/world.atom'], ['wire', '/wire.json'],
    ['journal', '/journal.xml'], ['copy', '/copy.rss']]) {
    made[name] = await source(analyst, { unit_id: unit, name, kind: 'feed', url: feedBase + path, interval_seconds: 3600 });
  }
  await until(async () => {
    const listed = (await analyst.get('/api/v1/monitor/sources')).data.items;
    return Object.values(made).every((s) => listed.find((l) => l.id === s.id)?.health.last_success_at);
  }, 'every feed polled once');

  const tin = await articlesOf(made.tin.id);
  assert.deepEqual(tin.map((a) => a.title).sort(), ['Bão số 9 đổ bộ Đà Nẵng', 'Giá gạo xuất khẩu tăng – nông dân phấn khởi']);
  const storm = tin.find((a) => a.title.startsWith('Bão'));
  assert.equal(storm.link, `${feedBase}/thoi-su/bao-so-9.html`, 'a relative link is resolved against the feed\'s address');
  assert.equal(Date.parse(storm.published_at), Date.parse('2026-11-28T02:15:00Z'), 'RFC 822 date with its offset, in UTC');
  assert.equal(storm.language, 'vi');
  assert.match(storm.body, /đổ bộ vào Đà Nẵng sáng nay & gây mưa lớn/);
  assert.doesNotMatch(storm.body, /track\(\)/, 'scripts are dropped');
  const rice = tin.find((a) => a.title.startsWith('Giá'));
  assert.equal(Date.parse(rice.published_at), Date.parse('2026-11-28T03:00:00Z'));
  assert.match(rice.body, /tăng … lần thứ ba/, 'HTML entities in RSS text');

  const [typhoon] = await articlesOf(made.world.id);
  assert.equal(typhoon.title, 'Typhoon Kalmaegi nears the Philippines');
  assert.equal(typhoon.link, 'https://news.example/world/typhoon-kalmaegi', 'xml:base');
  assert.equal(Date.parse(typhoon.published_at), Date.parse('2026-11-28T00:30:00Z'));
  assert.equal(typhoon.language, 'en');
  assert.ok(typhoon.countries.includes('PH'), `countries named: ${typhoon.countries}`);

  const [elysee] = await articlesOf(made.wire.id);
  assert.equal(elysee.title, 'L\'Élysée reçoit le Premier ministre');
  assert.equal(elysee.language, 'fr');
  assert.equal(Date.parse(elysee.published_at), Date.parse('2026-11-28T10:00:00Z'));

  const journal = await articlesOf(made.journal.id);
  // The document breaks off inside its third item: what was read of it (its title) is kept, as a reader would.
  assert.deepEqual(journal.map((a) => a.title).sort(), ['Coupé', 'Noël à Besançon', 'Sans date']);
  const noel = journal.find((a) => a.title === 'Noël à Besançon');
  assert.match(noel.body, /Marché de Noël éclairé au centre-ville/, 'windows-1252 decoded');
  assert.equal(noel.language, 'fr', 'detected when the feed declares none');
  const undated = journal.find((a) => a.title === 'Sans date');
  assert.ok(Math.abs(Date.parse(undated.published_at) - Date.now()) < 5 * 60 * 1000, 'no date: the time it was fetched');

  // The copy feed repeats tin-1001 and tin-1002 under the same GUIDs: only its own item is new.
  const copy = await articlesOf(made.copy.id);
  assert.deepEqual(copy.map((a) => a.title), ['IGNORED']);

  // Polled again: the ETag comes back, the server answers 304, nothing is added.
  requests.length = 0;
  const polled = await analyst.post(`/api/v1/monitor/sources/${made.tin.id}/poll`, {});
  assert.equal(polled.status, 202, polled.text);
  await until(() => requests.some((r) => r.path === '/tin.rss'), 'polled again');
  assert.equal(requests.find((r) => r.path === '/tin.rss').ifNoneMatch, '"rss-1"');
  await until(async () => {
    const s = (await analyst.get(`/api/v1/monitor/sources/${made.tin.id}`)).data;
    return s.health.last_status === 304;
  }, 'the 304 is recorded');
  assert.equal((await articlesOf(made.tin.id)).length, 2);
});

test('a feed at a private, link-local or metadata address is refused', async () => {
  const analyst = as['analyst.press'];
  for (const target of ['http://10.20.30.40/feed.xml', 'http://169.254.169.254/latest/meta-data/', 'http://192.168.1.1/rss',
    'http://127.0.0.2/feed', 'http://[::1]/feed']) {
    const refused = await analyst.post('/api/v1/monitor/sources',
      { unit_id: units['HQ-PRESS'], name: `bad-${requests.length}-${target.length}`, kind: 'feed', url: target });
    assertProblem(refused, 403, 'address_not_allowed');
  }
  assertProblem(await analyst.post('/api/v1/monitor/sources',
    { unit_id: units['HQ-PRESS'], name: 'ftp-feed', kind: 'feed', url: 'ftp://example.org/feed' }), 400);
  // Only holders of monitor_sources on the unit add sources there.
  assertProblem(await as['officer.de'].post('/api/v1/monitor/sources',
    { unit_id: units['EMB-DE'], name: 'de-feed', kind: 'feed', url: `${feedBase}/tin.rss` }), 403);
});

function stream(username, query = '') {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/v1/monitor/stream${query}`, { headers: { cookie: as[username].cookie } });
  const received = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  const ready = new Promise((resolve, reject) => {
    socket.on('message', (data) => { if (JSON.parse(data.toString()).type === 'ready') resolve(); });
    socket.on('error', reject);
  });
  return { socket, received, ready };
}

test('pushed documents match standing queries, raise alerts for the owner and the mission, and arrive live', async () => {
  const analyst = as['analyst.press'];
  const topic = await analyst.post('/api/v1/monitor/topics', { unit_id: units['HQ-PRESS'], name: 'Thiên tai' });
  assert.equal(topic.status, 201, topic.text);
  const bad = await analyst.post('/api/v1/monitor/queries', { topic_id: topic.data.id, name: 'broken', text: 'typhoon AND' });
  assertProblem(bad, 400, 'query_syntax');
  assert.match(bad.data.detail, /column \d+/);
  const query = await analyst.post('/api/v1/monitor/queries',
    { topic_id: topic.data.id, name: 'Bão và sơ tán', text: '(typhoon OR bão) AND (evacuat* OR "sơ tán")', priority: 'high' });
  assert.equal(query.status, 201, query.text);

  const push = await source(analyst, { unit_id: units['HQ-PRESS'], name: 'crawler', kind: 'push' });
  const token = await analyst.post('/api/v1/me/tokens', { name: 'crawler', scopes: ['monitor_sources'], expires_in_days: 1 });
  assert.equal(token.status, 201, token.text);
  const crawler = new Client(url);
  crawler.bearer = token.data.token;

  const press = stream('analyst.press');
  const philippines = stream('officer.ph');
  const germany = stream('officer.de');
  await Promise.all([press.ready, philippines.ready, germany.ready]);

  const report = 'Authorities in Manila began to evacuate coastal villages on Saturday as the typhoon approached the '
    + 'Philippines, bringing winds of up to 180 kilometres an hour. The national disaster agency said thousands of '
    + 'families had left low-lying areas in the provinces of Aurora and Isabela before landfall, which forecasters '
    + 'expect early on Sunday. Schools in the capital region will remain closed on Monday, and the coast guard has '
    + 'suspended sea travel across the eastern seaboard. The agency urged residents near rivers and hillsides to '
    + 'move to evacuation centres before nightfall and to keep their mobile phones charged.';
  const pushed = await crawler.post(`/api/v1/monitor/sources/${push.id}/documents`, { documents: [
    { id: 'ph-1', title: 'Philippines evacuates ahead of typhoon', text: report, url: 'https://example.ph/1', language: 'en' },
    { id: 'ph-2', title: 'Rice prices', text: 'Rice prices rose again in Manila and in Hanoi markets.', url: 'https://example.ph/2' },
  ] });
  assert.equal(pushed.status, 202, pushed.text);
  assert.equal(pushed.data.accepted, 2);
  assert.equal(pushed.data.matches, 1);
  const rice = (await as['officer.de'].get(`/api/v1/monitor/articles/${pushed.data.article_ids[1]}`)).data;
  assert.deepEqual([...rice.countries].sort(), ['PH', 'VN'], 'each country named, separately');
  const inVietnam = (await as['officer.de'].get('/api/v1/monitor/articles?country=VN')).data.items.map((a) => a.id);
  assert.ok(inVietnam.includes(rice.id), 'found by a country it names');

  await until(() => press.received.some((m) => m.type === 'match'), 'the match arrives live for the query\'s unit');
  const match = press.received.find((m) => m.type === 'match');
  assert.equal(match.query.id, query.data.id);
  assert.equal(match.article.title, 'Philippines evacuates ahead of typhoon');
  assert.ok(match.terms.includes('typhoon') && match.terms.includes('evacuat*'), JSON.stringify(match.terms));
  const { text, marks } = match.snippet;
  assert.ok(marks.length > 0);
  assert.ok(marks.every(([from, to]) => /^(typhoon|evacuat\w*)$/i.test(Buffer.from(text).subarray(from, to).toString())),
    'marks point at the matched words');
  await until(() => press.received.some((m) => m.type === 'alert'), 'the owner\'s alert arrives live');
  await until(() => philippines.received.some((m) => m.type === 'alert' && m.alert.kind === 'geo'),
    'the mission covering the Philippines is alerted');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(germany.received.filter((m) => m.type !== 'ready').length, 0, 'a mission elsewhere hears nothing');

  const alert = press.received.find((m) => m.type === 'alert').alert;
  assert.equal(alert.kind, 'match');
  assert.equal(alert.priority, 'high');
  assert.ok(alert.ack_deadline, 'high priority: a deadline to acknowledge');

  // The same document again, and a lightly edited copy under another id: no new article, no new alert.
  const again = await crawler.post(`/api/v1/monitor/sources/${push.id}/documents`, { documents: [
    { id: 'ph-1', title: 'Philippines evacuates ahead of typhoon', text: report },
    { id: 'ph-1-copy', title: 'Philippines evacuates ahead of typhoon', text: `${report} (Reuters)` },
  ] });
  assert.equal(again.status, 202, again.text);
  assert.equal(again.data.duplicates, 1);
  assert.equal(again.data.accepted, 1);
  assert.equal(again.data.alerts, 0, 'the copy joined the story: no second alert');
  const stories = (await as['officer.de'].get(`/api/v1/monitor/articles/${again.data.article_ids[0]}`)).data;
  const original = (await as['officer.de'].get(`/api/v1/monitor/articles/${pushed.data.article_ids[0]}`)).data;
  assert.equal(stories.story_id, original.story_id);

  // The inbox: the owner's unit sees its alert, the mission its geo alert, the others nothing.
  const inbox = (await analyst.get('/api/v1/monitor/alerts?state=open')).data.items;
  assert.deepEqual(inbox.map((a) => a.kind), ['match']);
  const geo = (await as['officer.ph'].get('/api/v1/monitor/alerts')).data.items;
  assert.deepEqual(geo.map((a) => [a.kind, a.country]), [['geo', 'PH']]);
  const none = (await as['officer.de'].get('/api/v1/monitor/alerts')).data;
  assert.deepEqual(none.items, []);
  assert.equal(none.total, 0, 'the total counts only what the reader may see');
  // The first page says how many there are in all; the next pages do not repeat it.
  const firstPage = (await analyst.get('/api/v1/monitor/alerts?limit=1')).data;
  assert.equal(firstPage.items.length, 1);
  const everything = (await analyst.get('/api/v1/monitor/alerts?limit=200')).data;
  assert.equal(firstPage.total, everything.items.length);
  assert.equal(firstPage.next_before !== undefined, everything.items.length > 1, 'a next page only when there is more');
  const geoPage = (await as['officer.ph'].get('/api/v1/monitor/alerts?limit=1')).data;
  assert.deepEqual([geoPage.total, geoPage.next_before], [1, undefined], 'one alert on one page: nothing more to load');
  assert.equal((await analyst.get('/api/v1/monitor/alerts?state=acknowledged')).data.total, 0);
  assertProblem(await as['officer.de'].get(`/api/v1/monitor/alerts/${alert.id}`), 404);
  assertProblem(await as['officer.de'].post(`/api/v1/monitor/alerts/${alert.id}/acknowledge`, {}), 404);

  // Comment, assign, acknowledge; the change arrives live.
  const comment = await analyst.post(`/api/v1/monitor/alerts/${alert.id}/comments`, { body: 'Đã báo Cục Lãnh sự.' });
  assert.equal(comment.status, 201, comment.text);
  const assigned = await analyst.post(`/api/v1/monitor/alerts/${alert.id}/assign`, { user_id: ids['analyst.press'] });
  assert.equal(assigned.data.assigned_to, ids['analyst.press']);
  const acknowledged = await analyst.post(`/api/v1/monitor/alerts/${alert.id}/acknowledge`, {});
  assert.equal(acknowledged.data.state, 'acknowledged');
  assert.equal(acknowledged.data.acknowledged_by, ids['analyst.press']);
  await until(() => press.received.some((m) => m.type === 'alert.changed' && m.alert.state === 'acknowledged'),
    'the acknowledgement arrives live');
  const detail = (await analyst.get(`/api/v1/monitor/alerts/${alert.id}`)).data;
  assert.deepEqual(detail.comments.map((c) => c.body), ['Đã báo Cục Lãnh sự.']);

  // Pushing needs a token (or session) holding monitor_sources on the source's unit.
  const reader = new Client(url);
  const readerToken = await as['officer.de'].post('/api/v1/me/tokens', { name: 'reader', scopes: ['monitor_read'], expires_in_days: 1 });
  reader.bearer = readerToken.data.token;
  assertProblem(await reader.post(`/api/v1/monitor/sources/${push.id}/documents`, { documents: [{ title: 'x', text: 'y' }] }), 403);
  assertProblem(await crawler.post(`/api/v1/monitor/sources/${push.id}/documents`, { documents: [] }), 400);
  const malformed = await crawler.post(`/api/v1/monitor/sources/${push.id}/documents`, { documents: [{ title: 5 }] });
  assertProblem(malformed, 400);
  assert.equal(malformed.data.field ?? malformed.data.errors?.[0]?.pointer ?? '/documents/0/title', '/documents/0/title');
  for (const s of [press, philippines, germany]) s.socket.close();
});

test('queries keep their versions; an earlier one can be restored; edits need the version they started from', async () => {
  const analyst = as['analyst.fr'];
  const topic = await analyst.post('/api/v1/monitor/topics', { unit_id: units['EMB-FR'], name: 'Cộng đồng' });
  const created = await analyst.post('/api/v1/monitor/queries',
    { topic_id: topic.data.id, name: 'Cộng đồng người Việt', text: '"người Việt" AND Paris', visibility: 'private' });
  assert.equal(created.status, 201, created.text);
  const id = created.data.id;
  const edited = await analyst.put(`/api/v1/monitor/queries/${id}`,
    { topic_id: topic.data.id, name: 'Cộng đồng người Việt', text: '"người Việt" AND (Paris OR Lyon)', visibility: 'private', version: 1 });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.data.version, 2);
  assertProblem(await analyst.put(`/api/v1/monitor/queries/${id}`,
    { topic_id: topic.data.id, name: 'x', text: 'x', version: 1 }), 409, 'stale_version');
  const restored = await analyst.post(`/api/v1/monitor/queries/${id}/restore`, { version: 1 });
  assert.equal(restored.status, 200, restored.text);
  assert.equal(restored.data.version, 3);
  assert.equal(restored.data.text, '"người Việt" AND Paris');
  const versions = (await analyst.get(`/api/v1/monitor/queries/${id}/versions`)).data.items;
  assert.deepEqual(versions.map((v) => [v.version, v.change]), [[3, 'restored'], [2, 'edited'], [1, 'created']]);
  assert.ok(versions.every((v) => v.changed_by === ids['analyst.fr']));
  // Private: nobody else reads it, not even a colleague with the same rights elsewhere.
  assertProblem(await as['analyst.press'].get(`/api/v1/monitor/queries/${id}`), 404);
  assert.ok(!(await as['analyst.press'].get('/api/v1/monitor/queries')).data.items.some((q) => q.id === id));
  // A viewer without monitor_read reads nothing of the monitor.
  assertProblem(await as['viewer.hq'].get('/api/v1/monitor/queries'), 403);
  assertProblem(await as['viewer.hq'].get('/api/v1/monitor/articles'), 403);
});

test('a query is tested live against recent articles, and the archive answers the same language', async () => {
  const analyst = as['analyst.press'];
  const tested = await analyst.post('/api/v1/monitor/queries/test', { text: 'bao NEAR/4 "da nang"' });
  assert.equal(tested.status, 200, tested.text);
  assert.deepEqual(tested.data.items.map((hit) => hit.title), ['Bão số 9 đổ bộ Đà Nẵng'], 'accents folded');
  assert.equal(tested.data.canonical, '(bao NEAR/4 "da nang")');
  const tooFar = await analyst.post('/api/v1/monitor/queries/test', { text: 'bao NEAR/3 "da nang"' });
  assert.deepEqual(tooFar.data.items, [], 'four words apart is not within three');
  const exact = await analyst.post('/api/v1/monitor/queries/test', { text: '=Bao' });
  assert.deepEqual(exact.data.items, [], 'exact accents: "Bão" is not "Bao"');
  const wrong = await analyst.post('/api/v1/monitor/queries/test', { text: 'bão NEAR/200 x' });
  assertProblem(wrong, 400, 'query_syntax');

  const search = async (q) => (await analyst.get(`/api/v1/monitor/articles?q=${encodeURIComponent(q)}`)).data.items.map((a) => a.title);
  assert.deepEqual(await search('title:bão'), ['Bão số 9 đổ bộ Đà Nẵng']);
  assert.deepEqual((await search('noel OR elysee')).sort(), ['L\'Élysée reçoit le Premier ministre', 'Noël à Besançon']);
  assert.deepEqual(await search('lang:fr AND -elysee AND -noel'), ['Sans date']);
  assertProblem(await analyst.get('/api/v1/monitor/articles?q=%28typhoon'), 400, 'query_syntax');
});
