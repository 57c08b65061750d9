// The safety check of a sent alert ("Are you safe?"): how many answered safe, how many need help, how many have
// not answered (counts polled every 10 s while the page is visible), by the channel of their answer; then the
// people — those who need help first (name, phone, city, their message, when, where), then those who have not
// answered — and a map of where they are. Listing the people is an audited read of personal data (and needs
// citizens_read), so the lists are read when the page opens and again only on request. Each one who asked for help
// links to their assistance case.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { useVisiblePolling } from '../../shared/polling';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Alert, SafetyCounts, SafetyPerson } from '../../shared/types';
import type { LatLon } from './cap';
import { shapesOfArea } from './drawing';
import { AreaMap, type MapPoint } from './AreaMap';
import { channelLabel } from './labels';
import { Bar } from './ProgressPanel';
import { channelCounts, safetyParts, type SafetyKey } from './progress';

const POLL_MS = 10_000;

interface People {
  needHelp: SafetyPerson[];
  noAnswer: SafetyPerson[];
}

async function loadPeople(alertId: number, signal: AbortSignal): Promise<People> {
  const [needHelp, noAnswer] = await Promise.all([
    api.get<{ items: SafetyPerson[] }>(`/alerts/${alertId}/safety/people`, { query: { which: 'need_help' }, signal }),
    api.get<{ items: SafetyPerson[] }>(`/alerts/${alertId}/safety/people`, { query: { which: 'no_answer' }, signal }),
  ]);
  return { needHelp: needHelp.items ?? [], noAnswer: noAnswer.items ?? [] };
}

function Location({ location }: { location: LatLon | null }) {
  const { t } = useI18n();
  if (!location) return <span className="muted">{t('alerts.safety.noLocation')}</span>;
  return (
    <span className="mono nowrap">
      {location.latitude.toFixed(4)}, {location.longitude.toFixed(4)}
    </span>
  );
}

