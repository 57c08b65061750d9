import { describe, expect, it } from 'vitest';
import type { ChannelMessage, ChannelStreamEvent, ChannelSummary } from '../../shared/types';
import {
  advanceCursor,
  applyList,
  applyOwnMessage,
  applyPage,
  applyRead,
  applySeen,
  applyStreamEvent,
  composerKey,
  cursorsParam,
  excerpt,
  initialChannelsState,
  laterVersion,
  mayDelete,
  mayEdit,
  mayManageMembers,
  mayMarkSeen,
  mergeMessages,
  pendingGap,
  readTarget,
  replyCounts,
  sendable,
  splitMentions,
  streamPath,
  threadReplies,
  threadRoot,
  type ChannelsState,
} from './model';

const ME = 7;
const OTHER = 8;

function message(seq: number, overrides: Partial<ChannelMessage> = {}): ChannelMessage {
  return {
    channel_id: 1,
    seq,
    author_id: OTHER,
    body: `message ${seq}`,
    thread_seq: null,
    announcement: false,
    mentions: [],
    created_at: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}Z`,
    edited_at: null,
    deleted_at: null,
    ...overrides,
  };
}

function summary(id: number, overrides: Partial<ChannelSummary> = {}): ChannelSummary {
  return { id, kind: 'topic', name: `channel ${id}`, unit_id: null, last_seq: 0, last_read_seq: 0, unread: 0, role: 'member', member_count: 2, ...overrides };
}

function event(seq: number, overrides: Partial<ChannelMessage> = {}): ChannelStreamEvent {
  return { ...message(seq, overrides), type: 'message' };
}

const seqs = (state: ChannelsState, channel = 1) => state.logs[channel]?.messages.map((item) => item.seq);

function listed(...items: ChannelSummary[]): ChannelsState {
  return applyList(initialChannelsState, items);
}

describe('merging messages', () => {
  it('keeps seq order and each seq once, whatever the order of arrival', () => {
    const merged = mergeMessages([message(2), message(4)], [message(3), message(1), message(4), message(2)]);
    expect(merged.map((item) => item.seq)).toEqual([1, 2, 3, 4]);
  });

  it('returns the same list when nothing new arrived, so screens do not redraw', () => {
    const held = [message(1), message(2)];
    expect(mergeMessages(held, [message(2)])).toBe(held);
    expect(mergeMessages(held, [])).toBe(held);
  });

  it('keeps the later version: a later edit wins, a deletion is final, late originals are ignored', () => {
    const edited = message(1, { body: 'fixed', edited_at: '2026-01-01T01:00:00Z' });
    expect(mergeMessages([edited], [message(1)])[0].body).toBe('fixed');
    expect(mergeMessages([message(1)], [edited])[0].body).toBe('fixed');
    const deleted = message(1, { body: '', deleted_at: '2026-01-01T02:00:00Z', edited_at: '2026-01-01T01:00:00Z' });
    expect(mergeMessages([deleted], [edited])[0].deleted_at).toBeTruthy();
    expect(mergeMessages([edited], [deleted])[0].body).toBe('');
  });

  it('unites the readers of an announcement', () => {
    const held = message(1, { announcement: true, seen_by: [3] });
    expect(laterVersion(held, message(1, { announcement: true, seen_by: [4] })).seen_by?.sort()).toEqual([3, 4]);
  });

  it('keeps the files of a message, and none once it is deleted', () => {
    const file = { id: 5, filename: 'a.pdf', media_type: 'application/pdf', size_bytes: 9, sha256: '', created_at: '', url: '/api/v1/channels/1/attachments/5' };
    let merged = mergeMessages([], [{ ...message(1, { body: '' }), attachments: [file] }]);
    expect(merged[0].attachments).toEqual([file]);
    merged = mergeMessages(merged, [{ ...message(1, { body: '', deleted_at: '2026-01-01T00:05:00Z' }), attachments: [] }]);
    expect(merged[0].deleted_at).not.toBeNull();
    expect(merged[0]).not.toHaveProperty('attachments');
  });

  it('drops the stream’s frame type', () => {
    const merged = mergeMessages([], [{ ...message(1), type: 'message' }]);
    expect(merged[0]).not.toHaveProperty('type');
  });
});

describe('cursors', () => {
  it('move only over messages held without a hole', () => {
    expect(advanceCursor(2, [message(1), message(2), message(3), message(4), message(6)])).toBe(4);
    expect(advanceCursor(0, [message(2)])).toBe(0);
    expect(advanceCursor(5, [])).toBe(5);
  });

  it('are sent as <channel>:<seq> in channel order', () => {
    const state = listed(summary(12, { last_seq: 4 }), summary(3, { last_seq: 9 }));
    expect(cursorsParam(state.logs)).toBe('3:9,12:4');
    expect(streamPath(state.logs)).toBe('/channels/stream?cursors=3:9,12:4');
    expect(streamPath({})).toBe('/channels/stream');
  });

  it('start at each channel’s last seq and are never moved back or forward by a later list', () => {
    let state = listed(summary(1, { last_seq: 5 }));
    expect(state.logs[1].cursor).toBe(5);
    state = applyStreamEvent(state, event(6), ME);
    // A list fetched while message 7 is on its way must not make the stream skip it on a reconnection.
    state = applyList(state, [summary(1, { last_seq: 7 }), summary(2, { last_seq: 3 })]);
    expect(state.logs[1].cursor).toBe(6);
    expect(state.logs[2].cursor).toBe(3);
    state = applyList(state, [summary(2, { last_seq: 3 })]);
    expect(state.logs[1]).toBeUndefined();
  });
});

describe('the live stream', () => {
  it('appends messages in order, advances the cursor and counts unread ones from others', () => {
    let state = listed(summary(1, { last_seq: 2, last_read_seq: 2 }));
    state = applyStreamEvent(state, { type: 'ready', cursors: { 1: 2 } }, ME);
    expect(state.ready).toBe(true);
    state = applyStreamEvent(state, event(3), ME);
    state = applyStreamEvent(state, event(4), ME);
    expect(seqs(state)).toEqual([3, 4]);
    expect(state.logs[1].cursor).toBe(4);
    expect(state.channels?.[0]).toMatchObject({ last_seq: 4, unread: 2 });
    state = applyStreamEvent(state, event(5, { author_id: ME }), ME);
    expect(state.channels?.[0]).toMatchObject({ last_seq: 5, last_read_seq: 5, unread: 0 });
  });

  it('resumes after a disconnection with every message exactly once, in order', () => {
    // B holds 1..2 and goes offline; A posts 3, 4, 5. B reconnects with ?cursors=1:2: the server replays 3..5, and
    // an event for 5 delivered twice (before and after the reconnection) is held once.
    let state = listed(summary(1, { last_seq: 0 }));
    for (const seq of [1, 2]) state = applyStreamEvent(state, event(seq), ME);
    state = { ...state, ready: false };
    expect(cursorsParam(state.logs)).toBe('1:2');
    for (const seq of [3, 4, 5, 5]) state = applyStreamEvent(state, event(seq), ME);
    state = applyStreamEvent(state, { type: 'ready', cursors: { 1: 5 } }, ME);
    expect(seqs(state)).toEqual([1, 2, 3, 4, 5]);
    expect(state.logs[1].cursor).toBe(5);
    expect(state.channels?.[0].unread).toBe(5);
  });

  it('pages in what a gap left out, then resumes the cursor past the live messages', () => {
    let state = listed(summary(1, { last_seq: 10 }));
    state = applyStreamEvent(state, { type: 'gap', channel_id: 1, after: 10 }, ME);
    state = applyStreamEvent(state, event(700), ME);
    expect(pendingGap(state)).toEqual({ channelId: 1, after: 10 });
    expect(state.logs[1].cursor).toBe(10);
    const page = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => message(from + index));
    state = applyPage(state, 1, 'after', page(11, 510), 500);
    expect(pendingGap(state)).toEqual({ channelId: 1, after: 510 });
    state = applyPage(state, 1, 'after', page(511, 699), 500);
    expect(pendingGap(state)).toBeNull();
    expect(state.logs[1].cursor).toBe(700);
    expect(seqs(state)).toHaveLength(690);
  });

  it('applies edits and deletions to messages held, and ignores them for unknown channels', () => {
    let state = listed(summary(1, { last_seq: 0 }));
    state = applyStreamEvent(state, event(1), ME);
    state = applyStreamEvent(state, { ...message(1, { body: 'new text', edited_at: '2026-01-02T00:00:00Z' }), type: 'message.edited' }, ME);
    expect(state.logs[1].messages[0].body).toBe('new text');
    state = applyStreamEvent(state, { ...message(1, { body: '', deleted_at: '2026-01-03T00:00:00Z' }), type: 'message.deleted' }, ME);
    expect(state.logs[1].messages[0]).toMatchObject({ body: '', deleted_at: '2026-01-03T00:00:00Z' });
    expect(applyStreamEvent(state, { ...message(1, { channel_id: 99 }), type: 'message.edited' }, ME)).toBe(state);
  });

  it('follows channels joined and forgets channels left', () => {
    let state = listed(summary(1, { last_seq: 3 }));
    state = applyStreamEvent(state, { type: 'channel.joined', channel_id: 2, seq: 8 }, ME);
    expect(state.logs[2].cursor).toBe(8);
    expect(state.listStale).toBe(true);
    expect(cursorsParam(state.logs)).toBe('1:3,2:8');
    state = applyStreamEvent(state, { type: 'channel.left', channel_id: 1 }, ME);
    expect(state.logs[1]).toBeUndefined();
    expect(state.channels).toEqual([]);
    expect(state.left).toEqual([1]);
  });

  it('starts channels the page does not know at the message that arrives', () => {
    const state = applyStreamEvent(listed(), event(4, { channel_id: 5 }), ME);
    expect(state.logs[5]).toMatchObject({ cursor: 4 });
  });
});

describe('pages and read marks', () => {
  it('marks the newest page loaded, and the history complete when short or starting at 1', () => {
    let state = listed(summary(1, { last_seq: 150 }));
    state = applyPage(state, 1, 'newest', Array.from({ length: 100 }, (_, index) => message(51 + index)), 100);
    expect(state.logs[1]).toMatchObject({ loaded: true, complete: false, cursor: 150 });
    state = applyPage(state, 1, 'older', Array.from({ length: 50 }, (_, index) => message(1 + index)), 100);
    expect(state.logs[1].complete).toBe(true);
    expect(seqs(state)).toEqual(Array.from({ length: 150 }, (_, index) => index + 1));
    const empty = applyPage(listed(summary(2)), 2, 'newest', [], 100);
    expect(empty.logs[2]).toMatchObject({ loaded: true, complete: true });
  });

  it('counts the user’s own posts as read and read marks never go back', () => {
    let state = listed(summary(1, { last_seq: 4, last_read_seq: 1, unread: 3 }));
    state = applyPage(state, 1, 'newest', [message(1), message(2), message(3), message(4)], 100);
    expect(readTarget(state.channels?.[0], state.logs[1])).toBe(4);
    state = applyRead(state, 1, 4);
    expect(state.channels?.[0]).toMatchObject({ last_read_seq: 4, unread: 0 });
    expect(readTarget(state.channels?.[0], state.logs[1])).toBeNull();
    state = applyRead(state, 1, 2);
    expect(state.channels?.[0].last_read_seq).toBe(4);
    state = applyOwnMessage(state, message(5, { author_id: ME }));
    expect(state.channels?.[0]).toMatchObject({ last_seq: 5, last_read_seq: 5, unread: 0 });
    expect(state.logs[1].cursor).toBe(5);
  });

  it('counts the user among the readers of an announcement at once', () => {
    let state = listed(summary(1));
    state = applyPage(state, 1, 'newest', [message(1, { announcement: true, seen_by: [] })], 100);
    state = applySeen(state, 1, 1, ME);
    expect(state.logs[1].messages[0].seen_by).toEqual([ME]);
    expect(applySeen(state, 1, 1, ME)).toBe(state);
  });
});

describe('threads', () => {
  const messages = [message(1), message(2, { thread_seq: 1 }), message(3), message(4, { thread_seq: 2 }), message(5, { thread_seq: 3 }), message(6, { thread_seq: 1 })];

  it('find the root of replies to replies', () => {
    expect(threadRoot(messages, 4)).toBe(1);
    expect(threadRoot(messages, 3)).toBe(3);
    expect(threadReplies(messages, 1).map((item) => item.seq)).toEqual([2, 4, 6]);
    expect(replyCounts(messages)).toEqual(new Map([[1, 3], [3, 1]]));
  });

  it('survive a loop in the data', () => {
    const looped = [message(1, { thread_seq: 2 }), message(2, { thread_seq: 1 })];
    expect([1, 2]).toContain(threadRoot(looped, 1));
  });
});

describe('text', () => {
  const members = new Set(['lan.nguyen', 'minh']);

  it('highlights @mentions of members as the server reads them', () => {
    expect(splitMentions('Xin chào @lan.nguyen. Gặp @minh và @nobody.', members)).toEqual([
      { text: 'Xin chào ' },
      { text: '@lan.nguyen', mention: 'lan.nguyen' },
      { text: '. Gặp ' },
      { text: '@minh', mention: 'minh' },
      { text: ' và @nobody.' },
    ]);
    expect(splitMentions('mail lan@minh.vn', members)).toEqual([{ text: 'mail lan@minh.vn' }]);
    expect(splitMentions('', members)).toEqual([]);
  });

  it('sends on Enter, not on Shift+Enter nor while an input method composes (Vietnamese Telex)', () => {
    expect(composerKey({ key: 'Enter', shiftKey: false })).toBe('send');
    expect(composerKey({ key: 'Enter', shiftKey: true })).toBe('none');
    expect(composerKey({ key: 'Enter', shiftKey: false, isComposing: true })).toBe('none');
    expect(composerKey({ key: 'a', shiftKey: false })).toBe('none');
  });

  it('sends text, or files with or without text, never blanks alone', () => {
    expect(sendable('  \n')).toBe(false);
    expect(sendable('Hi')).toBe(true);
    expect(sendable('', 1)).toBe(true);
    expect(sendable('  ', 0)).toBe(false);
  });

  it('quotes the first line of a message, shortened', () => {
    expect(excerpt('First line\nsecond')).toBe('First line');
    expect(excerpt('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('who may do what', () => {
  it('lets authors edit, authors and owners delete, owners manage members of shared channels', () => {
    const own = message(1, { author_id: ME });
    const theirs = message(2);
    expect(mayEdit(own, ME)).toBe(true);
    expect(mayEdit(theirs, ME)).toBe(false);
    expect(mayEdit({ ...own, deleted_at: 'x' }, ME)).toBe(false);
    expect(mayDelete(theirs, ME, summary(1))).toBe(false);
    expect(mayDelete(theirs, ME, summary(1, { role: 'owner' }))).toBe(true);
    expect(mayManageMembers(summary(1, { role: 'owner' }))).toBe(true);
    expect(mayManageMembers(summary(1, { role: 'owner', kind: 'direct' }))).toBe(false);
  });

  it('offers to mark an announcement seen once, not to its author', () => {
    expect(mayMarkSeen(message(1, { announcement: true, seen_by: [] }), ME)).toBe(true);
    expect(mayMarkSeen(message(1, { announcement: true, seen_by: [ME] }), ME)).toBe(false);
    expect(mayMarkSeen(message(1, { announcement: true, author_id: ME }), ME)).toBe(false);
    expect(mayMarkSeen(message(1), ME)).toBe(false);
  });
});
