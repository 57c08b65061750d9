// The acknowledgement matrix of a transmitted cable: one row per addressee unit (received, acknowledged, deadline,
// escalation), refreshed from GET /cables/:id/recipients (not a read of the text) as soon as the live feed says
// the cable changed ("cable.changed"), and every 3 seconds while the feed is down (every 15 while it is up, in
// case an event was missed), only while the page is visible. Overdue rows stand out; the user acknowledges here for the units they answer for.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useLiveEvents } from '../../shared/events';
import { useVisiblePolling } from '../../shared/polling';
import { useSession } from '../../shared/session';
import { ErrorMessage, unitName } from '../../shared/ui';
import type { Cable, Id, Recipient } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { availableActions, escalationKey, isOverdue, matrixSummary, userLabel } from './model';

export const MATRIX_POLL_MS = 3000;
export const MATRIX_LIVE_POLL_MS = 15000;

export function AckMatrix({ cable }: { cable: Cable }) {
  const { t, dateTime, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const [recipients, setRecipients] = useState<Recipient[]>(cable.recipients ?? []);
  const [updatedAt, setUpdatedAt] = useState<number>(() => Date.now());
  const [busy, setBusy] = useState<Id | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setRecipients(cable.recipients ?? []);
    setUpdatedAt(Date.now());
  }, [cable]);

  const refresh = async (signal?: AbortSignal) => {
    const tracking = await api.get<Cable>(`/cables/${cable.id}/recipients`, { signal });
    if (signal?.aborted) return;
    setRecipients(tracking.recipients ?? []);
    setUpdatedAt(Date.now());
  };
  const live = useLiveEvents((event) => {
    if (event.type === 'cable.changed' && event.cable_id === cable.id) void refresh().catch(() => undefined);
  });
  useVisiblePolling(refresh, live === 'open' ? MATRIX_LIVE_POLL_MS : MATRIX_POLL_MS);

  const acknowledge = async (unitId: Id) => {
    setBusy(unitId);
    setError(null);
    try {
      const tracking = await api.post<Cable>(`/cables/${cable.id}/acknowledgements`, { unit_id: unitId });
      if (tracking?.recipients) setRecipients(tracking.recipients);
      setUpdatedAt(Date.now());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const now = Date.now();
  const mine = new Set(availableActions({ ...cable, recipients }, me).acknowledge);
  const summary = matrixSummary(recipients, now);
  const name = (id: Id) => unitName(directory.unitById.get(id), locale) || `#${id}`;
  const rows = [...recipients].sort((a, b) =>
    a.role !== b.role ? (a.role === 'action' ? -1 : 1) : name(a.unit_id).localeCompare(name(b.unit_id), locale),
  );
  const withActions = mine.size > 0;

  return (
    <section className="card card-wide" id="ack-matrix" aria-labelledby="ack-matrix-title" data-testid="ack-matrix">
      <div className="section-head">
        <h2 id="ack-matrix-title">{t('matrix.title')}</h2>
        <p className="muted small" data-testid="matrix-updated">
          {t('matrix.updated', { time: dateTime(new Date(updatedAt).toISOString(), undefined, 'time') })}
        </p>
      </div>
      <p className="matrix-summary" aria-live="polite" data-testid="matrix-summary">
        {t('matrix.summary', { acknowledged: summary.acknowledged, total: summary.total, received: summary.received })}
        {summary.overdue > 0 ? <strong className="overdue-text"> · {t('matrix.overdueCount', { count: summary.overdue })}</strong> : null}
      </p>
      <ErrorMessage error={error} testId="matrix-error" />
      {rows.length === 0 ? (
        <p className="muted">{t('matrix.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table matrix-table stack-table">
            <caption className="visually-hidden">{t('matrix.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('matrix.unit')}</th>
                <th scope="col">{t('matrix.role')}</th>
                <th scope="col">{t('matrix.received')}</th>
                <th scope="col">{t('matrix.acknowledged')}</th>
                <th scope="col">{t('matrix.deadline')}</th>
                <th scope="col">{t('matrix.escalation')}</th>
                {withActions ? <th scope="col">{t('matrix.action')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const overdue = isOverdue(row, now);
                return (
                  <tr
                    key={row.unit_id}
                    className={overdue ? 'overdue' : row.acknowledged_at ? 'acknowledged' : undefined}
                    data-testid={`matrix-row-${row.unit_id}`}
                    data-overdue={overdue ? 'true' : 'false'}
                    data-acknowledged={row.acknowledged_at ? 'true' : 'false'}
                  >
                    <th scope="row" data-label={t('matrix.unit')}>
                      <span className="cell">
                        {name(row.unit_id)}
                      </span>
                    </th>
                    <td data-label={t('matrix.role')}>
                      <span className="cell">
                        {t(row.role === 'action' ? 'cable.role.action' : 'cable.role.info')}{' '}
                        {row.niact ? <span className="badge niact">{t('cable.niact')}</span> : null}
                      </span>
                    </td>
                    <td data-label={t('matrix.received')} data-testid="matrix-received">
                      <span className="cell">
                        {row.received_at ? (
                          <>
                            {dateTime(row.received_at)}
                            {row.received_by ? <span className="by"> {t('matrix.by', { name: userLabel(row.received_by) })}</span> : null}
                          </>
                        ) : (
                          <span className="muted">{t('matrix.notYet')}</span>
                        )}
                      </span>
                    </td>
                    <td data-label={t('matrix.acknowledged')} data-testid="matrix-ack" data-acknowledged={row.acknowledged_at ? 'true' : 'false'}>
                      <span className="cell">
                        {row.acknowledged_at ? (
                          <>
                            {dateTime(row.acknowledged_at)}
                            {row.acknowledged_by ? <span className="by"> {t('matrix.by', { name: userLabel(row.acknowledged_by) })}</span> : null}
                          </>
                        ) : (
                          <span className="muted">{t('matrix.notYet')}</span>
                        )}
                      </span>
                    </td>
                    <td data-label={t('matrix.deadline')} data-testid="matrix-deadline">
                      <span className="cell">
                        {row.deadline_at ? dateTime(row.deadline_at) : <span className="muted">—</span>}
                        {overdue ? <span className="badge overdue-badge">{t('matrix.overdue')}</span> : null}
                      </span>
                    </td>
                    <td data-label={t('matrix.escalation')} data-testid="matrix-escalation" data-level={row.escalation_level ?? 0}>
                      <span className="cell">
                        {t(escalationKey(row.escalation_level))}
                        {row.escalated_at ? <span className="muted small"> ({dateTime(row.escalated_at, undefined, 'time')})</span> : null}
                      </span>
                    </td>
                    {withActions ? (
                      <td data-label={t('matrix.action')}>
                        <span className="cell">
                          {mine.has(row.unit_id) ? (
                            <button
                              type="button"
                              className="button small primary"
                              disabled={busy !== null}
                              onClick={() => void acknowledge(row.unit_id)}
                              aria-label={t('matrix.acknowledgeFor', { unit: name(row.unit_id) })}
                              data-testid={`cable-acknowledge-${row.unit_id}`}
                            >
                              {busy === row.unit_id ? t('common.working') : t('matrix.acknowledge')}
                            </button>
                          ) : null}
                        </span>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">{t('matrix.note')}</p>
    </section>
  );
}
