// The live view of a mission (/monitor/live?unit=<id>): the monitor's stream narrowed to that unit (its queries'
// matches and its alerts) as they are committed, newest first, at most LIVE_LIMIT held. Pausing keeps what arrives
// aside (counted) until resumed. Nothing is replayed after a reconnection: the archive and the inbox have it all.
import { useCallback, useMemo, useReducer } from 'react';
import { Link, useSearchParams } from 'react-router';
import { UnitSelect } from '../../shared/UnitSelect';
import { useI18n } from '../../i18n';
import { useSession } from '../../shared/session';
import { Loading } from '../../shared/ui';
import type { Id, MonitorStreamEvent } from '../../shared/types';
import { useMonitorStream, useMonitorUnits, useReconnections, type MonitorUnits } from './data';
import { LiveRow } from './LiveItems';
import { MonitorNav } from './MonitorNav';
import { LiveIndicator } from './parts';
import { applyLiveEvent, emptyLiveList, LIVE_LIMIT, setPaused, type LiveList } from './stream';
import { defaultUnitId, unitFromParam } from './units';

type Action =
  | { type: 'event'; event: MonitorStreamEvent; at: number; units: ReadonlySet<Id> }
  | { type: 'pause'; paused: boolean }
  | { type: 'clear' };

function reducer(list: LiveList, action: Action): LiveList {
  switch (action.type) {
    case 'event':
      return applyLiveEvent(list, action.event, action.at, action.units);
    case 'pause':
      return setPaused(list, action.paused);
    case 'clear':
      return { ...emptyLiveList, paused: list.paused };
  }
}

export function LivePage() {
  const { me } = useSession();
  const units = useMonitorUnits();
  const [params, setParams] = useSearchParams();
  const unitId = unitFromParam(params.get('unit'), units.readable) ?? defaultUnitId(me, units.readable);
  if (!units.directory.ready) return <Loading />;
  // A new unit is a new stream and a new list.
  return <LiveView key={unitId ?? 'none'} units={units} unitId={unitId} onUnit={(id) => setParams(id ? { unit: String(id) } : {}, { replace: true })} />;
}

function LiveView({ units: { directory, readable }, unitId, onUnit }: { units: MonitorUnits; unitId: Id | null; onUnit: (id: Id | null) => void }) {
  const { t, plural } = useI18n();
  const [list, dispatch] = useReducer(reducer, emptyLiveList);
  const streamUnits = useMemo(() => (unitId === null ? [] : [unitId]), [unitId]);
  const watched = useMemo(() => new Set(streamUnits), [streamUnits]);
  const onEvent = useCallback((event: MonitorStreamEvent) => dispatch({ type: 'event', event, at: Date.now(), units: watched }), [watched]);
  const live = useMonitorStream(streamUnits, onEvent, unitId !== null);
  const unit = unitId !== null ? directory.unitById.get(unitId) : undefined;
  const reconnections = useReconnections(live);

  return (
    <div className="page monitor-page" data-testid="monitor-live-page">
      <div className="page-head">
        <h1>{t('monitor.live.title')}</h1>
        <LiveIndicator state={unitId === null ? 'closed' : live} />
      </div>
      <MonitorNav current="live" />
      {readable.length === 0 ? <p data-testid="monitor-no-units">{t('monitor.noUnits')}</p> : null}
      <div className="toolbar monitor-live-tools">
        <UnitSelect units={readable} value={unitId} onChange={onUnit} label={t('monitor.live.unit')} testId="live-unit" />
        <button
          type="button"
          className={list.paused ? 'button primary' : 'button'}
          aria-pressed={list.paused}
          onClick={() => dispatch({ type: 'pause', paused: !list.paused })}
          data-testid="live-pause"
        >
          {list.paused ? t('monitor.live.resume') : t('monitor.live.pause')}
        </button>
        <button type="button" className="button" onClick={() => dispatch({ type: 'clear' })} disabled={list.items.length === 0} data-testid="live-clear">
          {t('monitor.live.clear')}
        </button>
      </div>
      <p className="muted small monitor-live-note">{t('monitor.live.note', { limit: LIVE_LIMIT })}</p>
      {reconnections > 0 ? (
        <div className="alert alert-warning" role="status" data-testid="live-gap">
          <p>
            {t('monitor.live.gap')} <Link to="/monitor/alerts">{t('monitor.tab.alerts')}</Link> ·{' '}
            <Link to="/monitor/articles">{t('monitor.tab.articles')}</Link>
          </p>
        </div>
      ) : null}
      <div className="monitor-live-status" role="status" aria-live="polite" data-testid="live-status">
        {list.paused ? plural('monitor.live.held', list.held.length) : null}
      </div>
      <p className="count" data-testid="live-count" data-count={list.items.length}>
        {plural('monitor.live.count', list.items.length)}
        {list.dropped > 0 ? <span className="muted small"> · {plural('monitor.live.dropped', list.dropped)}</span> : null}
      </p>
      {unitId !== null && list.items.length === 0 ? (
        <p className="muted" data-testid="live-empty">
          {t('monitor.live.empty')} <Link to={`/monitor/queries?unit=${unitId}`}>{t('monitor.live.editQueries')}</Link>
        </p>
      ) : null}
      <ol className="monitor-list" aria-label={t('monitor.live.listLabel')} data-testid="live-list">
        {list.items.map((item) => (
          <LiveRow key={item.key} item={item} unit={unit} />
        ))}
      </ol>
    </div>
  );
}
