// Topics and their standing queries for a unit (/monitor/queries?unit=<id>): every shared query of the unit and the
// user's own private ones, by topic. Holders of monitor_queries on the unit create, rename and delete topics (a
// topic holding queries cannot be deleted: 409 topic_not_empty) and add queries.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { UnitSelect } from '../../shared/UnitSelect';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Id, MonitorQuery, MonitorTopic } from '../../shared/types';
import { loadQueries, loadTopics, useMonitorUnits, useUserNames } from './data';
import { MonitorNav } from './MonitorNav';
import { PriorityBadge } from './parts';
import { TopicEditor } from './TopicEditor';
import { defaultUnitId, unitFromParam } from './units';

export function QueriesPage() {
  const { t, dateTime, plural } = useI18n();
  const { me } = useSession();
  const { directory, readable, queryable } = useMonitorUnits();
  const names = useUserNames();
  const [params, setParams] = useSearchParams();
  const unitId = unitFromParam(params.get('unit'), readable) ?? defaultUnitId(me, readable);
  const mayEdit = unitId !== null && queryable.some((unit) => unit.id === unitId);
  const data = useLoad(async (signal) => {
    const [topics, queries] = await Promise.all([loadTopics(signal), loadQueries(signal)]);
    return { topics, queries };
  }, []);
  const [renaming, setRenaming] = useState<Id | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const topics = (data.data?.topics ?? []).filter((topic) => topic.unit_id === unitId).sort((a, b) => a.name.localeCompare(b.name));
  const queriesOf = (topic: MonitorTopic): MonitorQuery[] =>
    (data.data?.queries ?? []).filter((query) => query.topic_id === topic.id).sort((a, b) => a.name.localeCompare(b.name));

  const remove = async (topic: MonitorTopic) => {
    if (!window.confirm(t('monitor.topics.deleteConfirm', { name: topic.name }))) return;
    setActionError(null);
    try {
      await api.delete(`/monitor/topics/${topic.id}`);
      data.reload();
    } catch (caught) {
      setActionError(caught);
    }
  };

  return (
    <div className="page monitor-page" data-testid="monitor-queries-page">
      <div className="page-head">
        <h1>{t('monitor.topics.title')}</h1>
        {unitId !== null && mayEdit ? (
          <Link className="button primary" to={`/monitor/queries/new?unit=${unitId}`} data-testid="query-new">
            {t('monitor.queries.new')}
          </Link>
        ) : null}
      </div>
      <MonitorNav current="queries" />
      <div className="toolbar">
        <UnitSelect units={readable} value={unitId} onChange={(id) => setParams(id ? { unit: String(id) } : {}, { replace: true })} label={t('monitor.unit')} testId="queries-unit" />
      </div>
      <ErrorMessage error={data.error} />
      <ErrorMessage error={actionError} testId="topic-error" />
      {data.loading || !directory.ready ? <Loading /> : null}
      {data.data && topics.length === 0 ? <p data-testid="topics-empty">{t('monitor.topics.empty')}</p> : null}
      <ul className="list-cards monitor-topics" data-testid="topics">
        {topics.map((topic) => {
          const queries = queriesOf(topic);
          return (
            <li key={topic.id}>
              <section className="card list-card" aria-labelledby={`topic-${topic.id}`} data-testid="topic" data-topic-id={topic.id}>
                <h2 id={`topic-${topic.id}`}>{topic.name}</h2>
                {topic.description ? <p className="list-description">{topic.description}</p> : null}
                <p className="muted small">{plural('monitor.topics.queryCount', queries.length)}</p>
                {queries.length > 0 ? (
                  <ul className="plain-list monitor-query-list">
                    {queries.map((query) => (
                      <li key={query.id} data-testid="query-item" data-query-id={query.id}>
                        <Link to={`/monitor/queries/${query.id}`} className="monitor-query-link" data-testid="query-link">
                          {query.name}
                        </Link>{' '}
                        <PriorityBadge priority={query.priority} />
                        {query.visibility === 'private' ? <span className="badge monitor-private">{t('monitor.visibility.private')}</span> : null}
                        <code className="monitor-query-text">{query.text}</code>
                        <span className="muted small">
                          {t('monitor.queries.versionBy', {
                            version: query.version,
                            name: names.get(query.updated_by) ?? t('monitor.userNumber', { id: query.updated_by }),
                            time: dateTime(query.updated_at),
                          })}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {renaming === topic.id && unitId !== null ? (
                  <TopicEditor
                    unitId={unitId}
                    topic={topic}
                    onDone={() => {
                      setRenaming(null);
                      data.reload();
                    }}
                    onCancel={() => setRenaming(null)}
                  />
                ) : null}
                {mayEdit && renaming !== topic.id ? (
                  <div className="actions">
                    <Link className="button small" to={`/monitor/queries/new?unit=${topic.unit_id}&topic=${topic.id}`} data-testid="topic-add-query">
                      {t('monitor.queries.add')}
                    </Link>
                    <button type="button" className="button small" onClick={() => setRenaming(topic.id)} data-testid="topic-rename">
                      {t('monitor.topics.renameButton')}
                    </button>
                    <button type="button" className="button small danger" onClick={() => void remove(topic)} data-testid="topic-delete">
                      {t('monitor.topics.delete')}
                    </button>
                  </div>
                ) : null}
              </section>
            </li>
          );
        })}
      </ul>
      {mayEdit && unitId !== null ? (
        <section className="card" aria-labelledby="topic-new">
          <h2 id="topic-new">{t('monitor.topics.new')}</h2>
          <TopicEditor unitId={unitId} onDone={() => data.reload()} />
        </section>
      ) : null}
      {hasPermission(me, 'monitor_queries') && !mayEdit && unitId !== null ? <p className="muted">{t('monitor.topics.readOnly')}</p> : null}
    </div>
  );
}