function PeopleTable({ people, kind, zone }: { people: SafetyPerson[]; kind: 'need_help' | 'no_answer'; zone?: string }) {
  const { t, dateTime } = useI18n();
  const needHelp = kind === 'need_help';
  return (
    <div className="table-wrap">
      <table className="table stack-table al-people" data-testid={`safety-${kind}-table`}>
        <caption className="visually-hidden">{t(needHelp ? 'alerts.safety.needHelpList' : 'alerts.safety.noAnswerList')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('alerts.safety.name')}</th>
            <th scope="col">{t('alerts.safety.phone')}</th>
            <th scope="col">{t('alerts.safety.city')}</th>
            {needHelp ? <th scope="col">{t('alerts.safety.message')}</th> : null}
            {needHelp ? <th scope="col">{t('alerts.safety.when')}</th> : null}
            <th scope="col">{t('alerts.safety.location')}</th>
            {needHelp ? <th scope="col">{t('alerts.safety.channel')}</th> : null}
            {needHelp ? <th scope="col">{t('assistance.safety.case')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.citizen_id} data-testid={`safety-person-${kind}`} data-reference={person.reference}>
              <th scope="row" data-label={t('alerts.safety.name')}>
                <Link to={`/citizens/${person.citizen_id}`}>{person.full_name}</Link> <span className="muted small mono">{person.reference}</span>
              </th>
              <td data-label={t('alerts.safety.phone')}>
                {person.phone ? (
                  <a href={`tel:${person.phone}`} className="nowrap">
                    {person.phone}
                  </a>
                ) : (
                  <span className="cell" />
                )}
              </td>
              <td data-label={t('alerts.safety.city')}>
                <span className="cell">{person.city}</span>
              </td>
              {needHelp ? (
                <td data-label={t('alerts.safety.message')}>
                  <span className="cell al-multiline">{person.message}</span>
                </td>
              ) : null}
              {needHelp ? <td data-label={t('alerts.safety.when')}>{dateTime(person.answered_at, zone)}</td> : null}
              <td data-label={t('alerts.safety.location')}>
                <Location location={person.location} />
              </td>
              {needHelp ? (
                <td data-label={t('alerts.safety.channel')}>
                  <span className="cell">{channelLabel(t, person.channel)}</span>
                </td>
              ) : null}
              {needHelp ? (
                <td data-label={t('assistance.safety.case')}>
                  {person.case_id ? (
                    <Link to={`/alerts/assistance/${person.case_id}`} className="nowrap" data-testid="safety-person-case">
                      {t('assistance.safety.openCase', { id: person.case_id })}
                    </Link>
                  ) : (
                    <span className="cell" />
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SafetyPanel({ alert, zone }: { alert: Alert; zone?: string }) {
  const { t, plural, number } = useI18n();
  const [counts, setCounts] = useState<SafetyCounts | null>(null);
  const [countsError, setCountsError] = useState<unknown>(null);
  const people = useLoad((signal) => loadPeople(alert.id, signal), [alert.id]);

  const poll = useCallback(
    async (signal: AbortSignal) => {
      try {
        setCounts(await api.get<SafetyCounts>(`/alerts/${alert.id}/safety`, { signal }));
        setCountsError(null);
      } catch (caught) {
        if (!signal.aborted) setCountsError(caught);
      }
    },
    [alert.id],
  );
  // The first read at once, then every 10 s while the page is visible.
  useEffect(() => {
    const controller = new AbortController();
    void poll(controller.signal);
    return () => controller.abort();
  }, [poll]);
  useVisiblePolling(poll, POLL_MS);

  const { polygons, circles } = useMemo(() => shapesOfArea(alert.area), [alert.area]);
  const points = useMemo<MapPoint[]>(() => {
    const found: MapPoint[] = [];
    for (const [kind, list] of [
      ['no_answer', people.data?.noAnswer ?? []],
      ['need_help', people.data?.needHelp ?? []],
    ] as const) {
      for (const person of list) {
        if (!person.location) continue;
        found.push({ key: `${kind}-${person.citizen_id}`, kind: `am-point-${kind}`, title: person.full_name, ...person.location });
      }
    }
    return found;
  }, [people.data]);

  const forbidden = isApiError(people.error) && people.error.status === 403;
  const parts = counts ? safetyParts(counts) : [];
  const label = (key: SafetyKey) => t(`alerts.safety.${key}`);
  return (
    <section className="card al-panel al-safety" aria-labelledby="al-safety-title" data-testid="safety-panel">
      <h2 id="al-safety-title">{t('alerts.safety.title')}</h2>
      {alert.reply_code ? <p className="muted small">{t('alerts.safety.replyCode', { code: alert.reply_code })}</p> : null}
      <ErrorMessage error={countsError} testId="safety-error" />
      {counts ? (
        <>
          <p className="al-big-number" data-testid="safety-recipients">
            {plural('alerts.safety.asked', counts.recipients)}
          </p>
          <Bar parts={parts} label={label} className="al-bar-safety" testId="safety-bar" />
          <ul className="al-legend al-safety-counts" aria-label={t('alerts.safety.counts')}>
            {parts.map((part) => (
              <li key={part.key} data-testid={`safety-${part.key}`} data-count={part.count}>
                <span className={`al-swatch al-part-${part.key}`} aria-hidden="true" />
                <span className="al-legend-label">{label(part.key)}</span>
                <strong>{number(part.count)}</strong>
                <span className="muted small">{t('alerts.percent', { percent: part.percent })}</span>
              </li>
            ))}
          </ul>
          {channelCounts(counts.by_channel).length > 0 ? (
            <>
              <h3>{t('alerts.safety.byChannel')}</h3>
              <dl className="facts al-counts" data-testid="safety-channels">
                {channelCounts(counts.by_channel).map(([channel, count]) => (
                  <div key={channel} className="al-count-row">
                    <dt>{channelLabel(t, channel)}</dt>
                    <dd>{number(count)}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
        </>
      ) : countsError ? null : (
        <Loading />
      )}
      <div className="section-head al-people-head">
        <h3>{t('alerts.safety.people')}</h3>
        <button type="button" className="button small" onClick={people.reload} disabled={people.loading} data-testid="safety-people-reload">
          {t('alerts.safety.reloadPeople')}
        </button>
      </div>
      <p className="muted small">{t('alerts.safety.audited')}</p>
      {forbidden ? <p data-testid="safety-people-forbidden">{t('alerts.safety.forbidden')}</p> : <ErrorMessage error={people.error} testId="safety-people-error" />}
      {people.loading && !people.data ? <Loading /> : null}
      {people.data ? (
        <>
          <h4 className="al-list-title al-need-help-title">{plural('alerts.safety.needHelpCount', people.data.needHelp.length)}</h4>
          {people.data.needHelp.length > 0 ? (
            <p className="small">
              <Link to={`/alerts/assistance?alert=${alert.id}&state=all`} data-testid="safety-cases">
                {t('assistance.link')}
              </Link>
            </p>
          ) : null}
          {people.data.needHelp.length === 0 ? (
            <p className="muted" data-testid="safety-need_help-empty">
              {t('alerts.safety.nobodyNeedsHelp')}
            </p>
          ) : (
            <PeopleTable people={people.data.needHelp} kind="need_help" zone={zone} />
          )}
          <h4 className="al-list-title">{plural('alerts.safety.noAnswerCount', people.data.noAnswer.length)}</h4>
          {people.data.noAnswer.length === 0 ? (
            <p className="muted" data-testid="safety-no_answer-empty">
              {t('alerts.safety.everyoneAnswered')}
            </p>
          ) : (
            <PeopleTable people={people.data.noAnswer} kind="no_answer" zone={zone} />
          )}
          <AreaMap polygons={polygons} circles={circles} points={points} label={plural('alerts.safety.mapLabel', points.length)} testId="safety-map" />
          <ul className="al-legend al-map-legend">
            <li>
              <span className="al-dot am-point-need_help" aria-hidden="true" />
              {t('alerts.safety.need_help')}
            </li>
            <li>
              <span className="al-dot am-point-no_answer" aria-hidden="true" />
              {t('alerts.safety.no_answer')}
            </li>
          </ul>
        </>
      ) : null}
    </section>
  );
}
