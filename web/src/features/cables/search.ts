// Pure rules of the cable search screen: the form as it is kept in the address (/cables/search?q=…), what
// GET /cables/search is sent, what a saved search holds, and the checks the server would make first. Dates are
// days in Hanoi time, as the console shows them; the server compares UTC instants ("to" excluded), so a day range
// becomes [00:00 of the first day, 00:00 of the day after the last) at UTC+7.
import type { CableSearchQuery, Id, Precedence, SavedSearch } from '../../shared/types';
import { PRECEDENCES } from '../../shared/types';
import { TAG_PATTERN } from './draft';

export const SEARCH_PAGE_SIZE = 50;
export const MAX_QUERY_LENGTH = 200;
export const MAX_SAVED_NAME = 100;
/** Hanoi (the console's HQ_TIME_ZONE) keeps UTC+7 all year. */
const HANOI_OFFSET_MS = 7 * 3600_000;

export interface SearchForm {
  q: string;
  tag: string;
  precedence: Precedence | '';
  /** A unit id as a string ('' for any unit), as a <select> keeps it. */
  unit: string;
  /** YYYY-MM-DD, as <input type="date"> keeps it; '' for no bound. */
  from: string;
  to: string;
}

export const emptySearch: SearchForm = { q: '', tag: '', precedence: '', unit: '', from: '', to: '' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isPrecedence(value: string | null): value is Precedence {
  return value !== null && (PRECEDENCES as readonly string[]).includes(value);
}

function isDate(value: string | null): value is string {
  const match = value ? DATE.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

/** The form held in the address; anything malformed there is dropped. */
export function formFromParams(params: URLSearchParams): SearchForm {
  const unit = params.get('unit_id') ?? '';
  const precedence = params.get('precedence');
  const from = params.get('from');
  const to = params.get('to');
  return {
    q: (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH),
    tag: params.get('tag') ?? '',
    precedence: isPrecedence(precedence) ? precedence : '',
    unit: /^\d+$/.test(unit) ? unit : '',
    from: isDate(from) ? from : '',
    to: isDate(to) ? to : '',
  };
}

/** The address of a search: only the fields filled in, in a fixed order. */
export function paramsFromForm(form: SearchForm): URLSearchParams {
  const params = new URLSearchParams();
  const q = form.q.trim();
  if (q) params.set('q', q);
  if (form.tag.trim()) params.set('tag', form.tag.trim());
  if (form.precedence) params.set('precedence', form.precedence);
  if (form.unit) params.set('unit_id', form.unit);
  if (form.from) params.set('from', form.from);
  if (form.to) params.set('to', form.to);
  return params;
}

/** Whether the text holds a word the server searches for (it keeps only letters and digits). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** The server refuses a search with neither a word nor a filter. */
export function searchable(form: SearchForm): boolean {
  return hasWords(form.q) || Boolean(form.tag.trim() || form.precedence || form.unit || form.from || form.to);
}

/** A saved search keeps words, tag, precedence and unit, not dates: it needs one of those. */
export function savable(form: SearchForm): boolean {
  return hasWords(form.q) || Boolean(form.tag.trim() || form.precedence || form.unit);
}

export type SearchProblem = 'badTag' | 'badRange' | 'tooLong';

/** What the server would refuse, checked before asking it. */
export function searchProblems(form: SearchForm): SearchProblem[] {
  const problems: SearchProblem[] = [];
  if (form.tag.trim() && !TAG_PATTERN.test(form.tag.trim())) problems.push('badTag');
  if (form.from && form.to && form.from > form.to) problems.push('badRange');
  if (new TextEncoder().encode(form.q).length > MAX_QUERY_LENGTH) problems.push('tooLong');
  return problems;
}

/** 00:00 of a day (YYYY-MM-DD) in Hanoi, as the UTC instant the server reads ("2026-11-27T17:00:00Z"). */
export function hanoiDayStart(date: string, addDays = 0): string {
  const match = DATE.exec(date);
  if (!match) throw new Error(`not a date: ${date}`);
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return new Date(utcMidnight - HANOI_OFFSET_MS).toISOString().replace('.000Z', 'Z');
}

/** The query of GET /cables/search for the form; `before` pages to older results (smaller ids). */
export function searchQuery(form: SearchForm, before?: Id, limit = SEARCH_PAGE_SIZE): CableSearchQuery {
  const query: CableSearchQuery = { limit };
  const q = form.q.trim();
  if (q) query.q = q;
  if (form.tag.trim()) query.tag = form.tag.trim();
  if (form.precedence) query.precedence = form.precedence;
  if (form.unit) query.unit_id = Number(form.unit);
  if (form.from) query.from = hanoiDayStart(form.from);
  if (form.to) query.to = hanoiDayStart(form.to, 1);
  if (before !== undefined) query.before = before;
  return query;
}

/** POST /cables/saved-searches for the form (dates are not saved). */
export function savedSearchBody(form: SearchForm, name: string, notify: boolean) {
  return {
    name: name.trim(),
    q: form.q.trim(),
    tag: form.tag.trim() || null,
    precedence: form.precedence || null,
    unit_id: form.unit ? Number(form.unit) : null,
    notify,
  };
}

export function formFromSaved(saved: SavedSearch): SearchForm {
  return {
    ...emptySearch,
    q: saved.q ?? '',
    tag: saved.tag ?? '',
    precedence: isPrecedence(saved.precedence) ? saved.precedence : '',
    unit: saved.unit_id ? String(saved.unit_id) : '',
  };
}

/** The address that runs a saved search. */
export function savedSearchLink(saved: SavedSearch): string {
  const params = paramsFromForm(formFromSaved(saved)).toString();
  return params ? `/cables/search?${params}` : '/cables/search';
}

/** Whether two forms ask the same search (to show which saved search is running). */
export function sameSearch(a: SearchForm, b: SearchForm): boolean {
  return paramsFromForm(a).toString() === paramsFromForm(b).toString();
}
