// How the deliveries of a sent alert are going: delivered, awaiting a receipt, pending, failed and cancelled, as
// numbers and as a bar, and per channel. While the alert is sending, the page asks again every 2.5 s (only while it
// is visible: shared/polling.ts); once it is sent, the numbers are final.
import { useI18n } from '../../i18n';
import type { AlertProgress } from '../../shared/types';
import { channelLabel, deliveryStateLabel } from './labels';
import { channelRows, deliveryParts, stateColumns, type BarPart } from './progress';

export function Bar<K extends string>({ parts, label, className, testId }: { parts: BarPart<K>[]; label: (key: K) => string; className: string; testId: string }) {
  const visible = parts.filter((part) => part.percent > 0);
  return (
    <div className={`al-bar ${className}`} aria-hidden="true" data-testid={testId}>
      {visible.map((part) => (
        <span key={part.key} className={`al-bar-part al-part-${part.key}`} style={{ width: `${part.percent}%` }} title={`${label(part.key)}: ${part.count}`} />
      ))}
    </div>
  );
}

export function ProgressPanel({ progress, sending }: { progress: AlertProgress | null; sending: boolean }) {
  const { t, number, plural } = useI18n();
  if (!progress) return null;
  const parts = deliveryParts(progress);
  const rows = channelRows(progress.by_channel);
  const columns = stateColumns(rows);
  return (
    <section className="card al-panel" aria-labelledby="al-progress-title" data-testid="progress-panel" data-total={progress.total}>
      <div className="section-head">
        <h2 id="al-progress-title">{t('alerts.progress.title')}</h2>
        {sending ? (
          <span className="live-indicator live-open" data-testid="progress-live">
            <span className="live-dot" aria-hidden="true" />
            {t('alerts.progress.live')}
          </span>
        ) : (
          <span className="muted small" data-testid="progress-final">
            {t('alerts.progress.final')}
          </span>
        )}
      </div>
      <p className="al-big-number" data-testid="progress-total">
        {plural('alerts.progress.total', progress.total)}
      </p>
      <Bar parts={parts} label={(key) => deliveryStateLabel(t, key)} className="al-bar-delivery" testId="progress-bar" />
      <ul className="al-legend" aria-label={t('alerts.progress.byState')}>
        {parts.map((part) => (
          <li key={part.key} data-testid={`progress-${part.key}`} data-count={part.count}>
            <span className={`al-swatch al-part-${part.key}`} aria-hidden="true" />
            <span className="al-legend-label">{deliveryStateLabel(t, part.key)}</span>
            <strong>{number(part.count)}</strong>
            <span className="muted small">{t('alerts.percent', { percent: part.percent })}</span>
          </li>
        ))}
      </ul>
      {rows.length > 0 ? <h3 id="al-progress-channels">{t('alerts.progress.byChannel')}</h3> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table stack-table al-channel-table" aria-labelledby="al-progress-channels" data-testid="progress-channels">
            <thead>
              <tr>
                <th scope="col">{t('alerts.progress.channel')}</th>
                {columns.map((state) => (
                  <th scope="col" key={state} className="num">
                    {deliveryStateLabel(t, state)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('alerts.progress.channelTotal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.channel} data-channel={row.channel}>
                  <th scope="row" data-label={t('alerts.progress.channel')}>
                    {row.channel ? channelLabel(t, row.channel) : t('alerts.progress.noChannelYet')}
                  </th>
                  {columns.map((state) => (
                    <td key={state} className="num" data-label={deliveryStateLabel(t, state)} data-state={state}>
                      {number(row.counts[state] ?? 0)}
                    </td>
                  ))}
                  <td className="num" data-label={t('alerts.progress.channelTotal')}>
                    {number(row.total)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {progress.quotas.length > 0 ? (
        <>
          <h3 id="al-progress-quotas">{t('alerts.progress.quotas')}</h3>
          <ul className="al-quotas" aria-labelledby="al-progress-quotas" data-testid="progress-quotas">
            {progress.quotas.map((quota) => {
              const usedUp = quota.used >= quota.limit;
              return (
                <li key={quota.channel} data-channel={quota.channel} data-used={quota.used} data-limit={quota.limit}>
                  <span>
                    {t('alerts.progress.quotaUse', {
                      channel: channelLabel(t, quota.channel),
                      used: number(quota.used),
                      limit: number(quota.limit),
                      day: quota.day,
                    })}
                  </span>
                  {usedUp ? (
                    <span className="al-quota-used-up" role="status">
                      {' '}
                      {t('alerts.progress.quotaUsedUp')}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <p className="muted small">{t('alerts.progress.hint')}</p>
    </section>
  );
}
