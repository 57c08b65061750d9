// A source, new (/monitor/sources/new) or edited (/monitor/sources/:id): a feed (URL, polling interval), a push
// source (documents posted by a crawler; how is shown once it exists) or a replay (a file of the replay directory
// and a rate). A refusal is shown next to its field in the reader's language (address_not_allowed, name_taken, …).
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { UnitSelect } from '../../shared/UnitSelect';
import { useI18n, type MessageKey } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { MonitorSource } from '../../shared/types';
import { useMonitorUnits } from './data';
import { MonitorNav } from './MonitorNav';

import { PushHelp } from './PushHelp';
import { emptySourceForm, formOfSource, SOURCE_KINDS, sourceDraft, sourceFieldOf, type SourceField, type SourceForm } from './sources';
import { SourceState } from './SourcesPage';
import { defaultUnitId } from './units';

const REASONS: Record<string, MessageKey> = {
  address_not_allowed: 'monitor.error.addressNotAllowed',
  name_taken: 'monitor.error.sourceNameTaken',
  stale_version: 'monitor.error.sourceStale',
};

export function SourceFormPage() {
  const { id } = useParams();
  const sourceId = id && /^\d+$/.test(id) ? Number(id) : null;
  const { t } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const { directory, sourceable } = useMonitorUnits();
  const loaded = useLoad((signal) => (sourceId === null ? Promise.resolve(null) : api.get<MonitorSource>(`/monitor/sources/${sourceId}`, { signal })), [sourceId]);
  const source = loaded.data ?? null;
  const [form, setForm] = useState<SourceForm | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (sourceId !== null) {
      if (source) setForm(formOfSource(source));
    } else if (directory.ready) setForm((previous) => previous ?? emptySourceForm(defaultUnitId(me, sourceable)));
  }, [source, sourceId, directory.ready, me, sourceable]);

  const set = <K extends keyof SourceForm>(key: K, value: SourceForm[K]) => setForm((previous) => (previous ? { ...previous, [key]: value } : previous));
  const problemField: SourceField | null = isApiError(error) ? sourceFieldOf(error.problem.field) : null;
  const fieldMessage = (field: SourceField): ReactNode => {
    if (!isApiError(error) || problemField !== field) return null;
    const key = error.reason ? REASONS[error.reason] : undefined;
    return (
      <small className="field-error" role="alert" id={`source-${field}-error`} data-testid={`source-${field}-error`} data-reason={error.reason}>
        {key ? t(key) : t('monitor.error.field')} {error.problem.detail ? <span className="alert-detail">{t('error.serverSays', { detail: error.problem.detail })}</span> : null}
      </small>
    );
  };
  const described = (field: SourceField, help?: string) => [problemField === field ? `source-${field}-error` : '', help ?? ''].filter(Boolean).join(' ') || undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      if (source) {
        const updated = await api.put<MonitorSource>(`/monitor/sources/${source.id}`, sourceDraft(form, source.version));
        loaded.setData(() => updated);
        setSaved(true);
      } else {
        const created = await api.post<MonitorSource>('/monitor/sources', sourceDraft(form));
        navigate(created.kind === 'push' ? `/monitor/sources/${created.id}` : '/monitor/sources');
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!form || (sourceId !== null && !source && loaded.loading)) return loaded.error ? <ErrorMessage error={loaded.error} /> : <Loading />;
  const editing = source !== null;
  return (
    <div className="page monitor-page" data-testid="monitor-source-form">
      <p className="breadcrumb">
        <Link to="/monitor/sources">{t('monitor.sources.title')}</Link>
      </p>
      <div className="page-head">
        <h1>{editing ? t('monitor.sources.editTitle', { name: source.name }) : t('monitor.sources.newTitle')}</h1>
        {source ? <SourceState source={source} /> : null}
      </div>
      <MonitorNav current="sources" />
      <form className="card form" onSubmit={(event) => void submit(event)} noValidate data-testid="source-form">
        <div className="form-grid">
          {!editing ? (
            <div>
              <UnitSelect units={sourceable} value={form.unit_id} onChange={(unit) => set('unit_id', unit)} label={t('monitor.unit')} testId="source-unit" />
              {fieldMessage('unit')}
            </div>
          ) : null}
          <fieldset className="field">
            <legend>{t('monitor.sources.kind')}</legend>
            <div className="checks">
              {SOURCE_KINDS.map((kind) => (
                <div key={kind} className="field-check">
                  <input type="radio" id={`source-kind-${kind}`} name="kind" checked={form.kind === kind} onChange={() => set('kind', kind)} disabled={editing} data-testid={`source-kind-${kind}`} />
                  <label htmlFor={`source-kind-${kind}`}>{t(`monitor.sourceKind.${kind}` as MessageKey)}</label>
                </div>
              ))}
            </div>
            <small>{t(`monitor.sourceKindHelp.${form.kind}` as MessageKey)}</small>
          </fieldset>
          <div className="field">
            <label htmlFor="source-name">{t('monitor.sources.name')}</label>
            <input id="source-name" value={form.name} maxLength={40} autoCapitalize="none" spellCheck={false} onChange={(event) => set('name', event.target.value)} aria-invalid={problemField === 'name'} aria-describedby={described('name', 'source-name-help')} data-testid="source-name" />
            <small id="source-name-help">{t('monitor.sources.nameHelp')}</small>
            {fieldMessage('name')}
          </div>
          <div className="field">
            <label htmlFor="source-title">
              {t('monitor.sources.titleField')} <span className="muted">{t('common.optional')}</span>
            </label>
            <input id="source-title" value={form.title} maxLength={200} onChange={(event) => set('title', event.target.value)} aria-invalid={problemField === 'title'} aria-describedby={described('title')} data-testid="source-title" />
            {fieldMessage('title')}
          </div>
          {form.kind !== 'push' ? (
            <div className="field form-grid-full">
              <label htmlFor="source-url">{form.kind === 'feed' ? t('monitor.sources.url') : t('monitor.sources.file')}</label>
              <input id="source-url" type={form.kind === 'feed' ? 'url' : 'text'} value={form.url} inputMode={form.kind === 'feed' ? 'url' : undefined} spellCheck={false} onChange={(event) => set('url', event.target.value)} aria-invalid={problemField === 'url'} aria-describedby={described('url', 'source-url-help')} data-testid="source-url" />
              <small id="source-url-help">{form.kind === 'feed' ? t('monitor.sources.urlHelp') : t('monitor.sources.fileHelp')}</small>
              {fieldMessage('url')}
            </div>
          ) : null}
          {form.kind === 'feed' ? (
            <div className="field">
              <label htmlFor="source-interval">{t('monitor.sources.intervalMinutes')}</label>
              <input id="source-interval" type="number" min={1} max={1440} value={form.interval_minutes} onChange={(event) => set('interval_minutes', event.target.value)} aria-invalid={problemField === 'interval'} aria-describedby={described('interval')} data-testid="source-interval" />
              {fieldMessage('interval')}
            </div>
          ) : null}
          {form.kind === 'replay' ? (
            <div className="field">
              <label htmlFor="source-rate">{t('monitor.sources.rateField')}</label>
              <input id="source-rate" type="number" min={1} max={100000} value={form.replay_rate} onChange={(event) => set('replay_rate', event.target.value)} aria-invalid={problemField === 'rate'} aria-describedby={described('rate')} data-testid="source-rate" />
              {fieldMessage('rate')}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="source-country">
              {t('monitor.sources.country')} <span className="muted">{t('common.optional')}</span>
            </label>
            <input id="source-country" value={form.country} maxLength={2} autoCapitalize="characters" placeholder="VN" onChange={(event) => set('country', event.target.value)} aria-invalid={problemField === 'country'} aria-describedby={described('country')} data-testid="source-country" />
            {fieldMessage('country')}
          </div>
          <div className="field">
            <label htmlFor="source-language">
              {t('monitor.sources.languageField')} <span className="muted">{t('common.optional')}</span>
            </label>
            <input id="source-language" value={form.language} maxLength={3} autoCapitalize="none" placeholder="vi" onChange={(event) => set('language', event.target.value)} aria-invalid={problemField === 'language'} aria-describedby={described('language', 'source-language-help')} data-testid="source-language" />
            <small id="source-language-help">{t('monitor.sources.languageHelp')}</small>
            {fieldMessage('language')}
          </div>
          <div className="field-check">
            <input type="checkbox" id="source-enabled" checked={form.enabled} onChange={(event) => set('enabled', event.target.checked)} data-testid="source-enabled" />
            <label htmlFor="source-enabled">{t('monitor.sources.enabled')}</label>
          </div>
        </div>
        {!problemField ? <ErrorMessage error={error} testId="source-error" /> : null}
        {saved ? (
          <p className="alert alert-success" role="status" data-testid="source-saved">
            {t('monitor.sources.saved')}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || form.unit_id === null} data-testid="source-save">
            {editing ? t('common.save') : t('monitor.sources.create')}
          </button>
          <Link className="button" to="/monitor/sources">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
      {source && source.kind === 'push' ? <PushHelp source={source} /> : null}
    </div>
  );
}
