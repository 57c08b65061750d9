import { describe, expect, it } from 'vitest';
import type { SavedSearch } from '../../shared/types';
import {
  emptySearch,
  formFromParams,
  formFromSaved,
  hanoiDayStart,
  hasWords,
  paramsFromForm,
  sameSearch,
  savable,
  savedSearchBody,
  savedSearchLink,
  searchProblems,
  searchQuery,
  searchable,
} from './search';

const saved: SavedSearch = {
  id: 4,
  name: 'Hà Nội visas',
  q: 'ha noi',
  tag: 'visa',
  precedence: 'flash',
  unit_id: 57,
  notify: true,
  created_at: '2026-01-01T00:00:00Z',
};

describe('the search form', () => {
  it('round-trips through the address and drops what is malformed there', () => {
    const form = { q: ' Hà Nội ', tag: 'visa', precedence: 'immediate' as const, unit: '57', from: '2026-01-01', to: '2026-01-31' };
    const params = paramsFromForm(form);
    expect(params.toString()).toBe('q=H%C3%A0+N%E1%BB%99i&tag=visa&precedence=immediate&unit_id=57&from=2026-01-01&to=2026-01-31');
    expect(formFromParams(params)).toEqual({ ...form, q: 'Hà Nội' });
    expect(formFromParams(new URLSearchParams('precedence=urgent&unit_id=x&from=2026-02-30&to=soon'))).toEqual(emptySearch);
    expect(paramsFromForm(emptySearch).toString()).toBe('');
  });

  it('needs words or a filter, as the server does; saved searches keep no dates', () => {
    expect(searchable(emptySearch)).toBe(false);
    expect(searchable({ ...emptySearch, q: ' ?! ' })).toBe(false);
    expect(searchable({ ...emptySearch, q: 'Hà' })).toBe(true);
    expect(searchable({ ...emptySearch, from: '2026-01-01' })).toBe(true);
    expect(savable({ ...emptySearch, from: '2026-01-01' })).toBe(false);
    expect(savable({ ...emptySearch, precedence: 'flash' })).toBe(true);
    expect(hasWords('đ')).toBe(true);
    expect(hasWords('2026')).toBe(true);
  });

  it('finds what the server would refuse', () => {
    expect(searchProblems({ ...emptySearch, tag: 'two words' })).toEqual(['badTag']);
    expect(searchProblems({ ...emptySearch, from: '2026-02-01', to: '2026-01-01' })).toEqual(['badRange']);
    // 200 bytes: Vietnamese letters take two or three.
    expect(searchProblems({ ...emptySearch, q: 'ộ'.repeat(67) })).toEqual(['tooLong']);
    expect(searchProblems({ ...emptySearch, q: 'ha noi', tag: 'visa_2026', from: '2026-01-01', to: '2026-01-01' })).toEqual([]);
  });
});

describe('the query sent', () => {
  it('turns Hanoi days into UTC instants, the last day included', () => {
    expect(hanoiDayStart('2026-03-01')).toBe('2026-02-28T17:00:00Z');
    expect(hanoiDayStart('2026-12-31', 1)).toBe('2026-12-31T17:00:00Z');
    expect(searchQuery({ ...emptySearch, q: ' ha noi ', from: '2026-03-01', to: '2026-03-01', unit: '9', precedence: 'flash', tag: 'visa' }, 120)).toEqual({
      q: 'ha noi',
      tag: 'visa',
      precedence: 'flash',
      unit_id: 9,
      from: '2026-02-28T17:00:00Z',
      to: '2026-03-01T17:00:00Z',
      before: 120,
      limit: 50,
    });
    expect(searchQuery(emptySearch)).toEqual({ limit: 50 });
  });
});

describe('saved searches', () => {
  it('are saved with their filters, nulls for those not set', () => {
    expect(savedSearchBody({ ...emptySearch, q: ' ha noi ', from: '2026-01-01' }, ' Hà Nội ', false)).toEqual({
      name: 'Hà Nội',
      q: 'ha noi',
      tag: null,
      precedence: null,
      unit_id: null,
      notify: false,
    });
  });

  it('run from a link holding their filters', () => {
    expect(formFromSaved(saved)).toEqual({ q: 'ha noi', tag: 'visa', precedence: 'flash', unit: '57', from: '', to: '' });
    expect(savedSearchLink(saved)).toBe('/cables/search?q=ha+noi&tag=visa&precedence=flash&unit_id=57');
    expect(sameSearch(formFromSaved(saved), formFromParams(new URLSearchParams(savedSearchLink(saved).split('?')[1])))).toBe(true);
    expect(savedSearchLink({ ...saved, q: '', tag: null, precedence: null, unit_id: null })).toBe('/cables/search');
  });
});
