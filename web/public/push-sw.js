// The portal's service worker (registered at /push-sw.js by "Alerts on this device"): shows the crisis alerts the
// server pushes to this browser (RFC 8030, encrypted per RFC 8291) and answers a safety check from the
// notification's buttons. The payload (src/modules/delivery/connectors.cpp):
//   { title, body, url, lang, delivery, actions: [{ action, title, post: { url, body }, done } | { action, title, url }] }
// A button with `post` sends its JSON body at once ("I am safe") and then says `done`; a button with `url` ("I need
// help") opens that page, where a message and a location can be added; the notification itself opens `url`. When a
// post fails (offline, a server error) the page is opened instead, so an answer is never silently lost.
/* global self, fetch */
'use strict';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function readPayload(event) {
  if (!event.data) return {};
  try {
    return event.data.json();
  } catch {
    return { body: event.data.text() };
  }
}

self.addEventListener('push', (event) => {
  const data = readPayload(event);
  const actions = Array.isArray(data.actions) ? data.actions : [];
  event.waitUntil(
    self.registration.showNotification(data.title || 'Chancery', {
      body: data.body || '',
      lang: data.lang || undefined,
      tag: data.delivery ? `delivery-${data.delivery}` : undefined,
      icon: '/favicon.svg',
      requireInteraction: actions.length > 0,
      data,
      actions: actions.map((item) => ({ action: item.action, title: item.title })),
    }),
  );
});

async function answer(notification, data, chosen) {
  if (chosen && chosen.post) {
    try {
      const response = await fetch(chosen.post.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chosen.post.body,
        credentials: 'omit',
      });
      if (response.ok) {
        await self.registration.showNotification(notification.title, { body: chosen.done || '', lang: data.lang || undefined, tag: notification.tag, data: { url: data.url } });
        return;
      }
    } catch {
      // Offline or refused: the page below can send it again.
    }
  }
  const url = (chosen && chosen.url) || data.url;
  if (url) await self.clients.openWindow(url);
}

self.addEventListener('notificationclick', (event) => {
  const notification = event.notification;
  const data = notification.data || {};
  notification.close();
  const chosen = (Array.isArray(data.actions) ? data.actions : []).find((item) => item.action === event.action);
  event.waitUntil(answer(notification, data, chosen));
});
