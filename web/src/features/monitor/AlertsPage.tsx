// The alert inbox (/monitor/alerts?state=&kind=&unit=): the alerts the user may see, newest first, filtered by state,
// kind and unit, paged with next_before, and kept current by the stream (new alerts and their changes: acknowledged,
// assigned, commented, escalated). Each row leads to the alert (/monitor/alerts/:id).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { UnitSelect } from '../../shared/UnitSelect';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading, unitName } from '../../shared/ui';
import type { Id, MonitorAlert, MonitorAlertKind, MonitorAlertState, MonitorPage, MonitorStreamEvent } from '../../shared/types';
import { ALERT_KINDS, ALERT_STATES, burstHeading, isOverdue, mergeAlert, totalDelta, type AlertFilter } from './alerts';
import { useMonitorStream, useMonitorUnits, useReconnections, useUserNames } from './data';
import { MonitorNav } from './MonitorNav';
import { Countries, LiveIndicator, PriorityBadge, useNames } from './parts';
import { unitFromParam } from './units';

const PAGE_SIZE = 50;

function filterFrom(params: URLSearchParams, units: ReturnType<typeof useMonitorUnits>['readable']): AlertFilter {
  const state = params.get('state') ?? 'open';
  const kind = params.get('kind') ?? '';
  return {
    state: (ALERT_STATES as string[]).includes(state) ? (state as MonitorAlertState) : '',
    kind: (ALERT_KINDS as string[]).includes(kind) ? (kind as MonitorAlertKind) : '',
    unitId: unitFromParam(params.get('unit'), units),
  };
}

