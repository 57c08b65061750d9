// The portal's service worker (public/push-sw.js) run in a sandbox standing for the browser's worker scope: what a
// pushed alert shows, and what each of its buttons does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

type Listener = (event: unknown) => void;

interface Shown {
  title: string;
  options: Record<string, unknown>;
}

function worker(fetchAnswer: (url: string, init: RequestInit) => Promise<{ ok: boolean }>) {
  const listeners = new Map<string, Listener>();
  const shown: Shown[] = [];
  const opened: string[] = [];
  const posted: { url: string; body: unknown }[] = [];
  const self = {
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
    skipWaiting: () => undefined,
    registration: {
      showNotification: async (title: string, options: Record<string, unknown>) => {
        shown.push({ title, options });
      },
    },
    clients: {
      claim: async () => undefined,
      openWindow: async (url: string) => {
        opened.push(url);
      },
    },
  };
  const fetch = (url: string, init: RequestInit) => {
    posted.push({ url, body: init.body });
    return fetchAnswer(url, init);
  };
  const file = path.join(__dirname, '..', '..', '..', 'public', 'push-sw.js');
  runInNewContext(readFileSync(file, 'utf8'), { self, fetch });
  const dispatch = async (type: string, event: Record<string, unknown>) => {
    let pending: Promise<unknown> = Promise.resolve();
    listeners.get(type)!({ ...event, waitUntil: (promise: Promise<unknown>) => (pending = promise) });
    await pending;
  };
  return { dispatch, shown, opened, posted };
}

const PAYLOAD = {
  title: '[DIỄN TẬP] Động đất Osaka',
  body: 'Tránh xa cửa kính. Bạn có an toàn không?',
  url: 'https://lanhsu.example/safe/77.abc',
  lang: 'vi',
  delivery: 77,
  actions: [
    { action: 'safe', title: 'Tôi an toàn', post: { url: 'https://lanhsu.example/api/v1/public/safety/77.abc', body: '{"status":"safe","via":"web_push"}' }, done: 'Cảm ơn bạn' },
    { action: 'need_help', title: 'Tôi cần giúp đỡ', url: 'https://lanhsu.example/safe/77.abc?answer=need_help&via=web_push' },
  ],
};

async function pushed(sw: ReturnType<typeof worker>) {
  await sw.dispatch('push', { data: { json: () => PAYLOAD, text: () => JSON.stringify(PAYLOAD) } });
  const [notification] = sw.shown.splice(0);
  const close = () => undefined;
  return { title: notification.title, tag: notification.options.tag, data: notification.options.data, close, options: notification.options };
}

describe('the portal service worker', () => {
  it('shows the alert with its two buttons, kept until answered', async () => {
    const sw = worker(async () => ({ ok: true }));
    const notification = await pushed(sw);
    expect(notification.title).toBe('[DIỄN TẬP] Động đất Osaka');
    expect(notification.options.body).toBe('Tránh xa cửa kính. Bạn có an toàn không?');
    expect(notification.options.lang).toBe('vi');
    expect(notification.options.requireInteraction).toBe(true);
    expect(notification.options.actions).toEqual([
      { action: 'safe', title: 'Tôi an toàn' },
      { action: 'need_help', title: 'Tôi cần giúp đỡ' },
    ]);
  });

  it('"I am safe" posts the answer at once and says thank you, opening nothing', async () => {
    const sw = worker(async () => ({ ok: true }));
    const notification = await pushed(sw);
    await sw.dispatch('notificationclick', { action: 'safe', notification });
    expect(sw.posted).toEqual([{ url: 'https://lanhsu.example/api/v1/public/safety/77.abc', body: '{"status":"safe","via":"web_push"}' }]);
    expect(sw.shown.map((item) => item.options.body)).toEqual(['Cảm ơn bạn']);
    expect(sw.opened).toEqual([]);
  });

  it('a failed post opens the one-tap page instead', async () => {
    const sw = worker(async () => {
      throw new TypeError('offline');
    });
    const notification = await pushed(sw);
    await sw.dispatch('notificationclick', { action: 'safe', notification });
    expect(sw.opened).toEqual(['https://lanhsu.example/safe/77.abc']);
    const refused = worker(async () => ({ ok: false }));
    const again = await pushed(refused);
    await refused.dispatch('notificationclick', { action: 'safe', notification: again });
    expect(refused.opened).toEqual(['https://lanhsu.example/safe/77.abc']);
  });

  it('"I need help" opens the page asking for a message, and the notification itself opens the link', async () => {
    const sw = worker(async () => ({ ok: true }));
    await sw.dispatch('notificationclick', { action: 'need_help', notification: await pushed(sw) });
    await sw.dispatch('notificationclick', { action: '', notification: await pushed(sw) });
    expect(sw.opened).toEqual(['https://lanhsu.example/safe/77.abc?answer=need_help&via=web_push', 'https://lanhsu.example/safe/77.abc']);
    expect(sw.posted).toEqual([]);
  });
});
