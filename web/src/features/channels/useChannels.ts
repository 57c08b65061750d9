// The user's channels as the channels page holds them: GET /channels, then the live stream
// (WebSocket /api/v1/channels/stream) resuming from the cursors held at each (re)connection, pages of messages
// fetched on demand and after a `gap`, and the details (members) of the channels on screen. The rules of what is
// held are pure functions in model.ts; this hook only talks to the server.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { api, webSocketUrl } from '../../shared/api';
import { useLiveEvents, type LiveState } from '../../shared/events';
import type { ChannelDetail, ChannelMessage, ChannelStreamEvent, ChannelSummary, Id } from '../../shared/types';
import {
  applyList,
  applyOwnMessage,
  applyPage,
  applyRead,
  applySeen,
  applyStreamEvent,
  initialChannelsState,
  pendingGap,
  streamPath,
  type ChannelsState,
  type PageKind,
} from './model';

export const PAGE_SIZE = 100;
/** The most the server gives in one page: used to fill a gap quickly. */
const GAP_PAGE_SIZE = 500;
const GAP_RETRY_MS = 5000;

type Action =
  | { type: 'list'; items: ChannelSummary[] }
  | { type: 'event'; event: ChannelStreamEvent; me: Id }
  | { type: 'page'; channelId: Id; kind: PageKind; items: ChannelMessage[]; limit: number }
  | { type: 'own'; message: ChannelMessage }
  | { type: 'read'; channelId: Id; seq: number }
  | { type: 'seen'; channelId: Id; seq: number; me: Id }
  | { type: 'disconnected' };

function reducer(state: ChannelsState, action: Action): ChannelsState {
  switch (action.type) {
    case 'list':
      return applyList(state, action.items);
    case 'event':
      return applyStreamEvent(state, action.event, action.me);
    case 'page':
      return applyPage(state, action.channelId, action.kind, action.items, action.limit);
    case 'own':
      return applyOwnMessage(state, action.message);
    case 'read':
      return applyRead(state, action.channelId, action.seq);
    case 'seen':
      return applySeen(state, action.channelId, action.seq, action.me);
    case 'disconnected':
      return state.ready ? { ...state, ready: false } : state;
  }
}

export interface ChannelsData {
  state: ChannelsState;
  live: LiveState;
  listError: unknown;
  details: Record<Id, ChannelDetail>;
  reloadList: () => Promise<void>;
  loadDetail: (channelId: Id) => Promise<void>;
  loadNewest: (channelId: Id) => Promise<void>;
  /** Loads the page before the first message held; resolves to whether there was any. */
  loadOlder: (channelId: Id) => Promise<boolean>;
  post: (channelId: Id, body: string, threadSeq: number | null, announcement: boolean, attachments?: Id[]) => Promise<ChannelMessage>;
  edit: (channelId: Id, seq: number, body: string) => Promise<void>;
  remove: (channelId: Id, seq: number) => Promise<void>;
  markSeen: (channelId: Id, seq: number) => Promise<void>;
  markRead: (channelId: Id, seq: number) => Promise<void>;
}

