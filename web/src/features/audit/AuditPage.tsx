// The audit viewer: entries in the caller's audit_read scope, newest first, filtered by actor, action, unit and
// dates (Hanoi days), paged with next_before, and updated live over the event stream.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useLiveEvents } from '../../shared/events';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, unitName } from '../../shared/ui';
import type { AuditEntry, AuditPage as AuditPageBody, LiveEvent } from '../../shared/types';
import { useDirectory } from '../directory/data';

const PAGE_SIZE = 50;
/**
 * The server's feed starts with its next poll (about a second) after the socket opens, and entries appended
 * while the socket was down are never pushed: this long after each (re)connection, the newest page is fetched
 * again and what is missing is added as if it had arrived live.
 */
const CATCH_UP_DELAY_MS = 2000;

/** Entries of `page` newer than every entry of `known`, newest first. */
export function newerEntries(known: AuditEntry[], page: AuditEntry[]): AuditEntry[] {
  const top = known.reduce((max, entry) => Math.max(max, entry.seq), 0);
  return page.filter((entry) => entry.seq > top).sort((a, b) => b.seq - a.seq);
}

export interface AuditFilters {
  actor: string;
  action: string;
  unit_id: string;
  from: string; // yyyy-mm-dd, a day in Hanoi
  to: string;
}

const EMPTY: AuditFilters = { actor: '', action: '', unit_id: '', from: '', to: '' };

/** A Hanoi calendar day (UTC+7, no daylight saving) to the UTC instant where it starts. */
export function hanoiDayStart(day: string, offsetDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  // Whole seconds, "2026-02-28T17:00:00Z": the form the server documents for `from` and `to`.
  return new Date(Date.UTC(year, month - 1, date + offsetDays) - 7 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function auditQuery(filters: AuditFilters, before?: number | null) {
  return {
    actor: filters.actor.trim(),
    action: filters.action.trim(),
    unit_id: filters.unit_id,
    from: filters.from ? hanoiDayStart(filters.from) : '',
    to: filters.to ? hanoiDayStart(filters.to, 1) : '', // the whole "to" day
    before: before ?? '',
    limit: PAGE_SIZE,
  };
}

export function matchesFilters(entry: AuditEntry, filters: AuditFilters): boolean {
  // The same rules as the server: actor is a username; action is exact, or a prefix when it ends with '.'.
  const actor = filters.actor.trim().toLowerCase();
  if (actor && entry.actor?.toLowerCase() !== actor) return false;
  const action = filters.action.trim();
  if (action && !(action.endsWith('.') ? entry.action.startsWith(action) : entry.action === action)) return false;
  if (filters.unit_id && String(entry.unit_id) !== filters.unit_id) return false;
  const at = Date.parse(entry.at);
  if (filters.from && at < Date.parse(hanoiDayStart(filters.from))) return false;
  if (filters.to && at >= Date.parse(hanoiDayStart(filters.to, 1))) return false;
  return true;
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined || detail === '') return '';
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'object' && Object.keys(detail as object).length === 0) return '';
  return JSON.stringify(detail);
}

