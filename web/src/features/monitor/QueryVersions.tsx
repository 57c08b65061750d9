// A query's versions (GET /monitor/queries/:id/versions), newest first: what changed, who and when, the text; any
// earlier one can be restored (POST …/restore {version}: a new version equal to it).
import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Id, MonitorQuery, MonitorQueryVersion } from '../../shared/types';
import { useUserNames } from './data';
import { PriorityBadge } from './parts';

export function QueryVersions({ query, mayEdit, onRestored }: { query: MonitorQuery; mayEdit: boolean; onRestored: (query: MonitorQuery) => void }) {
  const { t, dateTime } = useI18n();
  const names = useUserNames();
  const versions = useLoad((signal) => api.get<{ items: MonitorQueryVersion[] }>(`/monitor/queries/${query.id}/versions`, { signal }), [query.id, query.version]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<Id | null>(null);

  const restore = async (version: number) => {
    if (!window.confirm(t('monitor.versions.restoreConfirm', { version }))) return;
    setBusy(version);
    setError(null);
    try {
      onRestored(await api.post<MonitorQuery>(`/monitor/queries/${query.id}/restore`, { version }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby="query-versions" data-testid="query-versions">
      <h2 id="query-versions">{t('monitor.versions.title')}</h2>
      <ErrorMessage error={versions.error ?? error} />
      {versions.loading && !versions.data ? <Loading /> : null}
      <ol className="plain-list monitor-versions">
        {(versions.data?.items ?? []).map((version) => (
          <li key={version.version} className="monitor-version" data-testid="query-version" data-version={version.version}>
            <p className="monitor-version-head">
              <strong>{t('monitor.versions.version', { version: version.version })}</strong>{' '}
              <span className="badge monitor-change">{t(`monitor.versions.change.${version.change}` as MessageKey)}</span>{' '}
              <span className="muted small">
                {names.get(version.changed_by) ?? t('monitor.userNumber', { id: version.changed_by })} · {dateTime(version.changed_at)}
              </span>
            </p>
            <p className="small">
              {version.name} · <PriorityBadge priority={version.priority} /> · {t(`monitor.visibility.${version.visibility}` as MessageKey)}
            </p>
            <code className="monitor-query-text">{version.text}</code>
            {mayEdit && version.version !== query.version ? (
              <button type="button" className="button small" onClick={() => void restore(version.version)} disabled={busy !== null} data-testid="query-version-restore">
                {t('monitor.versions.restore')}
              </button>
            ) : null}
            {version.version === query.version ? <span className="badge monitor-current">{t('monitor.versions.current')}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
