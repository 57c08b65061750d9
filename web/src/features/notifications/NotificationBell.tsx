// The bell in the header: a link to /notifications with the number of unread notifications.
import { NavLink } from 'react-router';
import { useI18n } from '../../i18n';
import { useUnreadCount } from './data';

export function NotificationBell() {
  const { t, plural, number } = useI18n();
  const count = useUnreadCount();
  const unread = count ?? 0;
  return (
    <NavLink
      to="/notifications"
      className={`bell${unread > 0 ? ' bell-unread' : ''}`}
      aria-label={unread > 0 ? `${t('notifications.title')}: ${plural('notifications.unread', unread)}` : t('notifications.title')}
      data-testid="notifications-bell"
    >
      <svg className="bell-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M12 2a6 6 0 0 0-6 6v3.6l-1.7 3.4A1 1 0 0 0 5.2 16.5h13.6a1 1 0 0 0 .9-1.5L18 11.6V8a6 6 0 0 0-6-6Zm0 20a3 3 0 0 0 2.8-2h-5.6a3 3 0 0 0 2.8 2Z" />
      </svg>
      <span className="bell-label">{t('notifications.title')}</span>
      <span className="bell-count" data-count={unread} data-testid="notifications-count" aria-hidden="true">
        {number(unread)}
      </span>
    </NavLink>
  );
}
