// Pure rules of the channel screens: holding each channel's messages in seq order without duplicates, the cursors
// the live stream resumes from, gaps to page through, unread counts, threads, mentions and who may do what. Only
// hints for the buttons: the server decides every action. The side effects (HTTP, WebSocket) are in useChannels.ts.
import type { ChannelDetail, ChannelMessage, ChannelStreamEvent, ChannelSummary, Id } from '../../shared/types';

/** What the console holds of one channel. */
export interface ChannelLog {
  /** In seq order, each seq once, in its latest known version. */
  messages: ChannelMessage[];
  /**
   * The last seq held with nothing missing after it: where the stream resumes (`?cursors=<id>:<cursor>`). Starts
   * at the channel's last seq when the page opens (older messages are history, fetched on demand) and only moves
   * past messages actually held, so a reconnection never skips one.
   */
  cursor: number;
  /** The stream skipped messages after the cursor (a `gap`): they are paged in with GET …/messages?after=. */
  gap: boolean;
  /** The newest page was fetched (the channel was opened once). */
  loaded: boolean;
  /** Nothing older than the first message held exists. */
  complete: boolean;
}

export interface ChannelsState {
  /** GET /channels, kept up to date by the stream; null until it answered. */
  channels: ChannelSummary[] | null;
  logs: Record<Id, ChannelLog>;
  /** The stream said `ready` since it last connected. */
  ready: boolean;
  /** Channels the user was removed from while the page was open. */
  left: Id[];
  /** A channel was joined: the list is to be fetched again. */
  listStale: boolean;
}

export const initialChannelsState: ChannelsState = { channels: null, logs: {}, ready: false, left: [], listStale: false };

export function emptyLog(cursor: number): ChannelLog {
  return { messages: [], cursor, gap: false, loaded: false, complete: false };
}

// --- Messages ----------------------------------------------------------------------------------------------------

function timeOf(iso: string | null | undefined): number {
  if (!iso) return 0;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? 0 : value;
}

/** A message without the stream's `type` field. */
export function asMessage(event: ChannelMessage): ChannelMessage {
  const message: ChannelMessage = {
    channel_id: event.channel_id,
    seq: event.seq,
    author_id: event.author_id,
    body: event.body ?? '',
    thread_seq: event.thread_seq ?? null,
    announcement: Boolean(event.announcement),
    mentions: event.mentions ?? [],
    created_at: event.created_at,
    edited_at: event.edited_at ?? null,
    deleted_at: event.deleted_at ?? null,
  };
  if (event.seen_by) message.seen_by = event.seen_by;
  // Files are sent with the message; a deleted message has none.
  if (event.attachments && event.attachments.length > 0 && !event.deleted_at) message.attachments = event.attachments;
  return message;
}

/**
 * Of two versions of the same message, the later one: a deletion is final, then the later edit wins, and on a tie
 * the one that arrived last. Readers of an announcement only ever grow, so they are united.
 */
export function laterVersion(held: ChannelMessage, arrived: ChannelMessage): ChannelMessage {
  let chosen: ChannelMessage;
  if (held.deleted_at && !arrived.deleted_at) chosen = held;
  else if (arrived.deleted_at && !held.deleted_at) chosen = arrived;
  else chosen = timeOf(held.edited_at) > timeOf(arrived.edited_at) ? held : arrived;
  if (held.seen_by || arrived.seen_by) {
    const seen = [...new Set([...(held.seen_by ?? []), ...(arrived.seen_by ?? [])])];
    if (seen.length !== (chosen.seen_by ?? []).length) chosen = { ...chosen, seen_by: seen };
  }
  return chosen;
}

function sameVersion(a: ChannelMessage, b: ChannelMessage): boolean {
  return (
    a.body === b.body &&
    a.edited_at === b.edited_at &&
    a.deleted_at === b.deleted_at &&
    (a.seen_by ?? []).length === (b.seen_by ?? []).length
  );
}