export function useChannels(me: Id): ChannelsData {
  const [state, dispatch] = useReducer(reducer, initialChannelsState);
  const [listError, setListError] = useState<unknown>(null);
  const [details, setDetails] = useState<Record<Id, ChannelDetail>>({});
  const [gapRetry, setGapRetry] = useState(0);
  const latest = useRef(state);
  latest.current = state;
  const gapBusy = useRef(false);

  const reloadList = useCallback(async () => {
    try {
      const list = await api.get<{ items: ChannelSummary[] }>('/channels');
      dispatch({ type: 'list', items: list.items ?? [] });
      setListError(null);
    } catch (caught) {
      setListError(caught);
    }
  }, []);

  useEffect(() => {
    void reloadList();
  }, [reloadList]);

  // A channel was joined (created by someone else, or the user was added): fetch the list again.
  useEffect(() => {
    if (state.listStale) void reloadList();
  }, [state.listStale, reloadList]);

  // The stream opens once the list has given each channel its cursor, and resumes from the cursors held at every
  // reconnection (the URL is asked for again each time).
  const live = useLiveEvents<ChannelStreamEvent>(
    (event) => dispatch({ type: 'event', event, me }),
    state.channels !== null,
    () => webSocketUrl(streamPath(latest.current.logs)),
  );
  useEffect(() => {
    if (live !== 'open') dispatch({ type: 'disconnected' });
  }, [live]);

  // Messages the stream left out (more than it replays at once) are paged in through the API.
  const gap = pendingGap(state);
  useEffect(() => {
    if (!gap || gapBusy.current) return;
    gapBusy.current = true;
    api
      .get<{ items: ChannelMessage[] }>(`/channels/${gap.channelId}/messages`, { query: { after: gap.after, limit: GAP_PAGE_SIZE } })
      .then((page) => {
        gapBusy.current = false;
        dispatch({ type: 'page', channelId: gap.channelId, kind: 'after', items: page.items ?? [], limit: GAP_PAGE_SIZE });
      })
      .catch(() => {
        window.setTimeout(() => {
          gapBusy.current = false;
          setGapRetry((value) => value + 1);
        }, GAP_RETRY_MS);
      });
  }, [gap?.channelId, gap?.after, gapRetry]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadDetail = useCallback(async (channelId: Id) => {
    const detail = await api.get<ChannelDetail>(`/channels/${channelId}`);
    setDetails((previous) => ({ ...previous, [channelId]: detail }));
  }, []);

  // Direct channels are named after the other person: their details are fetched one after the other.
  const directIds = (state.channels ?? []).filter((channel) => channel.kind === 'direct').map((channel) => channel.id).join(',');
  const detailsRef = useRef(details);
  detailsRef.current = details;
  useEffect(() => {
    let stopped = false;
    const run = async () => {
      for (const id of directIds ? directIds.split(',').map(Number) : []) {
        if (stopped) return;
        if (detailsRef.current[id]) continue;
        await loadDetail(id).catch(() => undefined);
      }
    };
    void run();
    return () => {
      stopped = true;
    };
  }, [directIds, loadDetail]);

  const loadNewest = useCallback(async (channelId: Id) => {
    const page = await api.get<{ items: ChannelMessage[] }>(`/channels/${channelId}/messages`, { query: { limit: PAGE_SIZE } });
    dispatch({ type: 'page', channelId, kind: 'newest', items: page.items ?? [], limit: PAGE_SIZE });
  }, []);

  const loadOlder = useCallback(async (channelId: Id) => {
    const first = latest.current.logs[channelId]?.messages[0]?.seq;
    if (first === undefined || first <= 1) return false;
    const page = await api.get<{ items: ChannelMessage[] }>(`/channels/${channelId}/messages`, {
      query: { before: first, limit: PAGE_SIZE },
    });
    dispatch({ type: 'page', channelId, kind: 'older', items: page.items ?? [], limit: PAGE_SIZE });
    return (page.items ?? []).length > 0;
  }, []);

  const post = useCallback(async (channelId: Id, body: string, threadSeq: number | null, announcement: boolean, attachments: Id[] = []) => {
    const message = await api.post<ChannelMessage>(`/channels/${channelId}/messages`, {
      body,
      thread_seq: threadSeq,
      announcement,
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    dispatch({ type: 'own', message });
    return message;
  }, []);

  const edit = useCallback(async (channelId: Id, seq: number, body: string) => {
    const message = await api.patch<ChannelMessage>(`/channels/${channelId}/messages/${seq}`, { body });
    dispatch({ type: 'own', message });
  }, []);

  const remove = useCallback(async (channelId: Id, seq: number) => {
    const message = await api.delete<ChannelMessage>(`/channels/${channelId}/messages/${seq}`);
    if (message) dispatch({ type: 'own', message });
  }, []);

  const markSeen = useCallback(
    async (channelId: Id, seq: number) => {
      await api.post<void>(`/channels/${channelId}/messages/${seq}/seen`);
      dispatch({ type: 'seen', channelId, seq, me });
    },
    [me],
  );

  const markRead = useCallback(async (channelId: Id, seq: number) => {
    await api.post<void>(`/channels/${channelId}/read`, { seq });
    dispatch({ type: 'read', channelId, seq });
  }, []);

  return { state, live, listError, details, reloadList, loadDetail, loadNewest, loadOlder, post, edit, remove, markSeen, markRead };
}
