import { describe, expect, it } from 'vitest';
import { barParts, channelCounts, channelRows, deliveryParts, safetyParts, stateColumns } from './progress';

describe('bars', () => {
  it('add up to exactly 100 percent, by the largest remainders', () => {
    const parts = barParts([
      { key: 'a', count: 1 },
      { key: 'b', count: 1 },
      { key: 'c', count: 1 },
    ]);
    expect(parts.map((part) => part.percent)).toEqual([34, 33, 33]);
    expect(barParts([{ key: 'x', count: 0 }])).toEqual([{ key: 'x', count: 0, percent: 0 }]);
  });

  it('show every delivery state of a progress, in order', () => {
    const parts = deliveryParts({ total: 3, pending: 2, awaiting_receipt: 0, delivered: 0, failed: 1, cancelled: 0, by_channel: [], quotas: [] });
    expect(parts.map((part) => [part.key, part.count, part.percent])).toEqual([
      ['delivered', 0, 0],
      ['awaiting_receipt', 0, 0],
      ['pending', 2, 67],
      ['failed', 1, 33],
      ['cancelled', 0, 0],
    ]);
  });

  it('put those who need help first in the safety bar', () => {
    const parts = safetyParts({ recipients: 4, safe: 2, need_help: 1, no_answer: 1, by_channel: {} });
    expect(parts.map((part) => part.key)).toEqual(['need_help', 'safe', 'no_answer']);
    expect(parts.map((part) => part.percent)).toEqual([25, 50, 25]);
  });
});

describe('deliveries per channel', () => {
  const rows = channelRows([
    { channel: 'email', state: 'failed', count: 2 },
    { channel: 'zalo_message', state: 'delivered', count: 5 },
    { channel: 'email', state: 'pending', count: 1 },
    { channel: 'carrier_pigeon', state: 'lost', count: 1 },
    { channel: 'sms', state: 'awaiting_receipt', count: 3 },
  ]);

  it('group the states of each channel, in the cascade order, unknown channels last', () => {
    expect(rows.map((row) => row.channel)).toEqual(['zalo_message', 'sms', 'email', 'carrier_pigeon']);
    expect(rows[2]).toEqual({ channel: 'email', counts: { failed: 2, pending: 1 }, total: 3 });
  });

  it('show the known states as columns (cancelled only when some were), then any other', () => {
    expect(stateColumns(rows)).toEqual(['delivered', 'awaiting_receipt', 'pending', 'failed', 'lost']);
    expect(stateColumns(channelRows([{ channel: 'sms', state: 'cancelled', count: 1 }]))).toContain('cancelled');
  });

  it('list counts by channel without the empty ones', () => {
    expect(channelCounts({ email: 3, zalo_message: 0, sms: 1, zalo_template: 2 })).toEqual([
      ['zalo_template', 2],
      ['sms', 1],
      ['email', 3],
    ]);
  });
});