/** `held` and `arrived` as one list in seq order, each seq once, in its later version. */
export function mergeMessages(held: ChannelMessage[], arrived: ChannelMessage[]): ChannelMessage[] {
  if (arrived.length === 0) return held;
  const bySeq = new Map<number, ChannelMessage>();
  for (const message of held) bySeq.set(message.seq, message);
  let changed = false;
  for (const incoming of arrived) {
    const message = asMessage(incoming);
    const existing = bySeq.get(message.seq);
    const kept = existing ? laterVersion(existing, message) : message;
    if (existing && sameVersion(existing, kept)) continue;
    if (kept !== existing) {
      bySeq.set(message.seq, kept);
      changed = true;
    }
  }
  if (!changed) return held;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Moves `cursor` over the messages held right after it (cursor + 1, + 2, …). */
export function advanceCursor(cursor: number, messages: ChannelMessage[]): number {
  let next = cursor;
  for (const message of messages) {
    if (message.seq <= next) continue;
    if (message.seq !== next + 1) break;
    next = message.seq;
  }
  return next;
}

/** The stream's `cursors` parameter: "<channel>:<seq>,…" in channel order. */
export function cursorsParam(logs: Record<Id, ChannelLog>): string {
  return Object.entries(logs)
    .map(([id, log]) => [Number(id), log.cursor] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([id, cursor]) => `${id}:${cursor}`)
    .join(',');
}

/** The path of the live stream under /api/v1, resuming from the cursors held. */
export function streamPath(logs: Record<Id, ChannelLog>): string {
  const cursors = cursorsParam(logs);
  return cursors ? `/channels/stream?cursors=${cursors}` : '/channels/stream';
}

// --- State changes -----------------------------------------------------------------------------------------------

function withLog(state: ChannelsState, channelId: Id, log: ChannelLog): ChannelsState {
  return { ...state, logs: { ...state.logs, [channelId]: log } };
}

function addMessages(log: ChannelLog, arrived: ChannelMessage[]): ChannelLog {
  const messages = mergeMessages(log.messages, arrived);
  const cursor = advanceCursor(log.cursor, messages);
  if (messages === log.messages && cursor === log.cursor) return log;
  return { ...log, messages, cursor };
}

function updateSummary(state: ChannelsState, channelId: Id, update: (summary: ChannelSummary) => ChannelSummary): ChannelsState {
  if (!state.channels) return state;
  let changed = false;
  const channels = state.channels.map((summary) => {
    if (summary.id !== channelId) return summary;
    const next = update(summary);
    if (next !== summary) changed = true;
    return next;
  });
  return changed ? { ...state, channels } : state;
}

function counted(summary: ChannelSummary, lastSeq: number, lastReadSeq: number): ChannelSummary {
  const last_seq = Math.max(summary.last_seq, lastSeq);
  const last_read_seq = Math.max(summary.last_read_seq, lastReadSeq);
  if (last_seq === summary.last_seq && last_read_seq === summary.last_read_seq) return summary;
  return { ...summary, last_seq, last_read_seq, unread: Math.max(0, last_seq - last_read_seq) };
}

/**
 * GET /channels answered. Channels seen for the first time start at their last seq (the stream then brings what
 * follows, the newest page what precedes); the cursors of channels already held are never moved by the list,
 * which may be ahead of the messages actually received.
 */
export function applyList(state: ChannelsState, items: ChannelSummary[]): ChannelsState {
  const logs = { ...state.logs };
  for (const summary of items) logs[summary.id] ??= emptyLog(summary.last_seq);
  const known = new Set(items.map((summary) => summary.id));
  for (const id of Object.keys(logs).map(Number)) if (!known.has(id)) delete logs[id];
  // Counts already advanced by the stream (or by marking read) are not taken back by a list fetched earlier.
  const previous = new Map((state.channels ?? []).map((summary) => [summary.id, summary]));
  const channels = items.map((summary) => {
    const before = previous.get(summary.id);
    return before ? counted(summary, before.last_seq, before.last_read_seq) : summary;
  });
  return { ...state, channels, logs, listStale: false };
}

/** One frame of the stream. `me` is the user's id (their own messages are read). */
export function applyStreamEvent(state: ChannelsState, event: ChannelStreamEvent, me: Id): ChannelsState {
  switch (event.type) {
    case 'ready': {
      const logs = { ...state.logs };
      for (const [id, seq] of Object.entries(event.cursors ?? {})) logs[Number(id)] ??= emptyLog(seq);
      return { ...state, logs, ready: true };
    }
    case 'message': {
      // A channel the page does not know yet is followed from this message on.
      const log = state.logs[event.channel_id] ?? emptyLog(event.seq - 1);
      const next = withLog(state, event.channel_id, addMessages(log, [event]));
      return updateSummary(next, event.channel_id, (summary) =>
        counted(summary, event.seq, event.author_id === me ? event.seq : 0),
      );
    }
    case 'message.edited':
    case 'message.deleted': {
      const log = state.logs[event.channel_id];
      return log ? withLog(state, event.channel_id, addMessages(log, [event])) : state;
    }
    case 'gap': {
      const log = state.logs[event.channel_id] ?? emptyLog(event.after);
      return withLog(state, event.channel_id, { ...log, gap: true });
    }
    case 'channel.joined': {
      const next = state.logs[event.channel_id] ? state : withLog(state, event.channel_id, emptyLog(event.seq));
      return { ...next, listStale: true, left: next.left.filter((id) => id !== event.channel_id) };
    }
    case 'channel.left': {
      const logs = { ...state.logs };
      delete logs[event.channel_id];
      return {
        ...state,
        logs,
        channels: state.channels?.filter((summary) => summary.id !== event.channel_id) ?? null,
        left: state.left.includes(event.channel_id) ? state.left : [...state.left, event.channel_id],
      };
    }
    default:
      return state;
  }
}

export type PageKind = 'newest' | 'older' | 'after';

/**
 * A page of GET /channels/:id/messages arrived: the newest (`loaded`), older history (`complete` when short), or
 * the messages after the cursor that a gap left out (the gap is closed by a short page).
 */
export function applyPage(state: ChannelsState, channelId: Id, kind: PageKind, items: ChannelMessage[], limit: number): ChannelsState {
  const log = state.logs[channelId];
  if (!log) return state;
  let next = addMessages(log, items);
  const short = items.length < limit;
  // A short page of the newest or of older messages reached the first one; so did any page starting at seq 1.
  const reachedFirst = ((kind === 'newest' || kind === 'older') && short) || items[0]?.seq === 1;
  if (reachedFirst && !next.complete) next = { ...next, complete: true };
  if (kind === 'newest' && !next.loaded) next = { ...next, loaded: true };
  if (kind === 'after' && short && next.gap) next = { ...next, gap: false };
  const last = items.length > 0 ? items[items.length - 1].seq : 0;
  return updateSummary(withLog(state, channelId, next), channelId, (summary) => counted(summary, last, 0));
}

/** A message the user posted, edited or deleted (the API's answer; the stream will bring it too). */
export function applyOwnMessage(state: ChannelsState, message: ChannelMessage): ChannelsState {
  const log = state.logs[message.channel_id];
  if (!log) return state;
  const next = withLog(state, message.channel_id, addMessages(log, [message]));
  return updateSummary(next, message.channel_id, (summary) => counted(summary, message.seq, message.seq));
}

/** The user read the channel up to `seq` (POST /channels/:id/read). */
export function applyRead(state: ChannelsState, channelId: Id, seq: number): ChannelsState {
  return updateSummary(state, channelId, (summary) => counted(summary, 0, seq));
}

/** The user marked an announcement seen: counted at once (the stream confirms it). */
export function applySeen(state: ChannelsState, channelId: Id, seq: number, me: Id): ChannelsState {
  const log = state.logs[channelId];
  const message = log?.messages.find((item) => item.seq === seq);
  if (!log || !message || message.seen_by?.includes(me)) return state;
  return withLog(state, channelId, addMessages(log, [{ ...message, seen_by: [...(message.seen_by ?? []), me] }]));
}

/** The first channel whose gap is still to be paged in, with the seq to page from. */
export function pendingGap(state: ChannelsState): { channelId: Id; after: number } | null {
  for (const [id, log] of Object.entries(state.logs)) {
    if (log.gap) return { channelId: Number(id), after: log.cursor };
  }
  return null;
}

/** The seq to mark read when the user looks at the channel, or null when nothing new is there. */
export function readTarget(summary: ChannelSummary | undefined, log: ChannelLog | undefined): number | null {
  if (!summary || !log || log.messages.length === 0) return null;
  const last = log.messages[log.messages.length - 1].seq;
  return last > summary.last_read_seq ? last : null;
}

export function unreadOf(summary: ChannelSummary): number {
  return Math.max(0, summary.unread ?? summary.last_seq - summary.last_read_seq);
}

// --- Channels and people -----------------------------------------------------------------------------------------

export const CHANNEL_KINDS = ['unit', 'topic', 'direct'] as const;

/** The channels of one kind, in the list's order. */
export function channelsOfKind(channels: ChannelSummary[], kind: ChannelSummary['kind']): ChannelSummary[] {
  return channels.filter((channel) => channel.kind === kind);
}

/** The other person of a direct channel. */
export function directPartner(detail: ChannelDetail | undefined, me: Id): ChannelDetail['members'][number] | undefined {
  return detail?.members.find((member) => member.user_id !== me);
}

export function memberName(member: { display_name: string | null; username: string | null; user_id: Id } | undefined): string {
  if (!member) return '';
  return member.display_name || member.username || `#${member.user_id}`;
}

export function mayAnnounce(summary: ChannelSummary | undefined): boolean {
  return summary?.role === 'owner';
}

export function mayManageMembers(summary: ChannelSummary | undefined): boolean {
  return summary?.role === 'owner' && summary.kind !== 'direct';
}

export function mayEdit(message: ChannelMessage, me: Id): boolean {
  return message.author_id === me && !message.deleted_at;
}

export function mayDelete(message: ChannelMessage, me: Id, summary: ChannelSummary | undefined): boolean {
  return !message.deleted_at && (message.author_id === me || summary?.role === 'owner');
}

/** An announcement the user has not marked seen (authors have seen their own). */
export function mayMarkSeen(message: ChannelMessage, me: Id): boolean {
  return message.announcement && !message.deleted_at && message.author_id !== me && !(message.seen_by ?? []).includes(me);
}

// --- Threads -----------------------------------------------------------------------------------------------------

/**
 * For every reply held, the first message of its thread: replies to replies belong to the thread of the message
 * they answer. A reply whose parent is not held (older history) has that parent as its root.
 */
export function threadRoots(messages: ChannelMessage[]): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const message of messages) if (message.thread_seq !== null) parentOf.set(message.seq, message.thread_seq);
  const roots = new Map<number, number>();
  for (const seq of parentOf.keys()) {
    let current = seq;
    for (let step = 0; step < 50 && parentOf.has(current) && parentOf.get(current) !== current; ++step) {
      current = parentOf.get(current) as number;
    }
    roots.set(seq, current);
  }
  return roots;
}

