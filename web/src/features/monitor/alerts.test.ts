import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import type { MonitorAlert, MonitorBurstDetail } from '../../shared/types';
import { alertPasses, burstHeading, burstWords, isBurstDetail, isOverdue, mergeAlert, totalDelta, type AlertFilter } from './alerts';

function alert(id: number, changes: Partial<MonitorAlert> = {}): MonitorAlert {
  return {
    id, kind: 'match', unit_id: 12, private: false, query_id: 7, article_id: 1, story_id: 1, country: 'VN',
    priority: 'normal', title: 'Bão', detail: {}, state: 'open', assigned_to: null, created_at: '2026-11-28T00:30:00Z',
    ack_deadline: null, acknowledged_by: null, acknowledged_at: null, escalation_level: 0, escalated_at: null, ...changes,
  };
}

const burst: MonitorBurstDetail = {
  query_name: 'Bão và sơ tán', recent_stories: 31, baseline_stories: 14, recent_hours: 1, baseline_hours: 12,
  expected: 1.1666, ratio: 26.57, p_value: 3.2e-21,
};

describe('the burst in words', () => {
  it('says it in English', () => {
    const words = burstWords(burst, createI18n('en'));
    expect(words.sentence).toBe('31 stories in the last hour, against 1.2 expected from the previous 12 hours');
    expect(words.ratio).toBe('27 times the usual rate.');
    expect(words.chance).toBe('By chance alone, a rise like this would happen less than once in 1,000,000,000 (p = 3.2e-21).');
  });

  it('says it in Vietnamese, with Vietnamese numbers', () => {
    const words = burstWords({ ...burst, recent_stories: 6, recent_hours: 2, expected: 0.4, ratio: 7.5, p_value: 6e-5 }, createI18n('vi'));
    expect(words.sentence).toBe('6 tin trong 2 giờ qua, so với 0,4 tin dự kiến theo 12 giờ trước đó');
    expect(words.ratio).toBe('Gấp 7,5 lần mức thường lệ.');
    expect(words.chance).toContain('một lần trong 10.000 (p = 6.0e-5)');
  });

  it('uses the singular for one story and one hour of baseline', () => {
    expect(burstWords({ ...burst, recent_stories: 1, baseline_hours: 1 }, createI18n('en')).sentence).toBe(
      '1 story in the last hour, against 1.2 expected from the previous 1 hour',
    );
  });

  it('names a window shorter than an hour in minutes', () => {
    expect(burstWords({ ...burst, recent_hours: 0.5 }, createI18n('en')).sentence).toContain('in the last 30 minutes,');
    expect(burstWords({ ...burst, recent_hours: 0.25 }, createI18n('vi')).sentence).toContain('trong 15 phút qua,');
  });

  it('heads a query burst by the query and a country burst by the country, in the reader language', () => {
    const countryName = (code: string) => (code === 'JP' ? 'Nhật Bản' : code);
    expect(burstHeading(alert(1, { kind: 'burst', title: 'Bão', detail: burst }), createI18n('en'), countryName)).toBe(
      'Stories about “Bão và sơ tán” are rising',
    );
    const japan = alert(2, { kind: 'burst', query_id: null, title: 'Japan', country: 'JP', detail: { ...burst, query_name: undefined, key: 'country:JP', country: 'JP' } });
    expect(burstHeading(japan, createI18n('vi'), countryName)).toBe('Tin nhắc tới Nhật Bản tăng đột biến');
  });

  it('recognises burst details', () => {
    expect(isBurstDetail(burst)).toBe(true);
    expect(isBurstDetail({ query_name: 'x', terms: [] })).toBe(false);
  });
});

describe('the inbox', () => {
  const open: AlertFilter = { state: 'open', kind: '', unitId: null };

  it('keeps its total current from the stream', () => {
    const list = [alert(5), alert(4)];
    expect(totalDelta(list, 'alert', alert(6), open)).toBe(1);
    expect(totalDelta(list, 'alert', alert(6, { kind: 'geo' }), { ...open, kind: 'match' })).toBe(0);
    expect(totalDelta(list, 'alert.changed', alert(5, { state: 'acknowledged' }), open)).toBe(-1);
    expect(totalDelta(list, 'alert.changed', alert(5, { assigned_to: 3 }), open)).toBe(0);
    expect(totalDelta(list, 'alert.changed', alert(2, { state: 'acknowledged' }), open)).toBe(0);
    expect(totalDelta(list, 'alert', alert(5), open)).toBe(0);
  });

  it('filters by state, kind and unit', () => {
    expect(alertPasses(alert(1), open)).toBe(true);
    expect(alertPasses(alert(1, { state: 'acknowledged' }), open)).toBe(false);
    expect(alertPasses(alert(1, { kind: 'geo' }), { state: '', kind: 'burst', unitId: null })).toBe(false);
    expect(alertPasses(alert(1), { state: '', kind: '', unitId: 13 })).toBe(false);
  });

  it('adds new alerts in id order, each once', () => {
    let list = [alert(9), alert(5)];
    list = mergeAlert(list, alert(12), open);
    list = mergeAlert(list, alert(7), open);
    list = mergeAlert(list, alert(12), open);
    expect(list.map((item) => item.id)).toEqual([12, 9, 7, 5]);
  });

  it('replaces a changed alert, and takes it out when it leaves the filter', () => {
    let list = [alert(9), alert(5)];
    list = mergeAlert(list, alert(5, { assigned_to: 3 }), open);
    expect(list[1].assigned_to).toBe(3);
    list = mergeAlert(list, alert(9, { state: 'acknowledged' }), open);
    expect(list.map((item) => item.id)).toEqual([5]);
    expect(mergeAlert(list, alert(20, { state: 'acknowledged' }), open)).toBe(list);
  });

  it('leaves alerts older than the loaded pages to the paging', () => {
    expect(mergeAlert([alert(9), alert(8)], alert(3), open, 8).map((item) => item.id)).toEqual([9, 8]);
  });

  it('knows an open alert past its deadline is overdue', () => {
    const now = Date.parse('2026-11-28T01:00:00Z');
    expect(isOverdue(alert(1, { ack_deadline: '2026-11-28T00:45:00Z' }), now)).toBe(true);
    expect(isOverdue(alert(1, { ack_deadline: '2026-11-28T01:15:00Z' }), now)).toBe(false);
    expect(isOverdue(alert(1, { ack_deadline: '2026-11-28T00:45:00Z', state: 'acknowledged' }), now)).toBe(false);
    expect(isOverdue(alert(1), now)).toBe(false);
  });
});
