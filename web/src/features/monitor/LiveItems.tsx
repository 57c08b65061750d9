// One row of the live view: a match (query, article, facts, highlighted snippet) or an alert. Memoised: a row is
// drawn once, and again only when its alert changes, however fast the stream runs.
import { memo } from 'react';
import { Link } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { Unit } from '../../shared/types';
import { ArticleFacts, Countries, PriorityBadge, Snippet } from './parts';
import type { LiveItem } from './stream';

export const LiveRow = memo(function LiveRow({ item, unit }: { item: LiveItem; unit: Unit | undefined }) {
  const { t, dateTime, locale } = useI18n();
  const received = new Date(item.at).toISOString();
  if (item.kind === 'match') {
    const { match } = item;
    return (
      <li
        className="monitor-item"
        data-testid="live-item"
        data-kind="match"
        data-article-id={match.article.id}
        data-query-id={match.query.id}
      >
        <div className="monitor-item-head">
          <span className="badge monitor-query-badge" data-testid="live-query">
            <span className="visually-hidden">{t('monitor.query')}: </span>
            {match.query.name}
          </span>
          {match.private_to !== null ? <span className="badge monitor-private">{t('monitor.visibility.private')}</span> : null}
          <time dateTime={received} className="muted small">
            {dateTime(received, undefined, 'time')}
          </time>
        </div>
        <h3 className="monitor-item-title">
          {match.article.link ? (
            <a href={match.article.link} target="_blank" rel="noopener noreferrer" data-testid="live-title">
              {match.article.title || t('monitor.untitled')}
            </a>
          ) : (
            <span data-testid="live-title">{match.article.title || t('monitor.untitled')}</span>
          )}
        </h3>
        <ArticleFacts source={match.article.source} language={match.article.language} countries={[match.article.country, ...match.article.countries]} storyId={match.article.story_id} />
        <Snippet snippet={match.snippet} />
      </li>
    );
  }
  const { alert } = item;
  return (
    <li className={`monitor-item monitor-item-alert${alert.state === 'open' ? ' open' : ''}`} data-testid="live-item" data-kind="alert" data-alert-id={alert.id}>
      <div className="monitor-item-head">
        <span className={`badge monitor-kind-${alert.kind}`}>{t(`monitor.alertKind.${alert.kind}` as MessageKey)}</span>
        <PriorityBadge priority={alert.priority} />
        <span className={`badge monitor-state-${alert.state}`} data-testid="live-alert-state">
          {t(`monitor.alertState.${alert.state}` as MessageKey)}
        </span>
        <time dateTime={received} className="muted small">
          {dateTime(received, undefined, 'time')}
        </time>
      </div>
      <h3 className="monitor-item-title">
        <Link to={`/monitor/alerts/${alert.id}`} data-testid="live-alert-link">
          {alert.title || t('monitor.untitled')}
        </Link>
      </h3>
      <p className="monitor-facts">
        <span>{unitName(unit, locale)}</span>
        {alert.country ? <Countries codes={[alert.country]} /> : null}
      </p>
      {alert.detail?.snippet ? <Snippet snippet={alert.detail.snippet} /> : null}
    </li>
  );
});
