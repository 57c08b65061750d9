// What an alert says, by kind: a match (the query, its terms, the highlighted snippet, the article), a geo alert
// (the queries that matched an article touching the mission's countries) or a burst (the numbers in words).
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import type { MonitorAlert } from '../../shared/types';
import { burstHeading, burstWords, isBurstDetail } from './alerts';
import { Countries, Snippet, useNames } from './parts';

function ArticleLinks({ alert }: { alert: MonitorAlert }) {
  const { t } = useI18n();
  return (
    <p className="actions">
      {alert.detail.link ? (
        <a className="button small" href={alert.detail.link} target="_blank" rel="noopener noreferrer" data-testid="alert-article-link">
          {t('monitor.alert.openArticle')}
        </a>
      ) : null}
      {alert.story_id ? (
        <Link className="button small" to={`/monitor/articles?story_id=${alert.story_id}`} data-testid="alert-story-link">
          {t('monitor.alert.openStory')}
        </Link>
      ) : null}
    </p>
  );
}

export function AlertContent({ alert }: { alert: MonitorAlert }) {
  const words = useI18n();
  const { t } = words;
  const names = useNames();
  const detail = alert.detail ?? {};
  if (alert.kind === 'burst' && isBurstDetail(detail)) {
    const burst = burstWords(detail, words);
    return (
      <section className="monitor-burst" aria-labelledby="alert-content" data-testid="alert-burst">
        <h2 id="alert-content">{burstHeading(alert, words, names.country)}</h2>
        <p className="monitor-burst-sentence" data-testid="burst-sentence">
          {burst.sentence}
        </p>
        <p>{burst.ratio}</p>
        <p className="muted small">{burst.chance}</p>
        {alert.query_id ? (
          <p>
            <Link className="button small" to={`/monitor/articles?query_id=${alert.query_id}`} data-testid="burst-articles">
              {t('monitor.alert.queryArticles')}
            </Link>
          </p>
        ) : null}
      </section>
    );
  }
  if (alert.kind === 'geo') {
    return (
      <section aria-labelledby="alert-content" data-testid="alert-geo">
        <h2 id="alert-content">{t('monitor.alert.geoTitle')}</h2>
        <p>
          {t('monitor.alert.geoIntro')} <Countries codes={[detail.country ?? alert.country]} />
        </p>
        <ul className="plain-list">
          {(detail.queries ?? []).map((query) => (
            <li key={query.id}>{query.name}</li>
          ))}
        </ul>
        {detail.source ? <p className="muted small">{t('monitor.alert.fromSource', { source: detail.source })}</p> : null}
        <ArticleLinks alert={alert} />
      </section>
    );
  }
  return (
    <section aria-labelledby="alert-content" data-testid="alert-match">
      <h2 id="alert-content">{t('monitor.alert.matchTitle', { query: detail.query_name ?? '' })}</h2>
      {detail.terms && detail.terms.length > 0 ? (
        <p>
          {t('monitor.alert.terms')}{' '}
          {detail.terms.map((term) => (
            <code key={term} className="monitor-term">
              {term}
            </code>
          ))}
        </p>
      ) : null}
      <Snippet snippet={detail.snippet} testId="alert-snippet" />
      {detail.source ? <p className="muted small">{t('monitor.alert.fromSource', { source: detail.source })}</p> : null}
      <ArticleLinks alert={alert} />
    </section>
  );
}
