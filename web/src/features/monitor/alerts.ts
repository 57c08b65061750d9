// Rules of the alert inbox: which alerts a filter keeps, how live events change the list, when an alert is overdue,
// and the burst numbers in words ("31 stories in the last hour, against 1.2 expected from the previous 12 hours").
import type { I18n } from '../../i18n';
import type { Id, MonitorAlert, MonitorAlertKind, MonitorAlertState, MonitorBurstDetail } from '../../shared/types';

export interface AlertFilter {
  state: MonitorAlertState | '';
  kind: MonitorAlertKind | '';
  unitId: Id | null;
}

export const ALERT_KINDS: MonitorAlertKind[] = ['match', 'geo', 'burst'];
export const ALERT_STATES: MonitorAlertState[] = ['open', 'acknowledged'];

export function alertPasses(alert: MonitorAlert, filter: AlertFilter): boolean {
  if (filter.state && alert.state !== filter.state) return false;
  if (filter.kind && alert.kind !== filter.kind) return false;
  if (filter.unitId !== null && alert.unit_id !== filter.unitId) return false;
  return true;
}

/**
 * The inbox after an alert arrived or changed: newest (highest id) first, each once. A new alert that passes the
 * filter is added; a changed one is replaced, or taken out when it no longer passes (acknowledged while the inbox
 * shows open ones). `oldest`: the lowest id of the loaded pages, so that a change to an alert older than them does
 * not appear in the middle of the paging.
 */
export function mergeAlert(list: MonitorAlert[], alert: MonitorAlert, filter: AlertFilter, oldest: Id | null = null): MonitorAlert[] {
  const index = list.findIndex((known) => known.id === alert.id);
  const passes = alertPasses(alert, filter);
  if (index >= 0) {
    if (!passes) return [...list.slice(0, index), ...list.slice(index + 1)];
    const next = list.slice();
    next[index] = alert;
    return next;
  }
  if (!passes || (oldest !== null && alert.id < oldest)) return list;
  const at = list.findIndex((known) => known.id < alert.id);
  return at < 0 ? [...list, alert] : [...list.slice(0, at), alert, ...list.slice(at)];
}

/**
 * How a live event changes the filter's total (the first page's `total`): +1 for a new alert it selects, -1 for a
 * listed alert it no longer selects (acknowledged while the inbox shows open ones). A change to an alert not loaded
 * is left out: whether it was counted before is unknown (the total is read again on reconnection).
 */
export function totalDelta(list: MonitorAlert[] | null, type: 'alert' | 'alert.changed', alert: MonitorAlert, filter: AlertFilter): number {
  const listed = list?.some((known) => known.id === alert.id) ?? false;
  const passes = alertPasses(alert, filter);
  if (type === 'alert') return passes && !listed ? 1 : 0;
  return listed && !passes ? -1 : 0;
}

export function isOverdue(alert: MonitorAlert, now: number = Date.now()): boolean {
  if (alert.state !== 'open' || !alert.ack_deadline) return false;
  const deadline = Date.parse(alert.ack_deadline);
  return !Number.isNaN(deadline) && deadline < now;
}

type Words = Pick<I18n, 't' | 'plural' | 'number' | 'locale'>;

function decimal(words: Words, value: number, digits: number): string {
  return new Intl.NumberFormat(words.locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits }).format(value);
}

/** The recent window in words: whole hours, else minutes (monitor.burst_recent_minutes may be e.g. 30). */
function lastWindow(words: Words, hours: number): string {
  if (hours === 1) return words.t('monitor.burst.lastHour');
  if (Number.isInteger(hours)) return words.plural('monitor.burst.lastHours', hours);
  return words.plural('monitor.burst.lastMinutes', Math.round(hours * 60));
}

/** Whether `detail` has the numbers of a burst. */
export function isBurstDetail(detail: MonitorAlert['detail']): detail is MonitorBurstDetail {
  return typeof detail?.recent_stories === 'number' && typeof detail?.expected === 'number';
}

export interface BurstWords {
  /** "31 stories in the last hour, against 1.2 expected from the previous 12 hours" */
  sentence: string;
  /** "26 times the usual rate" */
  ratio: string;
  /** "By chance alone, a rise like this would happen less than once in 10,000 (p = 1.0e-6)." */
  chance: string;
}

/** The heading of a burst alert: the query whose stories rose, or the country named in them. */
export function burstHeading(alert: MonitorAlert, words: Pick<I18n, 't'>, countryName: (code: string) => string): string {
  const detail = alert.detail ?? {};
  if (alert.query_id !== null || detail.query_name !== undefined) {
    return words.t('monitor.alert.burstTitle', { query: detail.query_name ?? alert.title });
  }
  return words.t('monitor.alert.countryBurstTitle', { country: countryName(detail.country ?? alert.country) });
}

export function burstWords(detail: MonitorBurstDetail, words: Words): BurstWords {
  const recent = Math.max(0, Math.round(detail.recent_stories));
  const sentence = words.t('monitor.burst.sentence', {
    stories: words.plural('monitor.burst.stories', recent),
    recent: lastWindow(words, detail.recent_hours || 1),
    expected: decimal(words, detail.expected, detail.expected < 10 ? 1 : 0),
    baseline: words.plural('monitor.burst.previousHours', detail.baseline_hours || 12),
    baselineStories: words.number(detail.baseline_stories),
  });
  const ratio = words.t('monitor.burst.ratio', { ratio: decimal(words, detail.ratio, detail.ratio < 10 ? 1 : 0) });
  const p = detail.p_value;
  let chance: string;
  if (!(p > 0)) chance = words.t('monitor.burst.chanceNever');
  else {
    // The power of ten just below 1/p ("less than once in 10,000" for p = 6e-5), at most a billion: beyond that
    // the number says nothing more to a reader.
    const odds = 10 ** Math.min(9, Math.max(1, Math.floor(Math.log10(1 / p))));
    chance = words.t('monitor.burst.chance', { odds: words.number(odds), p: p.toExponential(1) });
  }
  return { sentence, ratio, chance };
}
