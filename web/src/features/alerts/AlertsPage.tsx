// The alerts of the units where the user may send or approve them (/alerts), newest first, paged with
// `next_before`: headline, unit, kind (an exercise or a test is marked), state, when, how many were reached.
// Alerts awaiting approval are counted at the top for those who may approve them.
import { Link, useLocation } from 'react-router';
import { useI18n } from '../../i18n';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, Notice, unitName, usePagedList } from '../../shared/ui';
import type { Alert } from '../../shared/types';
import { noticeOf } from '../citizens/notice';
import { useDirectory } from '../directory/data';
import { AlertBadges } from './Badges';
import { headlineOf, listAlerts } from './data';

export function AlertsPage() {
  const { t, plural, dateTime, locale, number } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  const directory = useDirectory();
  const { items, next, loading, error, more } = usePagedList<Alert>(async (before, signal) => {
    const page = await listAlerts(before, signal);
    return { items: page.items, next: page.next_before };
  }, []);
  const shown = noticeOf(location.state);

  const maySend = hasPermission(me, 'alerts_send');
  const mayReadCitizens = hasPermission(me, 'citizens_read');
  const awaiting = (items ?? []).filter(
    (alert) => alert.state === 'awaiting_approval' && hasPermission(me, 'alerts_approve', alert.unit_id) && alert.created_by !== me?.id && alert.submitted_by !== me?.id,
  );
  return (
    <div className="page al-page" data-testid="alerts-page">
      <div className="page-head">
        <h1>{t('alerts.title')}</h1>
        <div className="actions">
          {mayReadCitizens ? (
            <Link className="button" to="/alerts/assistance" data-testid="alerts-assistance">
              {t('assistance.link')}
            </Link>
          ) : null}
          <Link className="button" to="/alerts/webhooks" data-testid="alerts-webhooks">
            {t('webhooks.link')}
          </Link>
          {maySend ? (
            <Link className="button primary" to="/alerts/new" data-testid="alert-new">
              {t('alerts.new')}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="lead">{t('alerts.lead')}</p>
      {shown ? <Notice testId="alerts-notice">{t(shown.key, shown.params)}</Notice> : null}
      {awaiting.length > 0 ? (
        <p className="alert alert-warning" data-testid="alerts-awaiting">
          {plural('alerts.list.awaiting', awaiting.length)}
        </p>
      ) : null}
      <ErrorMessage error={error} testId="alerts-error" />
      {items === null && loading ? <Loading /> : null}
      {items !== null && items.length === 0 ? <p data-testid="alerts-empty">{t('alerts.list.empty')}</p> : null}
      {items && items.length > 0 ? (
        <div className="table-wrap">
          <table className="table stack-table al-table" data-testid="alerts-table">
            <caption className="visually-hidden">{t('alerts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('alerts.field.headline')}</th>
                <th scope="col">{t('alerts.field.unit')}</th>
                <th scope="col">{t('alerts.list.kindAndState')}</th>
                <th scope="col">{t('alerts.list.when')}</th>
                <th scope="col" className="num">
                  {t('alerts.list.recipients')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((alert) => {
                const unit = directory.unitById.get(alert.unit_id);
                return (
                  <tr key={alert.id} data-testid="alert-row" data-alert-id={alert.id} data-state={alert.state} data-status={alert.status}>
                    <th scope="row" data-label={t('alerts.field.headline')}>
                      <Link to={`/alerts/${alert.id}`} data-testid="alert-link">
                        {headlineOf(alert, locale) || t('alerts.list.noHeadline')}
                      </Link>
                    </th>
                    <td data-label={t('alerts.field.unit')}>
                      <span className="cell">{unit ? unitName(unit, locale) : `#${alert.unit_id}`}</span>
                    </td>
                    <td data-label={t('alerts.list.kindAndState')}>
                      <AlertBadges alert={alert} />
                    </td>
                    <td data-label={t('alerts.list.when')}>
                      <span className="nowrap">{dateTime(alert.sent_at ?? alert.updated_at, unit?.time_zone || undefined)}</span>
                    </td>
                    <td className="num" data-label={t('alerts.list.recipients')}>
                      <span className="cell">{alert.sent_at ? number(alert.recipients) : ''}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {next !== null ? (
        <div className="actions">
          <button type="button" className="button" onClick={more} disabled={loading} data-testid="alerts-more">
            {loading ? t('common.working') : t('common.loadMore')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
