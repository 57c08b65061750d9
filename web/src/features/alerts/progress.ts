// The numbers of a sending alert and of its safety check, arranged for the screen: the parts of a bar (each state's
// share, rounded so that the parts add up to 100), the table of deliveries per channel, and the order of channels.
import { ALERT_CHANNELS, DELIVERY_STATES, type AlertProgress, type ChannelStateCount, type DeliveryState, type SafetyCounts } from '../../shared/types';

export interface BarPart<K extends string> {
  key: K;
  count: number;
  /** Whole percent; the parts of a non-empty bar add up to exactly 100. */
  percent: number;
}

/** Shares by the largest remainder, so that rounding never makes 99 or 101. */
export function barParts<K extends string>(counts: { key: K; count: number }[]): BarPart<K>[] {
  const total = counts.reduce((sum, part) => sum + Math.max(0, part.count), 0);
  if (total === 0) return counts.map((part) => ({ ...part, percent: 0 }));
  const exact = counts.map((part) => (Math.max(0, part.count) * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((sum, value) => sum + value, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder);
  for (const { index } of order) {
    if (left <= 0) break;
    floors[index] += 1;
    left -= 1;
  }
  return counts.map((part, index) => ({ ...part, percent: floors[index] }));
}

export function deliveryParts(progress: AlertProgress): BarPart<DeliveryState>[] {
  return barParts(DELIVERY_STATES.map((key) => ({ key, count: progress[key] })));
}

export type SafetyKey = 'need_help' | 'safe' | 'no_answer';

export function safetyParts(counts: SafetyCounts): BarPart<SafetyKey>[] {
  return barParts<SafetyKey>([
    { key: 'need_help', count: counts.need_help },
    { key: 'safe', count: counts.safe },
    { key: 'no_answer', count: counts.no_answer },
  ]);
}

export interface ChannelRow {
  channel: string;
  counts: Record<string, number>;
  total: number;
}

/** A channel's place: the cascade's order, then any other channel by name. */
function channelOrder(channel: string): number {
  const index = (ALERT_CHANNELS as readonly string[]).indexOf(channel);
  return index === -1 ? ALERT_CHANNELS.length : index;
}

/** Deliveries per channel, a count per state (states the server adds are kept too). */
export function channelRows(byChannel: ChannelStateCount[]): ChannelRow[] {
  const rows = new Map<string, ChannelRow>();
  for (const entry of byChannel) {
    const row = rows.get(entry.channel) ?? { channel: entry.channel, counts: {}, total: 0 };
    row.counts[entry.state] = (row.counts[entry.state] ?? 0) + entry.count;
    row.total += entry.count;
    rows.set(entry.channel, row);
  }
  return [...rows.values()].sort((a, b) => channelOrder(a.channel) - channelOrder(b.channel) || a.channel.localeCompare(b.channel));
}

/** The states to show as columns: the known ones in order (cancelled only when some were), then any other found. */
export function stateColumns(rows: ChannelRow[]): string[] {
  const found = new Set(rows.flatMap((row) => Object.keys(row.counts)));
  const known = (DELIVERY_STATES as readonly string[]).filter((state) => found.has(state) || state !== 'cancelled');
  const other = [...found].filter((state) => !(DELIVERY_STATES as readonly string[]).includes(state)).sort();
  return [...known, ...other];
}

/** Entries of a count object in the cascade's order (channels with nothing left out). */
export function channelCounts(counts: Partial<Record<string, number>>): [string, number][] {
  return Object.entries(counts)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
    .sort(([a], [b]) => channelOrder(a) - channelOrder(b) || a.localeCompare(b));
}

