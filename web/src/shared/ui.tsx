// Small building blocks shared by the screens: error and status messages (announced by screen readers),
// loading text, a hook that loads data and reloads on demand, and one that pages through a list.
import { useCallback, useEffect, useRef, useState, type DependencyList, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { describeError } from './problem';
import { isApiError } from './api';
import type { Id, Unit } from './types';
import type { Locale } from './types';

export function ErrorMessage({
  error,
  testId,
  fieldLabel,
}: {
  error: unknown;
  testId?: string;
  /** Names the field of a problem (a JSON pointer such as "/subject") in the reader's language. */
  fieldLabel?: (pointer: string) => string | null | undefined;
}) {
  const { t } = useI18n();
  if (!error) return null;
  const text = describeError(error);
  const params = text.params && typeof text.params.field === 'string' && fieldLabel
    ? { ...text.params, field: fieldLabel(text.params.field) || text.params.field }
    : text.params;
  const reason = isApiError(error) ? error.reason : undefined;
  return (
    <div className="alert alert-error" role="alert" data-testid={testId ?? 'error'} data-reason={reason}>
      <p>{t(text.key, params)}</p>
      {text.detail ? <p className="alert-detail">{t('error.serverSays', { detail: text.detail })}</p> : null}
    </div>
  );
}

export function Notice({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="alert alert-success" role="status" data-testid={testId}>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (update: (previous: T | undefined) => T | undefined) => void;
}

/** Runs `load` when `deps` change; aborts the previous run. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    loadRef
      .current(controller.signal)
      .then((result) => {
        if (!controller.signal.aborted) setDataState(result);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback((update: (previous: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}

export function unitName(unit: Pick<Unit, 'name_en' | 'name_vi'> | undefined | null, locale: Locale): string {
  if (!unit) return '';
  return locale === 'vi' ? unit.name_vi || unit.name_en : unit.name_en || unit.name_vi;
}

/** Debounces a value (for search fields that query the server). */
export function useDebounced<T>(value: T, delayMs = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/**
 * A list read a page at a time: the first page when `deps` change (the list shown so far is dropped at once, so that
 * nothing stale is shown under new filters) or on reload (kept until the new page comes), further pages on `more`.
 */
export interface PagedList<T> {
  items: T[] | null;
  /** How many there are in all, when the server says (the latest page's figure). */
  total: number | null;
  /** The cursor of the next page; null when this is the last. */
  next: Id | null;
  loading: boolean;
  error: unknown;
  more: () => void;
  reload: () => void;
}

/** `fetchPage(cursor, signal)` reads the page after `cursor` (null: the first) and names the next cursor. */
export function usePagedList<T>(
  fetchPage: (cursor: Id | null, signal?: AbortSignal) => Promise<{ items: T[]; next: Id | null; total?: number | null }>,
  deps: DependencyList,
): PagedList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<Id | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (cursor: Id | null, signal?: AbortSignal) => {
    setLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(cursor, signal);
      setItems((previous) => (cursor === null || !previous ? page.items : [...previous, ...page.items]));
      setNext(page.next);
      setTotal(page.total ?? null);
    } catch (caught) {
      if (!signal?.aborted) setError(caught);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setItems(null);
    setNext(null);
    setTotal(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the list depends on
  }, deps);

  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the first page depends on
  }, [...deps, generation]);

  const more = useCallback(() => {
    if (next !== null) void load(next);
  }, [load, next]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { items, total, next, loading, error, more, reload };
}
