// The form that adds a webhook to a unit: a name, the receiver's URL (https), which alerts it wants (CAP statuses
// and scopes; the unit's own alerts or also those of the units below) — Actual and Public by default.
import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { ErrorMessage } from '../../shared/ui';
import type { Id } from '../../shared/types';
import type { WebhookCoverage, WebhookCreated, WebhookScope, WebhookStatus } from '../../shared/webhookTypes';
import { createWebhook } from './data';

export const STATUSES: WebhookStatus[] = ['Actual', 'Exercise', 'Test'];
export const SCOPES: WebhookScope[] = ['Public', 'Restricted', 'Private'];

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((item) => item !== value), value] : list.filter((item) => item !== value);
}

export function WebhookForm({ unitId, onCreated, onCancel }: {
  unitId: Id;
  onCreated: (created: WebhookCreated) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('https://');
  const [statuses, setStatuses] = useState<WebhookStatus[]>(['Actual']);
  const [scopes, setScopes] = useState<WebhookScope[]>(['Public']);
  const [coverage, setCoverage] = useState<WebhookCoverage>('unit');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await createWebhook(unitId, { name: name.trim(), url: url.trim(), statuses, scopes, coverage }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const fieldLabel = (pointer: string) =>
    ({ '/name': t('webhooks.field.name'), '/url': t('webhooks.field.url'), '/statuses': t('webhooks.field.statuses'),
      '/scopes': t('webhooks.field.scopes'), '/coverage': t('webhooks.field.coverage') })[pointer];
  return (
    <form className="card form" onSubmit={submit} data-testid="webhook-form" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('webhooks.add')}</h2>
      <ErrorMessage error={error} testId="webhook-form-error" fieldLabel={fieldLabel} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('webhooks.field.name')}</label>
          <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} required maxLength={200}
            data-testid="webhook-name" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('webhooks.field.url')}</label>
          <input id={`${id}-url`} type="url" value={url} onChange={(event) => setUrl(event.target.value)} required
            aria-describedby={`${id}-url-help`} data-testid="webhook-url" />
          <small id={`${id}-url-help`}>{t('webhooks.field.urlHelp')}</small>
        </div>
        <fieldset className="field">
          <legend>{t('webhooks.field.statuses')}</legend>
          <div className="checks">
            {STATUSES.map((status) => (
              <div className="field-check" key={status}>
                <input id={`${id}-status-${status}`} type="checkbox" checked={statuses.includes(status)}
                  onChange={(event) => setStatuses(toggle(statuses, status, event.target.checked))}
                  data-testid={`webhook-status-${status}`} />
                <label htmlFor={`${id}-status-${status}`}>{t(`webhooks.status.${status}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>{t('webhooks.field.scopes')}</legend>
          <div className="checks">
            {SCOPES.map((scope) => (
              <div className="field-check" key={scope}>
                <input id={`${id}-scope-${scope}`} type="checkbox" checked={scopes.includes(scope)}
                  onChange={(event) => setScopes(toggle(scopes, scope, event.target.checked))}
                  data-testid={`webhook-scope-${scope}`} />
                <label htmlFor={`${id}-scope-${scope}`}>{t(`webhooks.scope.${scope}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-coverage`}>{t('webhooks.field.coverage')}</label>
          <select id={`${id}-coverage`} value={coverage} onChange={(event) => setCoverage(event.target.value as WebhookCoverage)}
            data-testid="webhook-coverage">
            <option value="unit">{t('webhooks.coverage.unit')}</option>
            <option value="subtree">{t('webhooks.coverage.subtree')}</option>
          </select>
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="webhook-create">
          {t('webhooks.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
