// Sources and their health (/monitor/sources): every source (sources are public news, read by every monitor user)
// with its state, last success, last error, articles brought and next poll; holders of monitor_sources on its unit
// edit it, poll it now (a replay starts over) or delete it (its articles stay).
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../shared/api';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, unitName, useLoad } from '../../shared/ui';
import type { MonitorSource } from '../../shared/types';
import { useMonitorUnits } from './data';
import { MonitorNav } from './MonitorNav';
import { useNames } from './parts';

export function SourceState({ source }: { source: MonitorSource }) {
  const { t } = useI18n();
  return (
    <span className={`badge monitor-source-${source.health.state}`} data-testid="source-state" data-state={source.health.state}>
      {t(`monitor.sourceState.${source.health.state}` as MessageKey)}
    </span>
  );
}

export function SourcesPage() {
  const { t, dateTime, locale, number, plural } = useI18n();
  const { me } = useSession();
  const { directory, sourceable } = useMonitorUnits();
  const names = useNames();
  const sources = useLoad((signal) => api.get<{ items: MonitorSource[] }>('/monitor/sources', { signal }), []);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const mayChange = (source: MonitorSource) => sourceable.some((unit) => unit.id === source.unit_id);
  const pollNow = async (source: MonitorSource) => {
    setError(null);
    try {
      await api.post(`/monitor/sources/${source.id}/poll`, {});
      setNotice(t('monitor.sources.polled', { name: source.name }));
      sources.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const remove = async (source: MonitorSource) => {
    if (!window.confirm(t('monitor.sources.deleteConfirm', { name: source.name }))) return;
    setError(null);
    try {
      await api.delete(`/monitor/sources/${source.id}`);
      setNotice(t('monitor.sources.deleted', { name: source.name }));
      sources.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const items = sources.data?.items ?? [];
  return (
    <div className="page monitor-page" data-testid="monitor-sources-page">
      <div className="page-head">
        <h1>{t('monitor.sources.title')}</h1>
        {hasPermission(me, 'monitor_sources') ? (
          <Link className="button primary" to="/monitor/sources/new" data-testid="source-new">
            {t('monitor.sources.new')}
          </Link>
        ) : null}
      </div>
      <MonitorNav current="sources" />
      <div className="actions">
        <button type="button" className="button small" onClick={() => sources.reload()} data-testid="sources-refresh">
          {t('monitor.sources.refresh')}
        </button>
      </div>
      {notice ? (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={sources.error ?? error} />
      {sources.loading && !sources.data ? <Loading /> : null}
      {sources.data && items.length === 0 ? <p>{t('monitor.sources.empty')}</p> : null}
      <ul className="list-cards monitor-sources" data-testid="sources">
        {items.map((source) => (
          <li key={source.id}>
            <article className={`card list-card monitor-source-card state-${source.health.state}`} data-testid="source" data-source-id={source.id} data-name={source.name} aria-labelledby={`source-${source.id}`}>
              <div className="monitor-badges">
                <SourceState source={source} />
                <span className="badge monitor-kind">{t(`monitor.sourceKind.${source.kind}` as MessageKey)}</span>
              </div>
              <h2 id={`source-${source.id}`} className="monitor-source-title">
                {source.title || source.name} <span className="muted small mono">{source.name}</span>
              </h2>
              <dl className="facts">
                <dt>{t('monitor.unit')}</dt>
                <dd>{unitName(directory.unitById.get(source.unit_id), locale) || `#${source.unit_id}`}</dd>
                {source.kind === 'feed' ? (
                  <>
                    <dt>{t('monitor.sources.url')}</dt>
                    <dd className="mono small">{source.url}</dd>
                    <dt>{t('monitor.sources.every')}</dt>
                    <dd>{t('monitor.sources.minutes', { minutes: number(Math.round(source.interval_seconds / 60)) })}</dd>
                  </>
                ) : null}
                {source.kind === 'replay' ? (
                  <>
                    <dt>{t('monitor.sources.file')}</dt>
                    <dd className="mono small">{source.url}</dd>
                    <dt>{t('monitor.sources.rate')}</dt>
                    <dd>{t('monitor.sources.perSecond', { rate: number(source.replay_rate) })}</dd>
                    <dt>{t('monitor.sources.position')}</dt>
                    <dd>{number(source.health.replay_position)}</dd>
                  </>
                ) : null}
                {source.country || source.language ? (
                  <>
                    <dt>{t('monitor.sources.countryLanguage')}</dt>
                    <dd>{[source.country ? names.country(source.country) : '', source.language ? names.language(source.language) : ''].filter(Boolean).join(' · ')}</dd>
                  </>
                ) : null}
                <dt>{t('monitor.sources.lastSuccess')}</dt>
                <dd data-testid="source-last-success">{source.health.last_success_at ? dateTime(source.health.last_success_at) : t('common.never')}</dd>
                {source.health.last_error ? (
                  <>
                    <dt>{t('monitor.sources.lastError')}</dt>
                    <dd className="overdue-text" data-testid="source-last-error">
                      {plural('monitor.sources.failures', source.health.failures)} {t('error.serverSays', { detail: source.health.last_error })}
                      {source.health.last_status ? ` (HTTP ${source.health.last_status})` : ''}
                    </dd>
                  </>
                ) : null}
                <dt>{t('monitor.sources.items')}</dt>
                <dd data-testid="source-items">{number(source.health.items_total)}</dd>
                {source.kind !== 'push' && source.enabled ? (
                  <>
                    <dt>{t('monitor.sources.nextPoll')}</dt>
                    <dd>{nextPollText(source, t, dateTime)}</dd>
                  </>
                ) : null}
              </dl>
              {mayChange(source) ? (
                <div className="actions">
                  <Link className="button small" to={`/monitor/sources/${source.id}`} data-testid="source-edit">
                    {source.kind === 'push' ? t('monitor.sources.editPush') : t('monitor.sources.edit')}
                  </Link>
                  {source.kind !== 'push' ? (
                    <button type="button" className="button small" onClick={() => void pollNow(source)} data-testid="source-poll">
                      {source.kind === 'replay' ? t('monitor.sources.replayAgain') : t('monitor.sources.pollNow')}
                    </button>
                  ) : null}
                  <button type="button" className="button small danger" onClick={() => void remove(source)} data-testid="source-delete">
                    {t('monitor.sources.delete')}
                  </button>
                </div>
              ) : null}
            </article>
          </li>
        ))}
      </ul>
    </div>
  );
}

function nextPollText(source: MonitorSource, t: (key: MessageKey) => string, dateTime: (iso: string) => string): string {
  if (source.health.finished) return t('monitor.sources.replayDone');
  const next = source.health.next_poll_at;
  if (!next) return '';
  const at = Date.parse(next);
  if (Number.isNaN(at)) return '';
  if (at <= Date.now()) return t('monitor.sources.due');
  return dateTime(next);
}
