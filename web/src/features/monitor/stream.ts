// What the live view holds: the stream's matches and alerts, newest first, each once, at most LIVE_LIMIT in
// memory. While paused, new items wait in `held` (shown as a count) and join the list, in order, on resume.
// `alert.changed` updates an alert already held (acknowledged, assigned, escalated) without adding a new row.
import type { Id, MonitorAlert, MonitorMatchEvent, MonitorStreamEvent } from '../../shared/types';

export const LIVE_LIMIT = 500;

export type LiveItem =
  | { key: string; kind: 'match'; at: number; unitId: Id; match: MonitorMatchEvent }
  | { key: string; kind: 'alert'; at: number; unitId: Id; alert: MonitorAlert };

export interface LiveList {
  /** Shown, newest first. */
  items: LiveItem[];
  /** Arrived while paused, newest first. */
  held: LiveItem[];
  paused: boolean;
  /** Items let go to stay within LIVE_LIMIT (the archive and the inbox still have them). */
  dropped: number;
}

export const emptyLiveList: LiveList = { items: [], held: [], paused: false, dropped: 0 };

export function matchKey(articleId: Id, queryId: Id): string {
  return `match:${articleId}:${queryId}`;
}

export function alertKey(alertId: Id): string {
  return `alert:${alertId}`;
}

/** The row an event becomes, or null (ready, an event of another unit, a malformed frame). */
export function liveItemOf(event: MonitorStreamEvent, at: number, units: ReadonlySet<Id> | null): LiveItem | null {
  if (event.type === 'match') {
    if (!event.article || !event.query) return null;
    if (units && !units.has(event.unit_id)) return null;
    return { key: matchKey(event.article.id, event.query.id), kind: 'match', at, unitId: event.unit_id, match: event };
  }
  if (event.type === 'alert') {
    if (!event.alert) return null;
    if (units && !units.has(event.unit_id)) return null;
    return { key: alertKey(event.alert.id), kind: 'alert', at, unitId: event.unit_id, alert: event.alert };
  }
  return null;
}

function trim(list: LiveList): LiveList {
  const excess = list.items.length + list.held.length - LIVE_LIMIT;
  if (excess <= 0) return list;
  // The oldest shown go first; while paused, if the held alone exceed the limit, their oldest too.
  const fromItems = Math.min(excess, list.items.length);
  const items = list.items.slice(0, list.items.length - fromItems);
  const held = excess > fromItems ? list.held.slice(0, list.held.length - (excess - fromItems)) : list.held;
  return { ...list, items, held, dropped: list.dropped + excess };
}

function replaceAlert(items: LiveItem[], alert: MonitorAlert): LiveItem[] | null {
  const key = alertKey(alert.id);
  const index = items.findIndex((item) => item.key === key);
  if (index < 0) return null;
  const next = items.slice();
  const item = next[index];
  if (item.kind === 'alert') next[index] = { ...item, alert };
  return next;
}

/** The list after one frame of the stream, received at `at` (ms), for the units watched (null: all). */
export function applyLiveEvent(list: LiveList, event: MonitorStreamEvent, at: number, units: ReadonlySet<Id> | null = null): LiveList {
  if (event.type === 'alert.changed') {
    if (!event.alert) return list;
    const items = replaceAlert(list.items, event.alert);
    if (items) return { ...list, items };
    const held = replaceAlert(list.held, event.alert);
    return held ? { ...list, held } : list;
  }
  const item = liveItemOf(event, at, units);
  if (!item) return list;
  if (list.items.some((known) => known.key === item.key) || list.held.some((known) => known.key === item.key)) return list;
  if (list.paused) return trim({ ...list, held: [item, ...list.held] });
  return trim({ ...list, items: [item, ...list.items] });
}

export function setPaused(list: LiveList, paused: boolean): LiveList {
  if (paused === list.paused) return list;
  if (paused) return { ...list, paused: true };
  return trim({ ...list, paused: false, items: [...list.held, ...list.items], held: [] });
}
