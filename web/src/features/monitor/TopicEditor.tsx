// A topic's name and description, new or renamed (POST / PUT /monitor/topics). Names are unique within the unit,
// whatever their case and accents (409 name_taken, shown next to the name).
import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { ErrorMessage } from '../../shared/ui';
import type { Id, MonitorTopic } from '../../shared/types';

export function TopicEditor({ unitId, topic, onDone, onCancel }: { unitId: Id; topic?: MonitorTopic; onDone: (topic: MonitorTopic) => void; onCancel?: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(topic?.name ?? '');
  const [description, setDescription] = useState(topic?.description ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const nameTaken = isApiError(error) && error.reason === 'name_taken';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    const body = { unit_id: unitId, name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) };
    try {
      const saved = topic ? await api.put<MonitorTopic>(`/monitor/topics/${topic.id}`, body) : await api.post<MonitorTopic>('/monitor/topics', body);
      onDone(saved);
      if (!topic) {
        setName('');
        setDescription('');
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form monitor-topic-form" onSubmit={(event) => void submit(event)} data-testid={topic ? 'topic-rename-form' : 'topic-new-form'}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{topic ? t('monitor.topics.rename') : t('monitor.topics.newName')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={100}
            required
            onChange={(event) => setName(event.target.value)}
            aria-invalid={nameTaken}
            aria-describedby={nameTaken ? `${id}-taken` : undefined}
            data-testid="topic-name"
          />
          {nameTaken ? (
            <small id={`${id}-taken`} className="field-error" role="alert">
              {t('monitor.topics.nameTaken')}
            </small>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>
            {t('monitor.topics.description')} <span className="muted">{t('common.optional')}</span>
          </label>
          <input id={`${id}-description`} value={description} onChange={(event) => setDescription(event.target.value)} data-testid="topic-description" />
        </div>
      </div>
      {!nameTaken ? <ErrorMessage error={error} /> : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || !name.trim()} data-testid="topic-save">
          {topic ? t('common.save') : t('monitor.topics.create')}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
