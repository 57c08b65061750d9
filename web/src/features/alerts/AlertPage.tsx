// One alert (/alerts/:id), by its state: a draft shows who it would reach and is submitted or discarded from here;
// an alert awaiting approval is approved (by someone else) from here; a sending or sent alert shows its deliveries,
// live while sending, and its safety check when it asked "Are you safe?", with the way to send an Update or a
// Cancel. The content follows, read only.
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { hasPermission } from '../../shared/permissions';
import { useVisiblePolling } from '../../shared/polling';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, Notice, useLoad } from '../../shared/ui';
import type { Alert, AlertProgress } from '../../shared/types';
import { notice, noticeOf } from '../citizens/notice';
import { useDirectory } from '../directory/data';
import { useUserNames } from '../monitor/data';
import { AlertContentView } from './AlertContentView';
import { ApprovalPanel } from './ApprovalPanel';
import { AlertBadges } from './Badges';
import { DraftPanel } from './DraftPanel';
import { ProgressPanel } from './ProgressPanel';
import { SafetyPanel } from './SafetyPanel';
import { headlineOf } from './data';

const POLL_MS = 2500;

interface Loaded {
  alert: Alert;
  progress: AlertProgress | null;
}

async function loadAlert(id: string, signal?: AbortSignal): Promise<Loaded> {
  const alert = await api.get<Alert>(`/alerts/${id}`, { signal });
  const sent = alert.state === 'sending' || alert.state === 'sent';
  const progress = sent ? await api.get<AlertProgress>(`/alerts/${id}/progress`, { signal }) : null;
  return { alert, progress };
}

export function AlertPage() {
  const { id = '' } = useParams();
  const { t, plural, locale, dateTime } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const directory = useDirectory();
  const names = useUserNames();
  const loaded = useLoad((signal) => loadAlert(id, signal), [id]);
  const [changed, setChanged] = useState<ReturnType<typeof noticeOf>>(null);
  const shown = changed ?? noticeOf(location.state);

  const alert = loaded.data?.alert;
  const sending = alert?.state === 'sending';
  const setData = loaded.setData;
  // While sending: the alert (to see it become "sent") and its progress, every 2.5 s.
  useVisiblePolling(
    async (signal) => {
      const next = await loadAlert(id, signal);
      setData(() => next);
    },
    POLL_MS,
    sending,
  );

  if (loaded.error) {
    const missing = isApiError(loaded.error) && loaded.error.status === 404;
    return (
      <div className="page al-page">
        <p className="breadcrumb">
          <Link to="/alerts">{t('alerts.title')}</Link>
        </p>
        {missing ? <p data-testid="alert-missing">{t('alerts.missing')}</p> : <ErrorMessage error={loaded.error} />}
      </div>
    );
  }
  if (!alert) return <Loading />;

  const unit = directory.unitById.get(alert.unit_id);
  const zone = unit?.time_zone || undefined;
  const maySend = hasPermission(me, 'alerts_send', alert.unit_id);
  const nameOf = (userId: number | null | undefined) => (userId ? names.get(userId) ?? t('alerts.view.userNumber', { id: userId }) : '');
  const onChanged = (next: Alert) => {
    setChanged(
      next.state === 'awaiting_approval'
        ? { key: 'alerts.notice.awaiting' }
        : next.state === 'sending' || next.state === 'sent'
          ? { key: 'alerts.notice.sending' }
          : null,
    );
    loaded.reload();
  };
  const onDiscarded = () => navigate('/alerts', { state: notice('alerts.notice.discarded') });
  const follows = (alert.state === 'sending' || alert.state === 'sent') && maySend;

  return (
    <div className="page al-page" data-testid="alert-page" data-alert-id={alert.id} data-state={alert.state}>
      <p className="breadcrumb">
        <Link to="/alerts">{t('alerts.title')}</Link>
      </p>
      <div className="page-head al-head">
        <h1 data-testid="alert-headline">{headlineOf(alert, locale)}</h1>
        <AlertBadges alert={alert} />
      </div>
      {alert.status && alert.status !== 'Actual' ? (
        <p className="al-exercise-banner" data-testid="alert-exercise-banner">
          {t(alert.status === 'Exercise' ? 'alerts.banner.exercise' : 'alerts.banner.test')}
        </p>
      ) : null}
      <p className="muted al-history" data-testid="alert-history">
        {t('alerts.view.created', { when: dateTime(alert.created_at, zone), who: nameOf(alert.created_by) })}
        {alert.sent_at ? ` ${plural('alerts.view.sent', alert.recipients, { when: dateTime(alert.sent_at, zone) })}` : ''}
        {alert.approved_by ? ` ${t('alerts.view.approved', { who: nameOf(alert.approved_by) })}` : ''}
      </p>
      {shown ? <Notice testId="alert-notice">{t(shown.key, shown.params)}</Notice> : null}
      {alert.state === 'draft' ? <DraftPanel alert={alert} maySend={maySend} onChanged={onChanged} onDiscarded={onDiscarded} /> : null}
      {alert.state === 'awaiting_approval' ? <ApprovalPanel alert={alert} maySend={maySend} onChanged={onChanged} onDiscarded={onDiscarded} /> : null}
      {alert.state === 'discarded' ? <p className="alert alert-warning">{t('alerts.view.discarded')}</p> : null}
      {alert.state === 'sending' || alert.state === 'sent' ? <ProgressPanel progress={loaded.data?.progress ?? null} sending={sending} /> : null}
      {(alert.state === 'sending' || alert.state === 'sent') && alert.safety_check ? <SafetyPanel alert={alert} zone={zone} /> : null}
      {follows ? (
        <div className="actions al-follow">
          <Link className="button" to={`/alerts/new?type=Update&references=${alert.id}`} data-testid="alert-update">
            {t('alerts.followUpdate')}
          </Link>
          <Link className="button danger" to={`/alerts/new?type=Cancel&references=${alert.id}`} data-testid="alert-cancel">
            {t('alerts.followCancel')}
          </Link>
        </div>
      ) : null}
      <AlertContentView alert={alert} unit={unit} countries={directory.countries} />
    </div>
  );
}
