// The query editor (/monitor/queries/new?unit=&topic=, /monitor/queries/:id): name, topic, visibility, priority
// and the text, tested live as it is typed (QueryTest) with syntax errors shown at their column (QueryText). An
// edit is saved with the version it started from; if someone saved in between (409 stale_version) the user is told
// and the query is read again. Versions can be restored; a query can be deleted.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, unitName, useLoad } from '../../shared/ui';
import type { MonitorPriority, MonitorQuery, MonitorQueryDraft, MonitorVisibility } from '../../shared/types';
import { loadTopics, useMonitorUnits } from './data';
import { MonitorNav } from './MonitorNav';
import { syntaxErrorOf } from './query';
import { QueryReference } from './QueryReference';
import { QueryTestResults, useQueryTest } from './QueryTest';
import { QueryText } from './QueryText';
import { QueryVersions } from './QueryVersions';

const PRIORITIES: MonitorPriority[] = ['high', 'normal', 'low'];
const VISIBILITIES: MonitorVisibility[] = ['shared', 'private'];

type Form = Omit<MonitorQueryDraft, 'topic_id'> & { topic_id: number | null };

function formOf(query: MonitorQuery): Form {
  return { topic_id: query.topic_id, name: query.name, text: query.text, visibility: query.visibility, priority: query.priority, version: query.version };
}

