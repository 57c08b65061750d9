import { describe, expect, it } from 'vitest';
import { auditQuery, hanoiDayStart, matchesFilters, newerEntries } from './AuditPage';
import type { AuditEntry } from '../../shared/types';

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  seq: 1, at: '2026-03-01T10:00:00.000Z', actor: 'admin', actor_user_id: 1, action: 'role.granted', unit_id: 7,
  target_type: 'user', target_id: 9, outcome: 'success', detail: null, remote_address: null, request_id: null, ...overrides,
});

describe('audit filters', () => {
  it('turns Hanoi days into UTC instants', () => {
    expect(hanoiDayStart('2026-03-01')).toBe('2026-02-28T17:00:00Z');
    expect(auditQuery({ actor: '', action: '', unit_id: '', from: '2026-03-01', to: '2026-03-01' }).to).toBe('2026-03-01T17:00:00Z');
  });
  it('matches live entries against the filters', () => {
    const none = { actor: '', action: '', unit_id: '', from: '', to: '' };
    expect(matchesFilters(entry({}), none)).toBe(true);
    expect(matchesFilters(entry({}), { ...none, action: 'role.' })).toBe(true);
    expect(matchesFilters(entry({}), { ...none, action: 'role.granted' })).toBe(true);
    expect(matchesFilters(entry({}), { ...none, action: 'role.grant' })).toBe(false);
    expect(matchesFilters(entry({}), { ...none, actor: 'ADMIN' })).toBe(true);
    expect(matchesFilters(entry({}), { ...none, actor: 'adm' })).toBe(false);
    expect(matchesFilters(entry({}), { ...none, action: 'user.created' })).toBe(false);
    expect(matchesFilters(entry({}), { ...none, unit_id: '8' })).toBe(false);
    expect(matchesFilters(entry({}), { ...none, to: '2026-02-28' })).toBe(false);
  });
});

describe('catching up after a (re)connection', () => {
  it('keeps only entries newer than those shown, newest first', () => {
    const shown = [entry({ seq: 5 }), entry({ seq: 4 })];
    expect(newerEntries(shown, [entry({ seq: 7 }), entry({ seq: 5 }), entry({ seq: 6 }), entry({ seq: 3 })]).map((e) => e.seq)).toEqual([7, 6]);
    expect(newerEntries(shown, [entry({ seq: 5 })])).toEqual([]);
  });
});
