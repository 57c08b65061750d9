import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { vi as viCatalogue } from '../../i18n/vi';
import type { MessageKey } from '../../i18n';
import { CABLE_BOXES, CLASSIFICATIONS, PRECEDENCES, type Recipient } from '../../shared/types';
import { CLEARER, cable, me } from './fixtures';
import {
  COLLECTIVES,
  availableActions,
  boxHintKey,
  boxKey,
  classificationKey,
  collectiveLabel,
  escalationKey,
  isOverdue,
  matrixSummary,
  precedenceKey,
  stateKey,
} from './model';

function recipient(overrides: Partial<Recipient> = {}): Recipient {
  return {
    unit_id: 5,
    role: 'action',
    niact: false,
    received_at: null,
    received_by: null,
    acknowledged_at: null,
    acknowledged_by: null,
    deadline_at: null,
    escalation_level: 0,
    escalated_at: null,
    ...overrides,
  };
}

const drafter = me(9, { cable_read: [57], cable_draft: [57], cable_acknowledge: [57] });
const desk = me(10, { cable_read: [5], cable_draft: [5], cable_clear: [5], cable_acknowledge: [5] }, 5);
const leader = me(2, { cable_read: 'all', cable_draft: 'all', cable_clear: 'all', cable_release: 'all', cable_acknowledge: 'all' }, 1);

describe('availableActions', () => {
  it('offers edit and submit on a draft to its drafting team only', () => {
    expect(availableActions(cable(), drafter)).toMatchObject({ edit: true, submit: true, withdraw: false, release: false, decide: false });
    expect(availableActions(cable(), desk)).toMatchObject({ edit: false, submit: false });
    expect(availableActions(cable(), null)).toMatchObject({ edit: false, submit: false, acknowledge: [] });
  });

  it('offers withdraw in clearance and once cleared, never after release', () => {
    expect(availableActions(cable({ state: 'in_clearance' }), drafter).withdraw).toBe(true);
    expect(availableActions(cable({ state: 'cleared' }), drafter).withdraw).toBe(true);
    expect(availableActions(cable({ state: 'transmitted' }), drafter).withdraw).toBe(false);
  });

  it('lets a pending clearer decide, once', () => {
    const pending = cable({
      state: 'in_clearance',
      clearance: { rule: 'any', clearers: [{ user: CLEARER, decision: 'pending', hq: true, requested_at: 'x', decided_at: null }] },
    });
    expect(availableActions(pending, desk).decide).toBe(true);
    expect(availableActions(pending, drafter).decide).toBe(false);
    const decided = cable({
      state: 'in_clearance',
      clearance: { rule: 'all', clearers: [{ user: CLEARER, decision: 'cleared', hq: true, requested_at: 'x', decided_at: 'y' }] },
    });
    expect(availableActions(decided, desk).decide).toBe(false);
  });

  it('offers release of a cleared cable to a releaser who is not the drafter', () => {
    expect(availableActions(cable({ state: 'cleared' }), leader).release).toBe(true);
    expect(availableActions(cable({ state: 'cleared', drafter: { id: 2, username: 'l', display_name: 'L' } }), leader).release).toBe(false);
    expect(availableActions(cable({ state: 'cleared' }), drafter).release).toBe(false);
    expect(availableActions(cable({ state: 'in_clearance' }), leader).release).toBe(false);
  });

  it('lists the addressee units the user may still acknowledge for', () => {
    const sent = cable({
      state: 'transmitted',
      recipients: [recipient({ unit_id: 5 }), recipient({ unit_id: 57, acknowledged_at: 'x' }), recipient({ unit_id: 58 })],
    });
    expect(availableActions(sent, desk).acknowledge).toEqual([5]);
    expect(availableActions(sent, drafter).acknowledge).toEqual([]);
    expect(availableActions(sent, leader).acknowledge).toEqual([5, 58]);
    expect(availableActions(cable({ recipients: [recipient()] }), desk).acknowledge).toEqual([]);
  });
});

describe('matrix', () => {
  it('names the escalation level', () => {
    expect(escalationKey(0)).toBe('cable.escalation.none');
    expect(escalationKey(null)).toBe('cable.escalation.none');
    expect(escalationKey(1)).toBe('cable.escalation.dutyOfficer');
    expect(escalationKey(2)).toBe('cable.escalation.watchDesk');
    expect(en[escalationKey(0)]).toBe('—');
    expect(en[escalationKey(1)]).toBe('duty officer alerted');
    expect(en[escalationKey(2)]).toBe('HQ watch desk alerted');
  });

  it('marks unacknowledged rows past their deadline as overdue', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(isOverdue(recipient({ deadline_at: '2026-01-01T11:59:00Z' }), now)).toBe(true);
    expect(isOverdue(recipient({ deadline_at: '2026-01-01T12:01:00Z' }), now)).toBe(false);
    expect(isOverdue(recipient({ deadline_at: '2026-01-01T11:00:00Z', acknowledged_at: '2026-01-01T11:30:00Z' }), now)).toBe(false);
    expect(isOverdue(recipient({ deadline_at: null }), now)).toBe(false);
    expect(
      matrixSummary(
        [
          recipient({ deadline_at: '2026-01-01T11:00:00Z', received_at: 'x' }),
          recipient({ unit_id: 6, acknowledged_at: 'x', received_at: 'x' }),
          recipient({ unit_id: 7, role: 'info' }),
        ],
        now,
      ),
    ).toEqual({ total: 3, received: 2, acknowledged: 1, overdue: 1 });
  });
});

describe('labels', () => {
  it('exist in both catalogues for every value the server sends', () => {
    const keys: MessageKey[] = [
      ...PRECEDENCES.map(precedenceKey),
      ...CLASSIFICATIONS.map(classificationKey),
      ...['draft', 'in_clearance', 'cleared', 'transmitted'].map(stateKey),
      ...CABLE_BOXES.map(boxKey),
      ...CABLE_BOXES.map(boxHintKey),
      ...[0, 1, 2].map(escalationKey),
      ...COLLECTIVES.filter((name) => name.startsWith('region:')).map((name) => `region.${name.slice(7)}` as MessageKey),
    ];
    for (const key of keys) {
      expect(viCatalogue[key], key).toBeTruthy();
      expect(en[key], key).toBeTruthy();
    }
  });

  it('uses the ministry’s Vietnamese terms', () => {
    expect(viCatalogue[precedenceKey('flash')]).toBe('Hỏa tốc');
    expect(viCatalogue[precedenceKey('immediate')]).toBe('Thượng khẩn');
    expect(viCatalogue[classificationKey('secret')]).toBe('Tối mật');
    expect(viCatalogue['cables.box.inbox']).toBe('Điện đến');
    expect(viCatalogue['cables.box.sent']).toBe('Điện đi');
  });

  it('names collectives in words', () => {
    const t = (key: MessageKey, params?: Record<string, string | number>) =>
      en[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? ''));
    expect(collectiveLabel(t, 'all_missions')).toBe('All missions');
    expect(collectiveLabel(t, 'region:middle_east')).toBe('All missions in Middle East');
    expect(collectiveLabel(t, 'something')).toBe('something');
  });
});
