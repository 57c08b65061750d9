// The distribution lists (GET /cables/lists), loaded once per page and shared by the addressee picker, the names
// of addressees and the lists screen; forgotten and fetched again after a change. Someone who handles no cables
// gets 403: the lists are then simply empty, and list addressees are named by number.
import { useCallback, useEffect, useState } from 'react';
import { getList } from '../../shared/api';
import type { DistributionList, Id } from '../../shared/types';

let listsPromise: Promise<DistributionList[]> | null = null;
const listeners = new Set<() => void>();

export function loadLists(): Promise<DistributionList[]> {
  listsPromise ??= getList<DistributionList>('/cables/lists');
  listsPromise.catch(() => (listsPromise = null));
  return listsPromise;
}

/** Forgets the cached lists and tells every screen holding them to fetch them again. */
export function forgetLists(): void {
  listsPromise = null;
  listeners.forEach((listener) => listener());
}

/** Puts a list the server just returned (created or changed) in the cache, so every screen shows it at once. */
export function rememberList(saved: DistributionList): void {
  const previous = listsPromise ?? Promise.resolve<DistributionList[]>([]);
  listsPromise = previous
    .catch(() => [] as DistributionList[])
    .then((lists) => [...lists.filter((list) => list.id !== saved.id), saved]);
  listeners.forEach((listener) => listener());
}

export interface ListsData {
  lists: DistributionList[];
  listById: Map<Id, DistributionList>;
  error: unknown;
  ready: boolean;
  reload: () => void;
}

export function useLists(): ListsData {
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<Omit<ListsData, 'reload'>>({ lists: [], listById: new Map(), error: null, ready: false });
  const reload = useCallback(() => forgetLists(), []);

  useEffect(() => {
    const listener = () => setGeneration((value) => value + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);

  useEffect(() => {
    let live = true;
    loadLists()
      .then((lists) => live && setState({ lists, listById: new Map(lists.map((list) => [list.id, list])), error: null, ready: true }))
      .catch((error: unknown) => live && setState((previous) => ({ ...previous, error, ready: true })));
    return () => {
      live = false;
    };
  }, [generation]);

  return { ...state, reload };
}