export function AuditPage() {
  const { t, dateTime, locale, plural } = useI18n();
  const { ended } = useSession();
  const directory = useDirectory();
  const [draft, setDraft] = useState<AuditFilters>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>(EMPTY);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [freshSeqs, setFreshSeqs] = useState<Set<number>>(new Set());

  const load = useCallback(async (current: AuditFilters, before: number | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.get<AuditPageBody>('/audit', { query: auditQuery(current, before) });
      setEntries((previous) => {
        const base = before ? previous : [];
        const seen = new Set(base.map((entry) => entry.seq));
        return [...base, ...page.items.filter((entry) => !seen.has(entry.seq))];
      });
      setNextBefore(page.next_before ?? null);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    setFreshSeqs(new Set());
    void load(filters, null);
  }, [filters, load]);

  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const loadingRef = useRef(loading);
  loadingRef.current = loading;

  const addFresh = useCallback((added: AuditEntry[]) => {
    if (added.length === 0) return;
    setEntries((previous) => {
      const seen = new Set(previous.map((item) => item.seq));
      return [...added.filter((item) => !seen.has(item.seq)), ...previous].sort((a, b) => b.seq - a.seq);
    });
    setFreshSeqs((previous) => {
      const next = new Set(previous);
      for (const item of added) next.add(item.seq);
      return next;
    });
  }, []);

  const live = useLiveEvents((event: LiveEvent) => {
    if (event.type === 'session.ended') {
      ended('expired');
      return;
    }
    if (event.type !== 'audit.entry' || !('entry' in event)) return;
    const entry = event.entry as AuditEntry;
    if (!matchesFilters(entry, filters)) return;
    addFresh([entry]);
  });

  useEffect(() => {
    if (live !== 'open') return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      // A first page still loading brings the newest entries itself.
      if (loadingRef.current) return;
      api
        .get<AuditPageBody>('/audit', { query: auditQuery(filters, null), signal: controller.signal })
        .then((page) => addFresh(newerEntries(entriesRef.current, page.items)))
        .catch(() => undefined); // the next reconnection tries again; the live feed goes on meanwhile
    }, CATCH_UP_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [live, filters, addFresh]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draft });
  };
  const set = (name: keyof AuditFilters) => (event: { target: { value: string } }) =>
    setDraft((previous) => ({ ...previous, [name]: event.target.value }));

  const sortedUnits = [...directory.units].sort((a, b) => unitName(a, locale).localeCompare(unitName(b, locale), locale));
  const liveLabel = live === 'open' ? t('audit.live') : live === 'connecting' ? t('audit.connecting') : t('audit.offline');

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <p className={`live-indicator live-${live}`} role="status" data-testid="live-indicator" data-state={live}>
          <span className="live-dot" aria-hidden="true" />
          {liveLabel}
        </p>
      </div>
      <form className="toolbar filters" onSubmit={apply} aria-label={t('audit.filters')} data-testid="audit-filters">
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          <input id="audit-actor" value={draft.actor} onChange={set('actor')} autoCapitalize="none" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <input id="audit-action" value={draft.action} onChange={set('action')} placeholder={t('audit.actionPlaceholder')} spellCheck={false} data-testid="audit-action" />
        </div>
        <div className="field">
          <label htmlFor="audit-unit">{t('audit.unit')}</label>
          <select id="audit-unit" value={draft.unit_id} onChange={set('unit_id')}>
            <option value="">{t('common.all')}</option>
            {sortedUnits.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unitName(unit, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input id="audit-from" type="date" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input id="audit-to" type="date" value={draft.to} onChange={set('to')} />
        </div>
        <div className="actions">
          <button type="submit" className="button primary" data-testid="audit-apply">
            {t('audit.apply')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      <p className="muted small">{t('audit.timesNote')}</p>
      <div aria-live="polite" className="visually-hidden">
        {freshSeqs.size > 0 ? plural('audit.newEntries', freshSeqs.size) : ''}
      </div>
      <ErrorMessage error={error} testId="audit-error" />
      {loading && entries.length === 0 ? <Loading /> : null}
      {!loading && entries.length === 0 && !error ? <p>{t('audit.empty')}</p> : null}
      {entries.length > 0 ? (
        <div className="table-wrap">
          <table className="table audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.seq')}</th>
                <th scope="col">{t('audit.col.at')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.unit')}</th>
                <th scope="col">{t('audit.col.target')}</th>
                <th scope="col">{t('audit.col.outcome')}</th>
                <th scope="col">{t('audit.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq} className={freshSeqs.has(entry.seq) ? 'fresh' : undefined} data-action={entry.action} data-testid="audit-row">
                  <td className="num">{entry.seq}</td>
                  <td className="nowrap">{dateTime(entry.at)}</td>
                  <td>{entry.actor || t('audit.system')}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{entry.unit_id !== null && entry.unit_id !== undefined ? unitName(directory.unitById.get(entry.unit_id), locale) || `#${entry.unit_id}` : ''}</td>
                  <td>{entry.target_type ? `${entry.target_type} ${entry.target_id ?? ''}` : ''}</td>
                  <td className={entry.outcome === 'success' || entry.outcome === 'ok' ? 'outcome-ok' : 'outcome-bad'}>{entry.outcome}</td>
                  <td className="detail">{detailText(entry.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextBefore ? (
        <button type="button" className="button" disabled={loading} onClick={() => void load(filters, nextBefore)} data-testid="audit-more">
          {loading ? t('common.working') : t('common.loadMore')}
        </button>
      ) : entries.length > 0 && !loading ? (
        <p className="muted">{t('audit.end')}</p>
      ) : null}
    </div>
  );
}