export function AlertsPage() {
  const words = useI18n();
  const { t, dateTime, locale, plural } = words;
  const placeNames = useNames();
  const { directory, readable } = useMonitorUnits();
  const names = useUserNames();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params, readable);
  const filterKey = `${filter.state}|${filter.kind}|${filter.unitId ?? ''}`;
  const [alerts, setAlerts] = useState<MonitorAlert[] | null>(null);
  const [nextBefore, setNextBefore] = useState<Id | null>(null);
  // How many the filter selects in all (the first page's total), kept current by the stream.
  const [total, setTotal] = useState<number | null>(null);
  const listed = useRef<MonitorAlert[] | null>(null);
  listed.current = alerts;
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = useCallback(
    async (before: Id | null, signal?: AbortSignal) => {
      const page = await api.get<MonitorPage<MonitorAlert>>('/monitor/alerts', {
        query: { state: filter.state, kind: filter.kind, unit_id: filter.unitId, before, limit: PAGE_SIZE },
        signal,
      });
      return page;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filterKey],
  );

  useEffect(() => {
    const controller = new AbortController();
    setAlerts(null);
    setError(null);
    load(null, controller.signal)
      .then((page) => {
        setAlerts(page.items ?? []);
        setNextBefore(page.next_before ?? null);
        setTotal(page.total ?? null);
      })
      .catch((caught: unknown) => !controller.signal.aborted && setError(caught));
    return () => controller.abort();
  }, [load]);

  const more = async () => {
    if (nextBefore === null) return;
    setLoadingMore(true);
    try {
      const page = await load(nextBefore);
      setAlerts((previous) => [...(previous ?? []), ...(page.items ?? []).filter((alert) => !(previous ?? []).some((known) => known.id === alert.id))]);
      setNextBefore(page.next_before ?? null);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  const onEvent = useCallback(
    (event: MonitorStreamEvent) => {
      if (event.type !== 'alert' && event.type !== 'alert.changed') return;
      const delta = totalDelta(listed.current, event.type, event.alert, filter);
      if (delta !== 0) setTotal((known) => (known === null ? known : Math.max(0, known + delta)));
      setAlerts((previous) => {
        if (!previous) return previous;
        const oldest = nextBefore !== null && previous.length > 0 ? previous[previous.length - 1].id : null;
        return mergeAlert(previous, event.alert, filter, oldest);
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filterKey, nextBefore],
  );
  const live = useMonitorStream(filter.unitId !== null ? [filter.unitId] : null, onEvent);
  // Alerts raised or changed while the stream was down are read again with the first page.
  const reconnections = useReconnections(live);
  useEffect(() => {
    if (reconnections === 0) return;
    let stopped = false;
    load(null)
      .then((page) => {
        if (stopped) return;
        setTotal(page.total ?? null);
        setAlerts((previous) => (page.items ?? []).reduce((list, alert) => mergeAlert(list, alert, filter), previous ?? []));
      })
      .catch(() => undefined);
    return () => {
      stopped = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reconnections]);

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    if (!value && name !== 'state') next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <div className="page monitor-page" data-testid="monitor-alerts-page">
      <div className="page-head">
        <h1>{t('monitor.alerts.title')}</h1>
        <LiveIndicator state={live} />
      </div>
      <MonitorNav current="alerts" />
      <form className="toolbar filters" onSubmit={(event) => event.preventDefault()} aria-label={t('monitor.alerts.filters')}>
        <div className="field">
          <label htmlFor="alert-state">{t('monitor.alerts.state')}</label>
          <select id="alert-state" value={filter.state} onChange={(event) => setParam('state', event.target.value)} data-testid="alert-filter-state">
            <option value="">{t('common.all')}</option>
            {ALERT_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`monitor.alertState.${state}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="alert-kind">{t('monitor.alerts.kind')}</label>
          <select id="alert-kind" value={filter.kind} onChange={(event) => setParam('kind', event.target.value)} data-testid="alert-filter-kind">
            <option value="">{t('common.all')}</option>
            {ALERT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`monitor.alertKind.${kind}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <UnitSelect units={readable} value={filter.unitId} onChange={(id) => setParam('unit', id ? String(id) : '')} label={t('monitor.unit')} testId="alert-filter-unit" allowAll />
      </form>
      <ErrorMessage error={error} />
      {alerts === null && !error ? <Loading /> : null}
      {alerts !== null ? (
        <p className="count" data-testid="alerts-count">
          {nextBefore !== null && total !== null && total > alerts.length
            ? plural('monitor.alerts.countOf', total, { shown: words.number(alerts.length) })
            : plural(nextBefore !== null ? 'monitor.alerts.countMore' : 'monitor.alerts.count', alerts.length)}
        </p>
      ) : null}
      {alerts !== null && alerts.length === 0 ? <p data-testid="alerts-empty">{t('monitor.alerts.empty')}</p> : null}
      {alerts !== null && alerts.length > 0 ? (
        <div className="table-wrap">
          <table className="table stack-table monitor-alerts-table" data-testid="alerts-table">
            <caption className="visually-hidden">{t('monitor.alerts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('monitor.alerts.alert')}</th>
                <th scope="col">{t('monitor.unit')}</th>
                <th scope="col">{t('monitor.alerts.created')}</th>
                <th scope="col">{t('monitor.alerts.deadline')}</th>
                <th scope="col">{t('monitor.alerts.assigned')}</th>
                <th scope="col">{t('monitor.alerts.state')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((alert) => {
                const overdue = isOverdue(alert);
                return (
                  <tr key={alert.id} className={overdue ? 'overdue' : undefined} data-testid="alert-row" data-alert-id={alert.id} data-state={alert.state}>
                    <td data-label={t('monitor.alerts.alert')}>
                      <div className="cell monitor-alert-cell">
                        <span className="monitor-badges">
                          <span className={`badge monitor-kind-${alert.kind}`}>{t(`monitor.alertKind.${alert.kind}` as MessageKey)}</span>
                          <PriorityBadge priority={alert.priority} />
                        </span>
                        <Link to={`/monitor/alerts/${alert.id}`} data-testid="alert-link">
                          {alert.kind === 'burst' ? burstHeading(alert, words, placeNames.country) : alert.title || t('monitor.untitled')}
                        </Link>
                        {alert.country ? <Countries codes={[alert.country]} /> : null}
                      </div>
                    </td>
                    <td data-label={t('monitor.unit')}>
                      <span className="cell">{unitName(directory.unitById.get(alert.unit_id), locale) || `#${alert.unit_id}`}</span>
                    </td>
                    <td data-label={t('monitor.alerts.created')} className="nowrap">
                      <span className="cell">{dateTime(alert.created_at)}</span>
                    </td>
                    <td data-label={t('monitor.alerts.deadline')}>
                      <span className="cell">
                        {alert.ack_deadline ? dateTime(alert.ack_deadline) : ''}
                        {overdue ? <span className="badge overdue-badge">{t('monitor.alerts.overdue')}</span> : null}
                        {alert.escalation_level > 0 ? (
                          <span className="badge monitor-escalated" data-testid="alert-escalation">
                            {t(`monitor.escalation.${Math.min(alert.escalation_level, 2)}` as MessageKey)}
                          </span>
                        ) : null}
                      </span>
                    </td>
                    <td data-label={t('monitor.alerts.assigned')}>
                      <span className="cell">{alert.assigned_to !== null ? names.get(alert.assigned_to) ?? t('monitor.userNumber', { id: alert.assigned_to }) : ''}</span>
                    </td>
                    <td data-label={t('monitor.alerts.state')}>
                      <span className={`badge monitor-state-${alert.state}`}>{t(`monitor.alertState.${alert.state}` as MessageKey)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextBefore !== null ? (
        <button type="button" className="button" onClick={() => void more()} disabled={loadingMore} data-testid="alerts-more">
          {loadingMore ? t('common.working') : t('common.loadMore')}
        </button>
      ) : null}
    </div>
  );
}
