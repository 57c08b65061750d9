// The caller's notifications, newest first (GET /notifications), with read marks one by one or all at once.
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Id, Notification, NotificationList } from '../../shared/types';
import { announceNotificationsChanged, safeLink } from './data';

const LIMIT = 100;

export function NotificationsPage() {
  const { t, dateTime, plural } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [busy, setBusy] = useState<Id | 'all' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(
    (signal) => api.get<NotificationList>('/notifications', { query: { unread: unreadOnly, limit: LIMIT }, signal }),
    [unreadOnly],
  );

  const markRead = (ids: Id[] | 'all', at: string) =>
    list.setData((previous) =>
      previous
        ? {
            items: previous.items.map((item) => (ids === 'all' || ids.includes(item.id) ? { ...item, read_at: item.read_at ?? at } : item)),
            unread_count: ids === 'all' ? 0 : Math.max(0, previous.unread_count - previous.items.filter((item) => ids.includes(item.id) && !item.read_at).length),
          }
        : previous,
    );

  const readOne = async (item: Notification) => {
    setBusy(item.id);
    setError(null);
    try {
      await api.post<void>(`/notifications/${item.id}/read`);
      markRead([item.id], new Date().toISOString());
      announceNotificationsChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const readAll = async () => {
    setBusy('all');
    setError(null);
    try {
      await api.post<void>('/notifications/read-all');
      markRead('all', new Date().toISOString());
      announceNotificationsChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const items = list.data?.items ?? [];
  const unread = list.data?.unread_count ?? 0;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('notifications.title')}</h1>
        <p className="count" aria-live="polite" data-testid="notifications-unread">
          {list.data ? plural('notifications.unread', unread) : ''}
        </p>
      </div>
      <div className="toolbar toolbar-center">
        <div className="field-check">
          <input id="notifications-unread-only" type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} />
          <label htmlFor="notifications-unread-only">{t('notifications.unreadOnly')}</label>
        </div>
        <button type="button" className="button" disabled={busy !== null || unread === 0} onClick={() => void readAll()} data-testid="notifications-read-all">
          {busy === 'all' ? t('common.working') : t('notifications.readAll')}
        </button>
      </div>
      <ErrorMessage error={list.error ?? error} testId="notifications-error" />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && items.length === 0 ? <p data-testid="notifications-empty">{t('notifications.empty')}</p> : null}
      {items.length > 0 ? (
        <ul className="notification-list">
          {items.map((item) => {
            const link = safeLink(item.link);
            return (
              <li
                key={item.id}
                className={`notification${item.read_at ? ' read' : ' unread'}${item.urgent ? ' urgent' : ''}`}
                data-testid="notification-item"
                data-notification-id={item.id}
                data-read={item.read_at ? 'true' : 'false'}
                data-urgent={item.urgent ? 'true' : 'false'}
              >
                <div className="notification-head">
                  {item.urgent ? <span className="badge urgent-badge">{t('notifications.urgent')}</span> : null}
                  {!item.read_at ? <span className="badge unread-badge">{t('notifications.new')}</span> : null}
                  <h2 className="notification-title">{item.title}</h2>
                </div>
                <p className="notification-body">{item.body}</p>
                <div className="notification-foot">
                  <time dateTime={item.created_at} className="muted small">
                    {dateTime(item.created_at)}
                  </time>
                  <div className="actions">
                    {link ? (
                      <Link
                        to={link}
                        className="button small"
                        onClick={() => {
                          if (!item.read_at) void readOne(item);
                        }}
                        data-testid="notification-open"
                      >
                        {link.startsWith('/cables/') ? t('notifications.openCable') : t('notifications.open')}
                      </Link>
                    ) : null}
                    {!item.read_at ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy !== null}
                        onClick={() => void readOne(item)}
                        data-testid="notification-read"
                      >
                        {busy === item.id ? t('common.working') : t('notifications.markRead')}
                      </button>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
