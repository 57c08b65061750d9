import { describe, expect, it } from 'vitest';
import type { MonitorAlert, MonitorMatchEvent, MonitorStreamEvent } from '../../shared/types';
import { applyLiveEvent, emptyLiveList, LIVE_LIMIT, setPaused, type LiveList } from './stream';

function match(articleId: number, queryId = 7, unitId = 12): MonitorMatchEvent {
  return {
    type: 'match',
    unit_id: unitId,
    private_to: null,
    query: { id: queryId, name: 'Bão và sơ tán' },
    article: {
      id: articleId, story_id: articleId, source_id: 1, source: 'crawler', title: `Tin ${articleId}`, link: '',
      language: 'vi', country: 'VN', countries: ['VN'], published_at: '2026-11-28T00:30:00Z',
    },
    terms: ['bão'],
    snippet: { part: 'body', text: 'bão', marks: [[0, 4]] },
  };
}

function alert(id: number, changes: Partial<MonitorAlert> = {}): MonitorAlert {
  return {
    id, kind: 'match', unit_id: 12, private: false, query_id: 7, article_id: 1, story_id: 1, country: 'VN',
    priority: 'high', title: 'Bão', detail: {}, state: 'open', assigned_to: null, created_at: '2026-11-28T00:30:00Z',
    ack_deadline: null, acknowledged_by: null, acknowledged_at: null, escalation_level: 0, escalated_at: null, ...changes,
  };
}

const apply = (list: LiveList, events: MonitorStreamEvent[], units: Set<number> | null = null) =>
  events.reduce((state, event, index) => applyLiveEvent(state, event, 1000 + index, units), list);

const keys = (list: LiveList) => list.items.map((item) => item.key);

describe('the live list', () => {
  it('puts the newest first and holds each match and alert once', () => {
    const list = apply(emptyLiveList, [
      { type: 'ready' }, match(1), match(2), match(1), match(2, 8),
      { type: 'alert', unit_id: 12, private_to: null, alert: alert(5) }, { type: 'alert', unit_id: 12, private_to: null, alert: alert(5) },
    ]);
    expect(keys(list)).toEqual(['alert:5', 'match:2:8', 'match:2:7', 'match:1:7']);
  });

  it('keeps only the units watched', () => {
    const list = apply(emptyLiveList, [match(1, 7, 12), match(2, 7, 99), { type: 'alert', unit_id: 99, private_to: null, alert: alert(3, { unit_id: 99 }) }], new Set([12]));
    expect(keys(list)).toEqual(['match:1:7']);
  });

  it('updates an alert in place when it changes, and ignores changes of alerts it does not hold', () => {
    let list = apply(emptyLiveList, [{ type: 'alert', unit_id: 12, private_to: null, alert: alert(5) }, match(1)]);
    list = apply(list, [
      { type: 'alert.changed', unit_id: 12, private_to: null, alert: alert(5, { state: 'acknowledged', acknowledged_by: 3 }) },
      { type: 'alert.changed', unit_id: 12, private_to: null, alert: alert(6, { state: 'acknowledged' }) },
    ]);
    expect(keys(list)).toEqual(['match:1:7', 'alert:5']);
    const changed = list.items[1];
    expect(changed.kind === 'alert' && changed.alert.state).toBe('acknowledged');
  });

  it('holds what arrives while paused and shows it, in order, on resume', () => {
    let list = apply(emptyLiveList, [match(1)]);
    list = setPaused(list, true);
    list = apply(list, [match(2), match(3), match(1)]);
    expect(keys(list)).toEqual(['match:1:7']);
    expect(list.held.map((item) => item.key)).toEqual(['match:3:7', 'match:2:7']);
    list = apply(list, [{ type: 'alert.changed', unit_id: 12, private_to: null, alert: alert(9) }]);
    list = setPaused(list, false);
    expect(keys(list)).toEqual(['match:3:7', 'match:2:7', 'match:1:7']);
    expect(list.held).toEqual([]);
  });

  it(`keeps at most ${LIVE_LIMIT} items, letting the oldest go`, () => {
    const events = Array.from({ length: LIVE_LIMIT + 20 }, (_, index) => match(index + 1));
    const list = apply(emptyLiveList, events);
    expect(list.items).toHaveLength(LIVE_LIMIT);
    expect(list.items[0].key).toBe(`match:${LIVE_LIMIT + 20}:7`);
    expect(list.items[LIVE_LIMIT - 1].key).toBe('match:21:7');
    expect(list.dropped).toBe(20);

    let paused = setPaused(apply(emptyLiveList, events.slice(0, 10)), true);
    paused = apply(paused, events.slice(10));
    expect(paused.items.length + paused.held.length).toBe(LIVE_LIMIT);
    expect(paused.items).toHaveLength(0);
    expect(paused.held[0].key).toBe(`match:${LIVE_LIMIT + 20}:7`);
  });
});
