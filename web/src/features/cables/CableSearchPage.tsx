// Searching cables (/cables/search?q=…&tag=…&precedence=…&unit_id=…&from=…&to=…): full text over the cables the
// user may see, insensitive to case and Vietnamese diacritics, with filters; newest first, older results by
// `before`. The search lives in the address, so it can be bookmarked, shared, and run from a saved search.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading, unitName, useLoad } from '../../shared/ui';
import { PRECEDENCES, type Cable, type CableList, type Precedence } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { CablesNav } from './CablesNav';
import { CableTable } from './CableTable';
import { precedenceKey } from './model';
import { SavedSearches } from './SavedSearches';
import {
  SEARCH_PAGE_SIZE,
  emptySearch,
  formFromParams,
  paramsFromForm,
  searchProblems,
  searchQuery,
  searchable,
  type SearchForm,
  type SearchProblem,
} from './search';

const PROBLEM_KEYS: Record<SearchProblem, MessageKey> = {
  badTag: 'search.badTag',
  badRange: 'search.badRange',
  tooLong: 'search.tooLong',
};

interface ResultPage {
  items: Cable[];
  more: boolean;
}

export function CableSearchPage() {
  const { t, plural, locale } = useI18n();
  const id = useId();
  const directory = useDirectory();
  const [params, setParams] = useSearchParams();
  const applied = formFromParams(params);
  const appliedKey = paramsFromForm(applied).toString();
  const [draft, setDraft] = useState<SearchForm>(applied);
  const [problems, setProblems] = useState<(SearchProblem | 'empty')[]>([]);
  const [older, setOlder] = useState<{ key: string; items: Cable[]; more: boolean } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  // A new address (a saved search run, back and forward) is shown in the form.
  useEffect(() => {
    setDraft(formFromParams(new URLSearchParams(appliedKey)));
    setProblems([]);
  }, [appliedKey]);

  const results = useLoad<ResultPage | null>(
    async (signal) => {
      setMoreError(null);
      const form = formFromParams(new URLSearchParams(appliedKey));
      if (!searchable(form) || searchProblems(form).length > 0) return null;
      const page = await api.get<CableList>('/cables/search', { query: { ...searchQuery(form) }, signal });
      const items = page.items ?? [];
      return { items, more: items.length === SEARCH_PAGE_SIZE };
    },
    [appliedKey],
  );

  const extra = older && older.key === appliedKey ? older : null;
  const items = [...(results.data?.items ?? []), ...(extra?.items ?? [])];
  const more = extra ? extra.more : Boolean(results.data?.more);

  const loadMore = async () => {
    const last = items[items.length - 1];
    if (!last) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<CableList>('/cables/search', { query: { ...searchQuery(applied, last.id) } });
      const next = page.items ?? [];
      setOlder({ key: appliedKey, items: [...(extra?.items ?? []), ...next], more: next.length === SEARCH_PAGE_SIZE });
    } catch (caught) {
      setMoreError(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = searchProblems(draft);
    if (found.length > 0 || !searchable(draft)) {
      setProblems(found.length > 0 ? found : ['empty']);
      return;
    }
    setProblems([]);
    setParams(paramsFromForm(draft));
  };

  const set = (field: keyof SearchForm) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setDraft((previous) => ({ ...previous, [field]: value }));
  };

  const units = [...directory.units].sort((a, b) => unitName(a, locale).localeCompare(unitName(b, locale), locale));
  const ran = results.data !== null && results.data !== undefined;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('search.title')}</h1>
      </div>
      <CablesNav current="search" />
      <div className="search-layout">
        <div className="search-main">
          <form className="card form" role="search" aria-labelledby={`${id}-form-title`} onSubmit={submit} noValidate data-testid="search-form">
            <h2 id={`${id}-form-title`} className="visually-hidden">
              {t('search.formTitle')}
            </h2>
            <div className="field">
              <label htmlFor={`${id}-q`}>{t('search.words')}</label>
              <input
                id={`${id}-q`}
                type="search"
                value={draft.q}
                onChange={set('q')}
                aria-describedby={`${id}-q-hint`}
                autoComplete="off"
                data-testid="search-q"
              />
              <small id={`${id}-q-hint`}>{t('search.wordsHint')}</small>
            </div>
            <fieldset className="field">
              <legend>{t('search.filters')}</legend>
              <div className="form-grid">
                <div className="field">
                  <label htmlFor={`${id}-tag`}>{t('search.tag')}</label>
                  <input id={`${id}-tag`} value={draft.tag} onChange={set('tag')} autoCapitalize="none" spellCheck={false} data-testid="search-tag" />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-precedence`}>{t('search.precedence')}</label>
                  <select id={`${id}-precedence`} value={draft.precedence} onChange={set('precedence')} data-testid="search-precedence">
                    <option value="">{t('search.any')}</option>
                    {PRECEDENCES.map((value: Precedence) => (
                      <option key={value} value={value}>
                        {t(precedenceKey(value))}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-unit`}>{t('search.unit')}</label>
                  <select id={`${id}-unit`} value={draft.unit} onChange={set('unit')} data-testid="search-unit">
                    <option value="">{t('search.anyUnit')}</option>
                    {draft.unit && !units.some((unit) => String(unit.id) === draft.unit) ? <option value={draft.unit}>#{draft.unit}</option> : null}
                    {units.map((unit) => (
                      <option key={unit.id} value={unit.id}>
                        {unitName(unit, locale)} ({unit.code})
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-from`}>{t('search.from')}</label>
                  <input id={`${id}-from`} type="date" value={draft.from} onChange={set('from')} data-testid="search-from" />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-to`}>{t('search.to')}</label>
                  <input id={`${id}-to`} type="date" value={draft.to} onChange={set('to')} data-testid="search-to" />
                </div>
              </div>
              <small>{t('search.datesHint')}</small>
            </fieldset>
            {problems.length > 0 ? (
              <div className="alert alert-error" role="alert" data-testid="search-problems">
                {problems.map((problem) => (
                  <p key={problem}>{t(problem === 'empty' ? 'search.needCriteria' : PROBLEM_KEYS[problem])}</p>
                ))}
              </div>
            ) : null}
            <div className="actions">
              <button type="submit" className="button primary" data-testid="search-submit">
                {t('common.search')}
              </button>
              {appliedKey || paramsFromForm(draft).toString() ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setProblems([]);
                    setDraft(emptySearch);
                    setParams(new URLSearchParams());
                  }}
                  data-testid="search-clear"
                >
                  {t('search.clear')}
                </button>
              ) : null}
            </div>
          </form>
          <section className="search-results" aria-labelledby={`${id}-results-title`}>
            <div className="section-head">
              <h2 id={`${id}-results-title`}>{t('search.results')}</h2>
              <p className="count" aria-live="polite" data-testid="search-count">
                {ran ? (more ? t('search.countMore', { count: items.length }) : plural('search.count', items.length)) : ''}
              </p>
            </div>
            <ErrorMessage error={results.error} testId="search-error" />
            {results.loading ? <Loading /> : null}
            {!results.loading && !ran && !results.error ? <p className="muted" data-testid="search-idle">{t('search.idle')}</p> : null}
            {ran && items.length === 0 ? <p data-testid="search-empty">{t('search.empty')}</p> : null}
            {items.length > 0 ? <CableTable items={items} caption={t('search.results')} testId="search-results" /> : null}
            <ErrorMessage error={moreError} />
            {more ? (
              <button type="button" className="button" disabled={loadingMore} onClick={() => void loadMore()} data-testid="search-more">
                {loadingMore ? t('common.working') : t('cables.more')}
              </button>
            ) : null}
          </section>
        </div>
        <SavedSearches current={applied} />
      </div>
    </div>
  );
}
