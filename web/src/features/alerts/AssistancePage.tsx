// Assistance cases (/alerts/assistance): those who answered a safety check "I need help", for the missions whose
// citizens the user may read — unassigned open cases first, then the newest — filtered by state and by who has
// them (me, nobody), or by one alert (?alert=ID, from the safety panel). Every listing is an audited read of
// personal data, so the list is read when the page opens, when a filter changes and on request, never polled.
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { isApiError } from '../../shared/api';
import { ErrorMessage, Loading, usePagedList } from '../../shared/ui';
import type { Id } from '../../shared/types';
import { listCases, type AssignedFilter, type AssistanceCase, type StateFilter } from './assistance';

const STATES: StateFilter[] = ['open', 'resolved', 'all'];
const ASSIGNED: AssignedFilter[] = ['', 'me', 'none'];

export function AssistancePage() {
  const { t, plural, dateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = (STATES as string[]).includes(params.get('state') ?? '') ? (params.get('state') as StateFilter) : 'open';
  const assigned = (ASSIGNED as string[]).includes(params.get('assigned') ?? '') ? (params.get('assigned') as AssignedFilter) : '';
  const alertParam = params.get('alert');
  const alertId: Id | undefined = alertParam && /^\d+$/.test(alertParam) ? Number(alertParam) : undefined;
  // Read again when a filter changes or on request.
  const { items, next, loading, error, more, reload } = usePagedList<AssistanceCase>(async (before, signal) => {
    const page = await listCases({ state, assigned, alertId, before }, signal);
    return { items: page.items, next: page.next_before };
  }, [state, assigned, alertId]);

  const setFilter = (name: string, value: string) => {
    const changed = new URLSearchParams(params);
    if (value) changed.set(name, value);
    else changed.delete(name);
    setParams(changed, { replace: true });
  };

  const forbidden = isApiError(error) && error.status === 403;
  return (
    <div className="page al-page" data-testid="assistance-page">
      <nav aria-label={t('assistance.breadcrumb')} className="muted small">
        <Link to="/alerts">{t('alerts.title')}</Link>
      </nav>
      <div className="page-head">
        <h1>{t('assistance.title')}</h1>
        <div className="actions">
          <button type="button" className="button" onClick={reload} disabled={loading} data-testid="assistance-reload">
            {t('alerts.safety.reloadPeople')}
          </button>
        </div>
      </div>
      <p className="muted">{t('assistance.lead')}</p>
      <div className="filters al-case-filters" role="group" aria-label={t('assistance.filter.state')}>
        <div className="field">
          <label htmlFor="assistance-state">{t('assistance.filter.state')}</label>
          <select id="assistance-state" value={state} onChange={(event) => setFilter('state', event.target.value === 'open' ? '' : event.target.value)} data-testid="assistance-state">
            {STATES.map((value) => (
              <option key={value} value={value}>
                {t(`assistance.filter.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="assistance-assigned">{t('assistance.filter.who')}</label>
          <select id="assistance-assigned" value={assigned} onChange={(event) => setFilter('assigned', event.target.value)} data-testid="assistance-assigned">
            {ASSIGNED.map((value) => (
              <option key={value || 'anyone'} value={value}>
                {t(value === '' ? 'assistance.filter.anyone' : value === 'me' ? 'assistance.filter.me' : 'assistance.filter.none')}
              </option>
            ))}
          </select>
        </div>
        {alertId ? (
          <p className="al-case-alert-filter">
            <Link to={`/alerts/${alertId}`}>{t('assistance.case.alert')} #{alertId}</Link>{' '}
            <button type="button" className="button small" onClick={() => setFilter('alert', '')} data-testid="assistance-all-alerts">
              {t('assistance.filter.all')}
            </button>
          </p>
        ) : null}
      </div>
      {forbidden ? <p data-testid="assistance-forbidden">{t('assistance.forbidden')}</p> : <ErrorMessage error={error} testId="assistance-error" />}
      {items === null && loading ? <Loading /> : null}
      {items ? (
        <>
          <p className="muted small" data-testid="assistance-count" aria-live="polite">
            {plural('assistance.count', items.length)} · {t('alerts.safety.audited')}
          </p>
          {items.length === 0 ? (
            <p className="muted" data-testid="assistance-empty">
              {t('assistance.empty')}
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table stack-table al-cases" data-testid="assistance-table">
                <caption className="visually-hidden">{t('assistance.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('assistance.col.person')}</th>
                    <th scope="col">{t('assistance.col.state')}</th>
                    <th scope="col">{t('assistance.col.assignee')}</th>
                    <th scope="col">{t('assistance.col.message')}</th>
                    <th scope="col">{t('assistance.col.alert')}</th>
                    <th scope="col">{t('assistance.col.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.id} data-testid="assistance-row" data-case={item.id} data-state={item.state}>
                      <th scope="row" data-label={t('assistance.col.person')}>
                        <Link to={`/alerts/assistance/${item.id}`}>{item.full_name || item.reference}</Link>{' '}
                        <span className="muted small mono">{item.reference}</span>
                        {item.phone ? (
                          <div>
                            <a href={`tel:${item.phone}`} className="nowrap small">
                              {item.phone}
                            </a>
                          </div>
                        ) : null}
                      </th>
                      <td data-label={t('assistance.col.state')}>
                        <span className={`badge al-case-${item.state}`}>{t(`assistance.state.${item.state}`)}</span>
                      </td>
                      <td data-label={t('assistance.col.assignee')}>
                        {item.assignee_id !== null ? (
                          <span className="cell">{item.assignee_name}</span>
                        ) : (
                          <span className="cell al-unassigned">{t('assistance.unassigned')}</span>
                        )}
                      </td>
                      <td data-label={t('assistance.col.message')}>
                        <span className="cell al-multiline">{item.last_message}</span>
                      </td>
                      <td data-label={t('assistance.col.alert')}>
                        <Link to={`/alerts/${item.alert_id}`} className="cell">
                          {item.alert_headline || `#${item.alert_id}`}
                        </Link>
                      </td>
                      <td data-label={t('assistance.col.updated')}>{dateTime(item.updated_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {next !== null ? (
            <button type="button" className="button" onClick={more} disabled={loading} data-testid="assistance-more">
              {t('assistance.more')}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
