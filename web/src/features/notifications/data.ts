// The unread count of the caller's notifications (GET /notifications?unread=true&limit=1 → unread_count), polled
// every 15 seconds while the page is visible and refreshed at once when a screen marks notifications read.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { useVisiblePolling } from '../../shared/polling';
import type { NotificationList } from '../../shared/types';

export const UNREAD_POLL_MS = 15_000;
const CHANGED_EVENT = 'chancery:notifications-changed';

/** Tells the bell that read marks changed (after POST /notifications/:id/read or /read-all). */
export function announceNotificationsChanged(): void {
  window.dispatchEvent(new Event(CHANGED_EVENT));
}

/** A console path the notification may link to: same-origin and absolute ("/cables/12"), never "//host". */
export function safeLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return null;
  return link;
}

export function useUnreadCount(enabled = true): number | null {
  const [count, setCount] = useState<number | null>(null);

  const fetchCount = useCallback(async (signal?: AbortSignal) => {
    const list = await api.get<NotificationList>('/notifications', { query: { unread: true, limit: 1 }, signal });
    if (!signal?.aborted) setCount(typeof list?.unread_count === 'number' ? list.unread_count : 0);
  }, []);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    fetchCount(controller.signal).catch(() => undefined);
    const onChanged = () => void fetchCount().catch(() => undefined);
    window.addEventListener(CHANGED_EVENT, onChanged);
    return () => {
      controller.abort();
      window.removeEventListener(CHANGED_EVENT, onChanged);
    };
  }, [enabled, fetchCount]);

  useVisiblePolling((signal) => fetchCount(signal), UNREAD_POLL_MS, enabled);
  return count;
}