export function QueryEditorPage() {
  const { id } = useParams();
  const queryId = id && /^\d+$/.test(id) ? Number(id) : null;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { directory, queryable } = useMonitorUnits();
  const topics = useLoad((signal) => loadTopics(signal), []);
  const loaded = useLoad((signal) => (queryId === null ? Promise.resolve(null) : api.get<MonitorQuery>(`/monitor/queries/${queryId}`, { signal })), [queryId]);
  const [form, setForm] = useState<Form | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const test = useQueryTest(form?.text ?? '');

  const query = loaded.data ?? null;
  // The form starts from the query as read (again after a reload), or empty with the topic asked for.
  useEffect(() => {
    if (queryId !== null) {
      if (query) setForm(formOf(query));
      return;
    }
    const topic = params.get('topic');
    setForm({ topic_id: topic && /^\d+$/.test(topic) ? Number(topic) : null, name: '', text: '', visibility: 'shared', priority: 'normal' });
  }, [query, queryId, params]);

  const editableTopics = (topics.data ?? []).filter((topic) => queryable.some((unit) => unit.id === topic.unit_id));
  const unitParam = Number(params.get('unit') ?? 0);
  const topicChoices = [...editableTopics].sort((a, b) => (a.unit_id === unitParam ? -1 : 0) - (b.unit_id === unitParam ? -1 : 0) || a.name.localeCompare(b.name));
  const mayEdit = query ? queryable.some((unit) => unit.id === query.unit_id) && (query.visibility === 'shared' || query.owner_id === me?.id) : editableTopics.length > 0;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((previous) => (previous ? { ...previous, [key]: value } : previous));

  const saveSyntax = isApiError(saveError) && saveError.reason === 'query_syntax' ? syntaxErrorOf(saveError.problem.detail) : null;
  const syntax = test.tested === form?.text.trim() ? test.syntax : saveSyntax;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form || form.topic_id === null) return;
    setBusy(true);
    setSaveError(null);
    setSaved(false);
    const body: MonitorQueryDraft = { topic_id: form.topic_id, name: form.name.trim(), text: form.text.trim(), visibility: form.visibility, priority: form.priority };
    try {
      if (query) {
        const updated = await api.put<MonitorQuery>(`/monitor/queries/${query.id}`, { ...body, version: form.version });
        loaded.setData(() => updated);
        setSaved(true);
      } else {
        const created = await api.post<MonitorQuery>('/monitor/queries', body);
        navigate(`/monitor/queries/${created.id}`, { replace: true });
      }
    } catch (caught) {
      if (isApiError(caught) && caught.reason === 'stale_version') setStale(true);
      else setSaveError(caught);
    } finally {
      setBusy(false);
    }
  };

  const reloadStale = () => {
    setStale(false);
    loaded.reload();
  };

  const remove = async () => {
    if (!query || !window.confirm(t('monitor.editor.deleteConfirm', { name: query.name }))) return;
    try {
      await api.delete(`/monitor/queries/${query.id}`);
      navigate(`/monitor/queries?unit=${query.unit_id}`);
    } catch (caught) {
      setSaveError(caught);
    }
  };

  if ((queryId !== null && loaded.loading && !query) || !form || !directory.ready) return <Loading />;
  if (queryId !== null && !query) return <ErrorMessage error={loaded.error} />;
  const unit = query ? directory.unitById.get(query.unit_id) : undefined;

  return (
    <div className="page monitor-page" data-testid="monitor-query-editor">
      <p className="breadcrumb">
        <Link to={`/monitor/queries${query ? `?unit=${query.unit_id}` : unitParam ? `?unit=${unitParam}` : ''}`}>{t('monitor.topics.title')}</Link>
      </p>
      <div className="page-head">
        <h1>{query ? t('monitor.editor.editTitle', { name: query.name }) : t('monitor.editor.newTitle')}</h1>
        {query ? <p className="count">{t('monitor.versions.version', { version: query.version })}</p> : null}
      </div>
      <MonitorNav current="queries" />
      {stale ? (
        <div className="alert alert-warning" role="alert" data-testid="query-stale">
          <p>{t('monitor.editor.stale')}</p>
          <p className="small">
            {t('monitor.editor.yourText')} <code className="monitor-query-text">{form.text}</code>
          </p>
          <button type="button" className="button small" onClick={reloadStale} data-testid="query-stale-reload">
            {t('monitor.editor.reload')}
          </button>
        </div>
      ) : null}
      <div className="monitor-editor-layout">
        <form className="card form" onSubmit={(event) => void submit(event)} aria-labelledby="query-form-title" data-testid="query-form">
          <h2 id="query-form-title">{t('monitor.editor.query')}</h2>
          {unit ? <p className="muted small">{t('monitor.editor.ofUnit', { unit: unitName(unit, locale) })}</p> : null}
          <div className="form-grid">
            <div className="field">
              <label htmlFor="query-name">{t('monitor.editor.name')}</label>
              <input id="query-name" value={form.name} maxLength={100} required onChange={(event) => set('name', event.target.value)} disabled={!mayEdit} data-testid="query-name" />
            </div>
            <div className="field">
              <label htmlFor="query-topic">{t('monitor.editor.topic')}</label>
              <select id="query-topic" value={form.topic_id ?? ''} required onChange={(event) => set('topic_id', event.target.value ? Number(event.target.value) : null)} disabled={!mayEdit} data-testid="query-topic">
                <option value="">{t('monitor.editor.chooseTopic')}</option>
                {(query && !editableTopics.some((topic) => topic.id === query.topic_id) ? (topics.data ?? []).filter((topic) => topic.id === query.topic_id) : [])
                  .concat(topicChoices)
                  .map((topic) => (
                    <option key={topic.id} value={topic.id}>
                      {topic.name} — {unitName(directory.unitById.get(topic.unit_id), locale)}
                    </option>
                  ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="query-priority">{t('monitor.editor.priority')}</label>
              <select id="query-priority" value={form.priority} onChange={(event) => set('priority', event.target.value as MonitorPriority)} disabled={!mayEdit} aria-describedby="query-priority-help" data-testid="query-priority">
                {PRIORITIES.map((priority) => (
                  <option key={priority} value={priority}>
                    {t(`monitor.priority.${priority}` as MessageKey)}
                  </option>
                ))}
              </select>
              <small id="query-priority-help">{t(`monitor.priorityHelp.${form.priority}` as MessageKey)}</small>
            </div>
            <fieldset className="field">
              <legend>{t('monitor.editor.visibility')}</legend>
              <div className="checks">
                {VISIBILITIES.map((visibility) => (
                  <div key={visibility} className="field-check">
                    <input type="radio" id={`query-visibility-${visibility}`} name="visibility" value={visibility} checked={form.visibility === visibility} onChange={() => set('visibility', visibility)} disabled={!mayEdit} data-testid={`query-visibility-${visibility}`} />
                    <label htmlFor={`query-visibility-${visibility}`}>{t(`monitor.visibility.${visibility}` as MessageKey)}</label>
                  </div>
                ))}
              </div>
              <small>{t(`monitor.visibilityHelp.${form.visibility}` as MessageKey)}</small>
            </fieldset>
            <QueryText value={form.text} onChange={(text) => set('text', text)} error={syntax} invalid={syntax !== null} />
          </div>
          {!saveSyntax ? <ErrorMessage error={saveError} testId="query-save-error" /> : null}
          {saved ? (
            <p className="alert alert-success" role="status" data-testid="query-saved">
              {t('monitor.editor.saved', { version: query?.version ?? 1 })}
            </p>
          ) : null}
          {mayEdit ? (
            <div className="actions">
              <button type="submit" className="button primary" disabled={busy || !form.name.trim() || !form.text.trim() || form.topic_id === null || stale} data-testid="query-save">
                {query ? t('common.save') : t('monitor.editor.create')}
              </button>
              {query ? (
                <button type="button" className="button danger" onClick={() => void remove()} data-testid="query-delete">
                  {t('monitor.editor.delete')}
                </button>
              ) : null}
            </div>
          ) : (
            <p className="muted">{editableTopics.length === 0 && !query ? t('monitor.editor.noTopics') : t('monitor.editor.readOnly')}</p>
          )}
        </form>
        <div className="monitor-editor-side">
          <QueryTestResults test={test} />
          <QueryReference />
        </div>
      </div>
      {query ? <QueryVersions query={query} mayEdit={mayEdit} onRestored={(restored) => loaded.setData(() => restored)} /> : null}
    </div>
  );
}