/** The thread `seq` belongs to: its root. */
export function threadRoot(messages: ChannelMessage[], seq: number): number {
  return threadRoots(messages).get(seq) ?? seq;
}

/** The replies of a thread, in order. */
export function threadReplies(messages: ChannelMessage[], root: number): ChannelMessage[] {
  const roots = threadRoots(messages);
  return messages.filter((message) => message.seq !== root && roots.get(message.seq) === root);
}

/** Replies per thread root. */
export function replyCounts(messages: ChannelMessage[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const root of threadRoots(messages).values()) counts.set(root, (counts.get(root) ?? 0) + 1);
  return counts;
}

// --- Text --------------------------------------------------------------------------------------------------------

export interface TextPart {
  text: string;
  /** The username named, when this part is an @mention of a member. */
  mention?: string;
}

const MENTION = /@([a-z0-9._-]+)/g;

/**
 * The body cut into plain text and @mentions of members, read as the server reads them: "@" not preceded by a
 * letter or digit (an e-mail address), lower-case letters, digits, ".", "-", "_", a trailing "." ending the
 * sentence, at least 3 characters.
 */
export function splitMentions(body: string, usernames: ReadonlySet<string>): TextPart[] {
  const parts: TextPart[] = [];
  let plainFrom = 0;
  for (const match of body.matchAll(MENTION)) {
    const at = match.index ?? 0;
    if (at > 0 && /[\p{L}\p{N}]/u.test(body[at - 1])) continue;
    const name = match[1].replace(/\.+$/, '');
    if (name.length < 3 || !usernames.has(name)) continue;
    if (at > plainFrom) parts.push({ text: body.slice(plainFrom, at) });
    parts.push({ text: `@${name}`, mention: name });
    plainFrom = at + 1 + name.length;
  }
  if (plainFrom < body.length) parts.push({ text: body.slice(plainFrom) });
  return parts;
}

/** What a key press in the composer does: Enter sends, Shift+Enter (or an input method composing) does not. */
export function composerKey(event: { key: string; shiftKey: boolean; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; isComposing?: boolean }): 'send' | 'none' {
  if (event.key !== 'Enter' || event.isComposing) return 'none';
  if (event.shiftKey || event.altKey) return 'none';
  return 'send';
}

/**
 * A message is worth sending when it holds more than blanks or carries files (the server refuses empty ones; with
 * files the text may be empty).
 */
export function sendable(body: string, files = 0): boolean {
  return body.trim().length > 0 || files > 0;
}

/** The first line of a message, shortened, to quote it in a reply. */
export function excerpt(body: string, length = 80): string {
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
