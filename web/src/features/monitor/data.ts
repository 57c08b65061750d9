// The monitor's reads that several screens share: the units the user may watch, topics and queries, and the names
// of people (alerts, comments and versions carry user ids). Names come from GET /users, which lists only the users
// in the caller's staff_read or users_manage scope; anyone else is shown by number.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, getList, webSocketUrl } from '../../shared/api';
import { useLiveEvents, type LiveState } from '../../shared/events';
import { useSession } from '../../shared/session';
import type { Id, MonitorQuery, MonitorStreamEvent, MonitorTopic, Page, Unit, User } from '../../shared/types';
import { useDirectory, type DirectoryData } from '../directory/data';
import { unitsWith } from './units';

export interface MonitorUnits {
  directory: DirectoryData;
  /** Units where the user holds monitor_read (their streams, alerts), by name. */
  readable: Unit[];
  /** Units where the user holds monitor_queries (topics, shared queries). */
  queryable: Unit[];
  /** Units where the user holds monitor_sources. */
  sourceable: Unit[];
}

export function useMonitorUnits(): MonitorUnits {
  const { me } = useSession();
  const directory = useDirectory();
  return useMemo(
    () => ({
      directory,
      readable: unitsWith(me, 'monitor_read', directory.units),
      queryable: unitsWith(me, 'monitor_queries', directory.units),
      sourceable: unitsWith(me, 'monitor_sources', directory.units),
    }),
    [me, directory],
  );
}

export function loadTopics(signal?: AbortSignal): Promise<MonitorTopic[]> {
  return getList<MonitorTopic>('/monitor/topics', { signal });
}

export function loadQueries(signal?: AbortSignal): Promise<MonitorQuery[]> {
  return getList<MonitorQuery>('/monitor/queries', { signal });
}

let usersPromise: Promise<Map<Id, string>> | null = null;

function loadUserNames(): Promise<Map<Id, string>> {
  usersPromise ??= api
    .get<Page<User>>('/users', { query: { limit: 500 } })
    .then((page) => new Map((page.items ?? []).map((user) => [user.id, user.display_name || user.username])))
    .catch(() => new Map<Id, string>());
  return usersPromise;
}

/** Forgets the cached names (after a logout). */
export function forgetMonitorNames(): void {
  usersPromise = null;
}

/** Display names by user id, as far as the caller may list users (the caller's own always). */
export function useUserNames(): Map<Id, string> {
  const { me } = useSession();
  const [names, setNames] = useState<Map<Id, string>>(new Map());
  useEffect(() => {
    let live = true;
    void loadUserNames().then((found) => live && setNames(found));
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    if (!me) return names;
    const withMe = new Map(names);
    withMe.set(me.id, me.display_name || me.username);
    return withMe;
  }, [names, me]);
}

/** The monitor's live stream for some units (null: every unit the user may see), reconnecting with back-off. */
export function useMonitorStream(units: Id[] | null, onEvent: (event: MonitorStreamEvent) => void, enabled = true): LiveState {
  const key = units === null ? 'all' : units.join(',');
  return useLiveEvents<MonitorStreamEvent>(
    onEvent,
    enabled && (units === null || units.length > 0),
    () => webSocketUrl(units === null ? '/monitor/stream' : `/monitor/stream?units=${units.join(',')}`),
    key,
  );
}

/**
 * Counts the stream's reconnections (0 until the first connection is lost and made again). The stream replays
 * nothing, so a screen reads again over HTTP, or says what may have been missed, when this changes.
 */
export function useReconnections(state: LiveState): number {
  const [count, setCount] = useState(0);
  const wasOpen = useRef(false);
  const lost = useRef(false);
  useEffect(() => {
    if (state === 'open') {
      if (wasOpen.current && lost.current) setCount((value) => value + 1);
      wasOpen.current = true;
      lost.current = false;
    } else if (wasOpen.current) {
      lost.current = true;
    }
  }, [state]);
  return count;
}
