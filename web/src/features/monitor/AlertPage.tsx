// One alert (/monitor/alerts/:id): its facts (unit, country, deadline, escalation, who acknowledged it, who has
// it), what it says (AlertContent), and the work on it: acknowledge, assign (to oneself, to someone found with the
// user picker, or to nobody) and comment. Kept current by the stream's `alert.changed` (read again for comments).
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, unitName, useLoad } from '../../shared/ui';
import type { Id, MonitorAlert, MonitorAlertComment, MonitorStreamEvent } from '../../shared/types';
import { UserPicker } from '../cables/UserPicker';
import { isOverdue } from './alerts';
import { AlertContent } from './AlertDetail';
import { useMonitorStream, useMonitorUnits, useUserNames } from './data';
import { MonitorNav } from './MonitorNav';
import { Countries, LiveIndicator, PriorityBadge } from './parts';
import { NoteForm } from '../../shared/NoteForm';

const COMMENT_MAX_BYTES = 4000;

export function AlertPage() {
  const { id } = useParams();
  const alertId = id && /^\d+$/.test(id) ? Number(id) : 0;
  const { t, dateTime, locale } = useI18n();
  const { me } = useSession();
  const { directory } = useMonitorUnits();
  const names = useUserNames();
  const loaded = useLoad((signal) => api.get<MonitorAlert>(`/monitor/alerts/${alertId}`, { signal }), [alertId]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  const onEvent = useCallback(
    (event: MonitorStreamEvent) => {
      if (event.type === 'alert.changed' && event.alert.id === alertId) loaded.reload();
    },
    [alertId, loaded],
  );
  const alert = loaded.data;
  const live = useMonitorStream(alert ? [alert.unit_id] : [], onEvent, alert !== undefined);

  const nameOf = (user: Id | null) => (user === null ? '' : names.get(user) ?? t('monitor.userNumber', { id: user }));

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await run();
      loaded.reload();
      return true;
    } catch (caught) {
      setActionError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const acknowledge = () => act(() => api.post(`/monitor/alerts/${alertId}/acknowledge`, {}));
  const assign = (user: Id | null) => act(() => api.post(`/monitor/alerts/${alertId}/assign`, { user_id: user }));

  if (loaded.loading && !alert) return <Loading />;
  if (!alert) {
    return (
      <div className="page monitor-page">
        <MonitorNav current="alerts" />
        <ErrorMessage error={loaded.error} />
      </div>
    );
  }
  const overdue = isOverdue(alert);
  const unit = directory.unitById.get(alert.unit_id);
  return (
    <div className="page monitor-page" data-testid="monitor-alert-page" data-alert-id={alert.id} data-state={alert.state}>
      <p className="breadcrumb">
        <Link to="/monitor/alerts">{t('monitor.alerts.title')}</Link>
      </p>
      <div className="page-head">
        <h1 className="monitor-alert-title" data-testid="alert-title">
          {alert.title || t('monitor.untitled')}
        </h1>
        <LiveIndicator state={live} />
      </div>
      <MonitorNav current="alerts" />
      <div className="columns">
        <section className="card" aria-labelledby="alert-facts">
          <h2 id="alert-facts">{t('monitor.alert.facts')}</h2>
          <p className="monitor-badges">
            <span className={`badge monitor-kind-${alert.kind}`}>{t(`monitor.alertKind.${alert.kind}` as MessageKey)}</span>
            <PriorityBadge priority={alert.priority} />
            <span className={`badge monitor-state-${alert.state}`} data-testid="alert-state">
              {t(`monitor.alertState.${alert.state}` as MessageKey)}
            </span>
            {alert.private ? <span className="badge monitor-private">{t('monitor.visibility.private')}</span> : null}
          </p>
          <dl className="facts">
            <dt>{t('monitor.unit')}</dt>
            <dd>{unitName(unit, locale) || `#${alert.unit_id}`}</dd>
            {alert.country ? (
              <>
                <dt>{t('monitor.country')}</dt>
                <dd>
                  <Countries codes={[alert.country]} />
                </dd>
              </>
            ) : null}
            <dt>{t('monitor.alerts.created')}</dt>
            <dd>{dateTime(alert.created_at)}</dd>
            <dt>{t('monitor.alerts.deadline')}</dt>
            <dd data-testid="alert-deadline">
              {alert.ack_deadline ? dateTime(alert.ack_deadline) : t('monitor.alert.noDeadline')}
              {overdue ? <span className="badge overdue-badge">{t('monitor.alerts.overdue')}</span> : null}
            </dd>
            <dt>{t('monitor.alert.escalation')}</dt>
            <dd data-testid="alert-escalation-level">
              {t(`monitor.escalation.${Math.min(alert.escalation_level, 2)}` as MessageKey)}
              {alert.escalated_at ? ` · ${dateTime(alert.escalated_at)}` : ''}
            </dd>
            <dt>{t('monitor.alerts.assigned')}</dt>
            <dd data-testid="alert-assignee">{alert.assigned_to !== null ? nameOf(alert.assigned_to) : t('monitor.alert.nobody')}</dd>
            {alert.acknowledged_at ? (
              <>
                <dt>{t('monitor.alert.acknowledged')}</dt>
                <dd data-testid="alert-acknowledged">
                  {t('monitor.alert.acknowledgedBy', { name: nameOf(alert.acknowledged_by), time: dateTime(alert.acknowledged_at) })}
                </dd>
              </>
            ) : null}
          </dl>
          <ErrorMessage error={actionError} testId="alert-action-error" />
          <div className="actions">
            {alert.state === 'open' ? (
              <button type="button" className="button primary" onClick={() => void acknowledge()} disabled={busy} data-testid="alert-acknowledge">
                {t('monitor.alert.acknowledge')}
              </button>
            ) : null}
            {me && alert.assigned_to !== me.id ? (
              <button type="button" className="button" onClick={() => void assign(me.id)} disabled={busy} data-testid="alert-assign-me">
                {t('monitor.alert.assignMe')}
              </button>
            ) : null}
            {alert.assigned_to !== null ? (
              <button type="button" className="button" onClick={() => void assign(null)} disabled={busy} data-testid="alert-unassign">
                {t('monitor.alert.unassign')}
              </button>
            ) : null}
          </div>
          <h3 className="monitor-subhead">{t('monitor.alert.assign')}</h3>
          <UserPicker
            testIdPrefix="alert-assignee"
            searchLabel={t('monitor.alert.assignSearch')}
            addLabel={t('monitor.alert.assign')}
            exclude={alert.assigned_to !== null ? [alert.assigned_to] : []}
            onPick={(user) => void assign(user.id)}
            quietWhenForbidden
          />
        </section>
        <section className="card">
          <AlertContent alert={alert} />
        </section>
      </div>
      <section className="card" aria-labelledby="alert-comments">
        <h2 id="alert-comments">{t('monitor.alert.comments')}</h2>
        {(alert.comments ?? []).length === 0 ? <p className="muted">{t('monitor.alert.noComments')}</p> : null}
        <ol className="plain-list monitor-comments" data-testid="alert-comments">
          {(alert.comments ?? []).map((entry) => (
            <li key={entry.id} className="monitor-comment" data-testid="alert-comment">
              <p className="muted small">
                {nameOf(entry.author_id)} · {dateTime(entry.created_at)}
              </p>
              <p className="monitor-comment-body">{entry.body}</p>
            </li>
          ))}
        </ol>
        <NoteForm
          id="alert-comment"
          label={t('monitor.alert.comment')}
          submitLabel={t('monitor.alert.addComment')}
          sizeText={(bytes, max) => t('monitor.alert.commentSize', { bytes, max })}
          maxBytes={COMMENT_MAX_BYTES}
          busy={busy}
          send={(body) => act(() => api.post<MonitorAlertComment>(`/monitor/alerts/${alertId}/comments`, { body }))}
          inputTestId="alert-comment-input"
          sendTestId="alert-comment-send"
        />
      </section>
    </div>
  );
}
