// The user's channels, by kind (unit, topic, direct), each with its unread count.
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import type { ChannelSummary, Id } from '../../shared/types';
import { CHANNEL_KINDS, channelsOfKind, unreadOf } from './model';
import { kindKey, type TitleOf } from './names';

export function ChannelList({ channels, openId, titleOf }: { channels: ChannelSummary[]; openId: Id | null; titleOf: TitleOf }) {
  const { t, plural, number } = useI18n();
  if (channels.length === 0) {
    return (
      <p className="muted" data-testid="channels-empty">
        {t('channels.empty')}
      </p>
    );
  }
  return (
    <div className="channel-groups" data-testid="channel-list">
      {CHANNEL_KINDS.map((kind) => {
        const items = channelsOfKind(channels, kind).sort((a, b) => titleOf(a).localeCompare(titleOf(b)));
        if (items.length === 0) return null;
        return (
          <section key={kind} aria-labelledby={`channel-group-${kind}`}>
            <h3 id={`channel-group-${kind}`} className="channel-group-title">
              {t(kindKey(kind))}
            </h3>
            <ul className="channel-items">
              {items.map((channel) => {
                const unread = unreadOf(channel);
                const title = titleOf(channel);
                return (
                  <li key={channel.id}>
                    <Link
                      to={`/channels/${channel.id}`}
                      className={`channel-link${channel.id === openId ? ' active' : ''}${unread > 0 ? ' unread' : ''}`}
                      aria-current={channel.id === openId ? 'page' : undefined}
                      data-testid="channel-item"
                      data-channel-id={channel.id}
                      data-kind={channel.kind}
                      data-unread={unread}
                    >
                      <span className="channel-link-name">{title}</span>
                      {unread > 0 ? (
                        <span className="badge unread-badge channel-unread" data-testid="channel-unread">
                          <span aria-hidden="true">{number(unread)}</span>
                          <span className="visually-hidden">{plural('channels.unread', unread)}</span>
                        </span>
                      ) : null}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
