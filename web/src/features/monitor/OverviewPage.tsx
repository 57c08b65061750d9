// The monitor's overview (/monitor): what arrived over the last hours (GET /monitor/activity) as a chart of
// articles, stories and matches per hour, a world map of articles by country (the directory's map in its
// choropleth mode), the leading countries, languages and queries, the open alerts waiting, and what rose above its
// usual rate in the period (the burst alerts, of queries and of countries, the reader may see).
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { MonitorActivity, MonitorAlert, MonitorPage } from '../../shared/types';
import { WorldMap } from '../directory/WorldMap';
import { ActivityChart } from './ActivityChart';
import { loadQueries, useMonitorUnits } from './data';
import { MonitorNav } from './MonitorNav';
import { burstHeading, burstWords, isBurstDetail } from './alerts';
import { useNames } from './parts';
import { countsByCountry, flagOf } from './units';

const SPANS = [24, 72, 168];

export function OverviewPage() {
  const words = useI18n();
  const { t, plural, number } = words;
  const { directory } = useMonitorUnits();
  const names = useNames();
  const [hours, setHours] = useState(24);
  const activity = useLoad((signal) => api.get<MonitorActivity>('/monitor/activity', { query: { hours }, signal }), [hours]);
  const queries = useLoad((signal) => loadQueries(signal), []);
  const open = useLoad((signal) => api.get<MonitorPage<MonitorAlert>>('/monitor/alerts', { query: { state: 'open', limit: 1 }, signal }), []);
  const bursts = useLoad((signal) => api.get<MonitorPage<MonitorAlert>>('/monitor/alerts', { query: { kind: 'burst', limit: 20 }, signal }), []);
  const rising = useMemo(() => {
    const since = Date.now() - hours * 3600 * 1000;
    return (bursts.data?.items ?? []).filter((alert) => Date.parse(alert.created_at) >= since).slice(0, 5);
  }, [bursts.data, hours]);

  const counts = useMemo(() => countsByCountry(activity.data?.countries ?? []), [activity.data]);
  const topCountries = useMemo(() => [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10), [counts]);
  const queryName = (id: number) => queries.data?.find((query) => query.id === id)?.name ?? t('monitor.queryNumber', { id });
  const openCount = open.data?.total ?? open.data?.items.length ?? 0;

  return (
    <div className="page monitor-page" data-testid="monitor-overview">
      <div className="page-head">
        <h1>{t('monitor.overview.title')}</h1>
        <div className="field monitor-span">
          <label htmlFor="overview-hours">{t('monitor.overview.span')}</label>
          <select id="overview-hours" value={hours} onChange={(event) => setHours(Number(event.target.value))} data-testid="overview-hours">
            {SPANS.map((span) => (
              <option key={span} value={span}>
                {plural('monitor.overview.hours', span)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <MonitorNav current="overview" />
      {open.data ? (
        <p className={openCount > 0 ? 'alert alert-warning' : 'alert alert-success'} data-testid="overview-open-alerts">
          {plural('monitor.overview.openAlerts', openCount)}{' '}
          <Link to="/monitor/alerts?state=open">{t('monitor.overview.toInbox')}</Link>
        </p>
      ) : null}
      {bursts.data ? (
        <section className="card monitor-rising" aria-labelledby="overview-rising" data-testid="overview-rising">
          <h2 id="overview-rising">{t('monitor.overview.rising')}</h2>
          {rising.length === 0 ? <p className="muted">{t('monitor.overview.risingNone')}</p> : null}
          <ul className="plain-list">
            {rising.map((alert) => (
              <li key={alert.id} data-testid="overview-rising-item">
                <Link to={`/monitor/alerts/${alert.id}`}>{burstHeading(alert, words, names.country)}</Link>
                {isBurstDetail(alert.detail) ? <span className="muted small"> — {burstWords(alert.detail, words).sentence}</span> : null}{' '}
                <span className="muted small nowrap">· {words.dateTime(alert.created_at)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ErrorMessage error={activity.error} />
      {activity.loading && !activity.data ? <Loading /> : null}
      {activity.data ? (
        <>
          <section className="card" aria-labelledby="overview-trend">
            <h2 id="overview-trend">{t('monitor.overview.trend')}</h2>
            <ActivityChart activity={activity.data} />
          </section>
          <section className="card" aria-labelledby="overview-map">
            <h2 id="overview-map">{t('monitor.overview.map')}</h2>
            <WorldMap
              countries={directory.countries}
              choropleth={{
                counts,
                testId: 'activity-map',
                summary: t('monitor.overview.mapSummary', { countries: counts.size }),
                describe: (name, count) => `${name}: ${plural('monitor.overview.articleCount', count)}`,
                legend: (low, high) => (low === high ? number(low) : `${number(low)}–${number(high)}`),
              }}
            />
          </section>
          <div className="columns monitor-tops">
            <section className="card" aria-labelledby="overview-countries">
              <h2 id="overview-countries">{t('monitor.overview.countries')}</h2>
              <ol className="monitor-top" data-testid="overview-countries">
                {topCountries.map(([country, articles]) => (
                  <li key={country}>
                    <Link to={`/monitor/articles?country=${country}`}>
                      <span className="monitor-flag" aria-hidden="true">{flagOf(country)} </span>
                      {names.country(country)}
                    </Link>
                    <span className="num">{number(articles)}</span>
                  </li>
                ))}
              </ol>
              {topCountries.length === 0 ? <p className="muted">{t('monitor.overview.none')}</p> : null}
            </section>
            <section className="card" aria-labelledby="overview-languages">
              <h2 id="overview-languages">{t('monitor.overview.languages')}</h2>
              <ol className="monitor-top" data-testid="overview-languages">
                {activity.data.languages.slice(0, 10).map((entry) => (
                  <li key={entry.language}>
                    <Link to={`/monitor/articles?language=${entry.language}`}>{names.language(entry.language)}</Link>
                    <span className="num">{number(entry.articles)}</span>
                  </li>
                ))}
              </ol>
              {activity.data.languages.length === 0 ? <p className="muted">{t('monitor.overview.none')}</p> : null}
            </section>
            <section className="card" aria-labelledby="overview-queries">
              <h2 id="overview-queries">{t('monitor.overview.queries')}</h2>
              <ol className="monitor-top" data-testid="overview-queries">
                {activity.data.queries.map((entry) => (
                  <li key={entry.query_id}>
                    <Link to={`/monitor/articles?query_id=${entry.query_id}`}>{queryName(entry.query_id)}</Link>
                    <span className="num">{number(entry.matches)}</span>
                  </li>
                ))}
              </ol>
              {activity.data.queries.length === 0 ? <p className="muted">{t('monitor.overview.none')}</p> : null}
            </section>
          </div>
        </>
      ) : null}
    </div>
  );
}
