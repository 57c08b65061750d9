// The channels page (/channels, /channels/:id): the user's channels with unread counts beside the open channel,
// live over the channels stream. On narrow screens one pane shows at a time: the list, or the channel with a link
// back. `?new=topic`, `?new=direct` and `?new=unit` (for those who manage a unit's staff) show the forms that start a
// channel.
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading } from '../../shared/ui';
import type { Id } from '../../shared/types';
import { ChannelList } from './ChannelList';
import { ChannelView } from './ChannelView';
import { NewChannelForm } from './NewChannelForm';
import { NewUnitChannelForm } from './NewUnitChannelForm';
import { useChannelTitle } from './names';
import { useChannels } from './useChannels';
import './channels.css';

export function ChannelsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const meId = me?.id ?? 0;
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const channels = useChannels(meId);
  const titleOf = useChannelTitle(meId, channels.details);

  const openId = id && /^\d+$/.test(id) ? Number(id) : null;
  const wanted = params.get('new');
  const canOpenUnitChannels = hasPermission(me, 'users_manage');
  const creating = wanted === 'topic' || wanted === 'direct' || (wanted === 'unit' && canOpenUnitChannels) ? wanted : null;
  const list = channels.state.channels;
  const open = openId !== null ? list?.find((channel) => channel.id === openId) : undefined;
  const left = openId !== null && channels.state.left.includes(openId);

  const liveLabel = channels.live === 'open' ? t('channels.live') : channels.live === 'connecting' ? t('channels.connecting') : t('channels.offline');

  const opened = (channelId: Id) => {
    void channels.reloadList().then(() => navigate(`/channels/${channelId}`));
  };

  let main;
  if (creating === 'unit') {
    main = <NewUnitChannelForm channels={list} onCreated={opened} />;
  } else if (creating) {
    main = <NewChannelForm kind={creating} onCreated={opened} />;
  } else if (openId === null) {
    main = (
      <div className="chat-empty" data-testid="channels-none-open">
        <h2>{t('channels.pickTitle')}</h2>
        <p className="muted">{t('channels.pickHint')}</p>
      </div>
    );
  } else if (left) {
    main = (
      <div className="chat-empty" data-testid="channel-left">
        <h2>{t('channels.leftTitle')}</h2>
        <p>{t('channels.leftHint')}</p>
        <Link to="/channels" className="button chat-empty-action">{t('channels.backToList')}</Link>
      </div>
    );
  } else if (!list) {
    main = <Loading />;
  } else if (!open) {
    main = (
      <div className="chat-empty" data-testid="channel-not-found">
        <h2>{t('channels.notFoundTitle')}</h2>
        <p>{t('channels.notFound')}</p>
        <Link to="/channels" className="button chat-empty-action">{t('channels.backToList')}</Link>
      </div>
    );
  } else {
    main = <ChannelView key={open.id} summary={open} title={titleOf(open)} channels={channels} targetSeq={Number(params.get('seq')) || null} />;
  }

  return (
    <div className="page channels-page">
      <div className="page-head">
        <h1>{t('channels.title')}</h1>
        <p className={`live-indicator live-${channels.live}`} role="status" data-testid="channels-live" data-state={channels.live}>
          <span className="live-dot" aria-hidden="true" />
          {liveLabel}
        </p>
      </div>
      <div className="chat" data-view={openId !== null || creating ? 'main' : 'list'}>
        <nav className="card chat-list" aria-labelledby="channels-list-title">
          <div className="chat-list-head">
            <h2 id="channels-list-title">{t('channels.mine')}</h2>
            <div className="actions">
              <Link to="/channels?new=topic" className="button small" data-testid="channel-new-topic">
                {t('channels.newTopic')}
              </Link>
              <Link to="/channels?new=direct" className="button small" data-testid="channel-new-direct">
                {t('channels.newDirect')}
              </Link>
              {canOpenUnitChannels ? (
                <Link to="/channels?new=unit" className="button small" data-testid="channel-new-unit">
                  {t('channels.newUnit')}
                </Link>
              ) : null}
            </div>
          </div>
          <ErrorMessage error={channels.listError} testId="channels-error" />
          {list ? <ChannelList channels={list} openId={openId} titleOf={titleOf} /> : channels.listError ? null : <Loading />}
        </nav>
        <section className="card chat-main" aria-label={open ? titleOf(open) : t('channels.title')}>
          {main}
        </section>
      </div>
    </div>
  );
}
