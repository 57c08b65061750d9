// "Alerts on this device" on the portal: web push for this browser. Turning it on asks the browser's permission,
// registers the portal's service worker (/push-sw.js), subscribes with the server's VAPID key
// (GET /api/v1/public/push-key) and gives the server the subscription and the citizen's consent; alerts then arrive
// as notifications whose buttons answer a safety check ("I am safe" at once, "I need help" on the one-tap page).
// Turning it off unsubscribes the browser and withdraws the subscription and the consent. Shown only where it can
// work: a browser with service workers and push, a secure page, and a server with web push configured.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { isApiError, request } from '../../shared/api';
import { ErrorMessage } from '../../shared/ui';
import type { Citizen } from '../../shared/types';
import { portalApi } from './portalApi';

const WORKER = '/push-sw.js';

type Availability = 'checking' | 'unsupported' | 'unavailable' | 'blocked' | 'ready';

/** A base64url VAPID key as the bytes PushManager.subscribe wants. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function browserCanPush(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

export function DevicePush({ citizen, onChange }: { citizen: Citizen; onChange: (updated: Citizen) => void }) {
  const { t } = useI18n();
  const [availability, setAvailability] = useState<Availability>('checking');
  const [key, setKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const on = citizen.web_push_subscribed && citizen.consents.web_push?.granted === true;

  useEffect(() => {
    if (!browserCanPush()) {
      setAvailability('unsupported');
      return;
    }
    if (Notification.permission === 'denied') setAvailability('blocked');
    const controller = new AbortController();
    request<{ public_key: string }>('GET', '/public/push-key', { csrfToken: null, expectUnauthorized: true, signal: controller.signal })
      .then((found) => {
        setKey(found.public_key);
        setAvailability((previous) => (previous === 'blocked' ? previous : 'ready'));
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setAvailability(isApiError(caught) && caught.status === 404 ? 'unavailable' : 'unsupported');
      });
    return () => controller.abort();
  }, []);

  const turnOn = async () => {
    if (!key) return;
    setBusy(true);
    setError(null);
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        setAvailability('blocked');
        return;
      }
      const registration = await navigator.serviceWorker.register(WORKER);
      await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }));
      const json = subscription.toJSON();
      await portalApi.put('/registration/push-subscription', { endpoint: json.endpoint, keys: json.keys });
      onChange(await portalApi.put<Citizen>('/registration/consents/web_push', { granted: true }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const turnOff = async () => {
    setBusy(true);
    setError(null);
    try {
      const registration = browserCanPush() ? await navigator.serviceWorker.getRegistration(WORKER) : undefined;
      await (await registration?.pushManager.getSubscription())?.unsubscribe();
      await portalApi.delete('/registration/push-subscription');
      onChange(await portalApi.put<Citizen>('/registration/consents/web_push', { granted: false }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pt-device-push" data-testid="portal-device-push" data-state={on ? 'on' : availability}>
      <h3>{t('portal.push.title')}</h3>
      <p className="muted small">{t('portal.push.lead')}</p>
      <p data-testid="portal-device-push-state" aria-live="polite">
        {on ? t('portal.push.on') : availability === 'checking' ? t('common.working') : t(`portal.push.${availability === 'ready' ? 'off' : availability}`)}
      </p>
      {on ? (
        <button type="button" className="button" onClick={() => void turnOff()} disabled={busy} data-testid="portal-device-push-off">
          {busy ? t('common.working') : t('portal.push.turnOff')}
        </button>
      ) : availability === 'ready' ? (
        <button type="button" className="button primary" onClick={() => void turnOn()} disabled={busy} data-testid="portal-device-push-on">
          {busy ? t('common.working') : t('portal.push.turnOn')}
        </button>
      ) : null}
      <ErrorMessage error={error} testId="portal-device-push-error" />
    </div>
  );
}
