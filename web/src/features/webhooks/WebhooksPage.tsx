// Webhooks for other systems (/alerts/webhooks): the endpoints of a unit that receive every alert it issues as a
// signed CAP 1.2 document — a partner's alert hub, a mission's website, a national emergency system. Holders of
// alerts_send or alerts_approve see them and their deliveries; alerts_approve holders add, pause, test, rotate the
// secret of and delete them. A secret is shown once, when made.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { hasPermission, permittedUnits } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { UnitSelect } from '../../shared/UnitSelect';
import { ErrorMessage, Loading, Notice, useLoad } from '../../shared/ui';
import type { Id } from '../../shared/types';
import type { Webhook } from '../../shared/webhookTypes';
import { useDirectory } from '../directory/data';
import { deleteWebhook, listWebhooks, pingWebhook, rotateSecret, updateWebhook } from './data';
import { DeliveriesPanel } from './DeliveriesPanel';
import { WebhookForm } from './WebhookForm';

// What the last action showed: a secret (once), or a notice kept as its key so that it follows the language.
type NoticeKey = 'webhooks.pinged' | 'webhooks.paused' | 'webhooks.resumed' | 'webhooks.deleted';
type Shown = { kind: 'secret'; name: string; secret: string } | { kind: 'notice'; key: NoticeKey; name: string } | null;

