// The latest deliveries of one webhook, newest first: what was sent (an alert's CAP identifier, or a test), its
// state, how many attempts and the receiver's last HTTP status, when it is tried next or when it was delivered.
import { useI18n } from '../../i18n';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Webhook } from '../../shared/webhookTypes';
import { listDeliveries } from './data';

export function DeliveriesPanel({ webhook, version }: { webhook: Webhook; version: number }) {
  const { t, dateTime } = useI18n();
  const loaded = useLoad((signal) => listDeliveries(webhook.id, signal), [webhook.id, version]);
  const items = loaded.data;
  const headingId = `webhook-${webhook.id}-deliveries`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid="webhook-deliveries">
      <div className="section-head">
        <h2 id={headingId}>{t('webhooks.deliveries.title', { name: webhook.name })}</h2>
        <button type="button" className="button" onClick={loaded.reload} data-testid="webhook-deliveries-reload">
          {t('webhooks.deliveries.reload')}
        </button>
      </div>
      <ErrorMessage error={loaded.error} />
      {items === undefined && loaded.loading ? <Loading /> : null}
      {items && items.length === 0 ? <p data-testid="webhook-deliveries-empty">{t('webhooks.deliveries.empty')}</p> : null}
      {items && items.length > 0 ? (
        <div className="table-wrap">
          <table className="table stack-table">
            <caption className="visually-hidden">{t('webhooks.deliveries.title', { name: webhook.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.deliveries.created')}</th>
                <th scope="col">{t('webhooks.deliveries.message')}</th>
                <th scope="col">{t('webhooks.deliveries.state')}</th>
                <th scope="col">{t('webhooks.deliveries.attempts')}</th>
                <th scope="col">{t('webhooks.deliveries.lastStatus')}</th>
                <th scope="col">{t('webhooks.deliveries.when')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <tr key={delivery.id} data-testid="webhook-delivery" data-state={delivery.state}>
                  <td data-label={t('webhooks.deliveries.created')}>{dateTime(delivery.created_at)}</td>
                  <td data-label={t('webhooks.deliveries.message')}>
                    {delivery.event === 'ping' ? <span className="badge">{t('webhooks.deliveries.ping')}</span> : null}{' '}
                    <code>{delivery.alert_identifier}</code>
                  </td>
                  <td data-label={t('webhooks.deliveries.state')}>
                    <span className={`badge ${delivery.state === 'failed' ? 'outcome-bad' : delivery.state === 'delivered' ? 'outcome-ok' : ''}`}>
                      {t(`webhooks.deliveryState.${delivery.state}`)}
                    </span>
                    {delivery.last_error ? <div className="small muted">{delivery.last_error}</div> : null}
                  </td>
                  <td data-label={t('webhooks.deliveries.attempts')}>{delivery.attempts}</td>
                  <td data-label={t('webhooks.deliveries.lastStatus')}>
                    {delivery.last_status ?? (delivery.attempts > 0 ? t('webhooks.deliveries.noAnswer') : '—')}
                  </td>
                  <td data-label={t('webhooks.deliveries.when')}>
                    {delivery.state === 'delivered' && delivery.delivered_at
                      ? t('webhooks.deliveries.deliveredAt', { time: dateTime(delivery.delivered_at) })
                      : delivery.state === 'pending' && delivery.next_attempt_at
                        ? t('webhooks.deliveries.nextAt', { time: dateTime(delivery.next_attempt_at) })
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