export function WebhooksPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const units = useMemo(() => {
    const send = permittedUnits(me, 'alerts_send');
    const approve = permittedUnits(me, 'alerts_approve');
    if (send === 'all' || approve === 'all') return directory.units;
    const allowed = new Set([...send, ...approve]);
    return directory.units.filter((unit) => allowed.has(unit.id));
  }, [me, directory.units]);
  const [unitId, setUnitId] = useState<Id | null>(null);
  useEffect(() => {
    if (unitId === null && units.length > 0) setUnitId(me && units.some((unit) => unit.id === me.unit_id) ? me.unit_id : units[0].id);
  }, [units, unitId, me]);

  const loaded = useLoad((signal) => (unitId === null ? Promise.resolve([]) : listWebhooks(unitId, signal)), [unitId]);
  const [adding, setAdding] = useState(false);
  const [shown, setShown] = useState<Shown>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Id | null>(null);
  const [version, setVersion] = useState(0);
  const mayManage = unitId !== null && hasPermission(me, 'alerts_approve', unitId);

  const act = async (action: () => Promise<Shown>) => {
    setError(null);
    setShown(null);
    try {
      setShown(await action());
      loaded.reload();
      setVersion((value) => value + 1);
    } catch (caught) {
      setError(caught);
    }
  };

  const webhooks = loaded.data ?? [];
  const selectedWebhook = webhooks.find((webhook) => webhook.id === selected) ?? null;
  const describe = (webhook: Webhook) =>
    [...webhook.statuses.map((status) => t(`webhooks.status.${status}`)), ...webhook.scopes.map((scope) => t(`webhooks.scope.${scope}`))].join(' · ');

  return (
    <div className="page" data-testid="webhooks-page">
      <nav className="breadcrumb" aria-label={t('webhooks.breadcrumb')}>
        <Link to="/alerts">{t('alerts.title')}</Link>
      </nav>
      <div className="page-head">
        <h1>{t('webhooks.title')}</h1>
        {mayManage && !adding ? (
          <div className="actions">
            <button type="button" className="button primary" onClick={() => setAdding(true)} data-testid="webhook-add">
              {t('webhooks.add')}
            </button>
          </div>
        ) : null}
      </div>
      <p className="lead">{t('webhooks.lead')}</p>
      <div className="toolbar">
        <UnitSelect units={units} value={unitId} onChange={(unit) => { setUnitId(unit); setSelected(null); setShown(null); }}
          label={t('webhooks.unit')} testId="webhooks-unit" />
      </div>
      {shown?.kind === 'secret' ? (
        <div className="alert alert-success" role="status" data-testid="webhook-secret-notice">
          <p>{t('webhooks.secretShown', { name: shown.name })}</p>
          <p><code className="secret" data-testid="webhook-secret">{shown.secret}</code></p>
          <p className="small">{t('webhooks.secretHelp')}</p>
        </div>
      ) : null}
      {shown?.kind === 'notice' ? <Notice testId="webhooks-notice">{t(shown.key, { name: shown.name })}</Notice> : null}
      <ErrorMessage error={error} testId="webhooks-error" />
      {adding && unitId !== null ? (
        <WebhookForm unitId={unitId} onCancel={() => setAdding(false)} onCreated={(created) => {
          setAdding(false);
          setShown({ kind: 'secret', name: created.name, secret: created.secret });
          setSelected(created.id);
          loaded.reload();
        }} />
      ) : null}
      <ErrorMessage error={loaded.error} />
      {loaded.loading && loaded.data === undefined ? <Loading /> : null}
      {loaded.data && webhooks.length === 0 ? <p data-testid="webhooks-empty">{t('webhooks.empty')}</p> : null}
      {webhooks.length > 0 ? (
        <div className="table-wrap">
          <table className="table stack-table" data-testid="webhooks-table">
            <caption className="visually-hidden">{t('webhooks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.field.name')}</th>
                <th scope="col">{t('webhooks.field.url')}</th>
                <th scope="col">{t('webhooks.field.wants')}</th>
                <th scope="col">{t('webhooks.field.state')}</th>
                <th scope="col">{t('webhooks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {webhooks.map((webhook) => (
                <tr key={webhook.id} data-testid="webhook-row" aria-current={webhook.id === selected ? 'true' : undefined}>
                  <th scope="row" data-label={t('webhooks.field.name')}>{webhook.name}</th>
                  <td data-label={t('webhooks.field.url')}><code>{webhook.url}</code></td>
                  <td data-label={t('webhooks.field.wants')}>
                    {describe(webhook)}
                    {webhook.coverage === 'subtree' ? <div className="small muted">{t('webhooks.coverage.subtree')}</div> : null}
                  </td>
                  <td data-label={t('webhooks.field.state')}>
                    <span className={`badge ${webhook.state === 'active' ? 'outcome-ok' : ''}`}>{t(`webhooks.state.${webhook.state}`)}</span>
                  </td>
                  <td data-label={t('webhooks.actions')}>
                    <div className="actions">
                      <button type="button" className="button" aria-pressed={webhook.id === selected}
                        onClick={() => setSelected(webhook.id === selected ? null : webhook.id)} data-testid="webhook-show-deliveries">
                        {t('webhooks.showDeliveries')}<span className="visually-hidden"> — {webhook.name}</span>
                      </button>
                      {mayManage ? (
                        <>
                          <button type="button" className="button" data-testid="webhook-ping" disabled={webhook.state !== 'active'}
                            onClick={() => act(async () => {
                              await pingWebhook(webhook.id);
                              setSelected(webhook.id);
                              return { kind: 'notice', key: 'webhooks.pinged', name: webhook.name };
                            })}>
                            {t('webhooks.ping')}<span className="visually-hidden"> — {webhook.name}</span>
                          </button>
                          <button type="button" className="button" data-testid="webhook-toggle"
                            onClick={() => act(async () => {
                              const state = webhook.state === 'active' ? 'paused' : 'active';
                              await updateWebhook(webhook.id, { state });
                              return { kind: 'notice', key: state === 'paused' ? 'webhooks.paused' : 'webhooks.resumed', name: webhook.name };
                            })}>
                            {t(webhook.state === 'active' ? 'webhooks.pause' : 'webhooks.resume')}
                            <span className="visually-hidden"> — {webhook.name}</span>
                          </button>
                          <button type="button" className="button" data-testid="webhook-rotate"
                            onClick={() => {
                              if (!window.confirm(t('webhooks.rotateConfirm', { name: webhook.name }))) return;
                              void act(async () => ({ kind: 'secret', name: webhook.name, secret: (await rotateSecret(webhook.id)).secret }));
                            }}>
                            {t('webhooks.rotate')}<span className="visually-hidden"> — {webhook.name}</span>
                          </button>
                          <button type="button" className="button" data-testid="webhook-delete"
                            onClick={() => {
                              if (!window.confirm(t('webhooks.deleteConfirm', { name: webhook.name }))) return;
                              void act(async () => {
                                await deleteWebhook(webhook.id);
                                if (selected === webhook.id) setSelected(null);
                                return { kind: 'notice', key: 'webhooks.deleted', name: webhook.name };
                              });
                            }}>
                            {t('webhooks.delete')}<span className="visually-hidden"> — {webhook.name}</span>
                          </button>
                        </>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {selectedWebhook ? <DeliveriesPanel webhook={selectedWebhook} version={version} /> : null}
    </div>
  );
}
