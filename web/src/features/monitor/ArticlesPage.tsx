// The archive (/monitor/articles): a search in the query language (?q=), or the articles of one story
// (?story_id=, reached from any article or alert), of a query (?query_id=), a country or a language; newest
// first, paged with next_before. Each article shows its facts, the words the search looks for highlighted, and
// the standing queries it matched with their highlighted snippets.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { ErrorMessage, Loading } from '../../shared/ui';
import type { Id, MonitorArticle, MonitorPage } from '../../shared/types';
import { MonitorNav } from './MonitorNav';
import { ArticleFacts, Snippet, useNames } from './parts';
import { syntaxErrorOf } from './query';
import { searchSegments, searchTermsOf, type SearchTerm } from './searchTerms';
import type { Segment } from './highlight';

const FILTERS = ['story_id', 'query_id', 'source_id', 'country', 'language'] as const;
const PAGE_SIZE = 50;

function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((segment, index) => (segment.marked ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>))}
    </>
  );
}

function ArticleItem({ article, terms }: { article: MonitorArticle; terms: SearchTerm[] }) {
  const { t, dateTime } = useI18n();
  const title = article.title || t('monitor.untitled');
  return (
    <li className="monitor-item" data-testid="article" data-article-id={article.id} data-story-id={article.story_id}>
      <h3 className="monitor-item-title">
        {article.link ? (
          <a href={article.link} target="_blank" rel="noopener noreferrer" data-testid="article-title">
            <Marked segments={searchSegments(title, terms)} />
          </a>
        ) : (
          <span data-testid="article-title">
            <Marked segments={searchSegments(title, terms)} />
          </span>
        )}
      </h3>
      <ArticleFacts source={article.source} language={article.language} countries={[article.country, ...article.countries]} storyId={article.story_id} />
      <p className="muted small">
        {t('monitor.articles.published', { time: dateTime(article.published_at) })} · {t('monitor.articles.ingested', { time: dateTime(article.ingested_at) })}
      </p>
      {terms.length > 0 ? (
        // A search: the text with the words searched for, and the standing queries it matched by name.
        <>
          {article.body ? (
            <p className="monitor-snippet" data-testid="article-body">
              <Marked segments={searchSegments(article.body, terms)} />
            </p>
          ) : null}
          {article.matches.length > 0 ? (
            <p className="monitor-badges">
              {article.matches.map((match) => (
                <span key={match.query_id} className="badge monitor-query-badge" data-testid="article-match">
                  {match.query_name}
                </span>
              ))}
            </p>
          ) : null}
        </>
      ) : (
        // A listing: what each standing query matched, highlighted; or the beginning of the text.
        <>
          {article.matches.map((match) => (
            <div key={match.query_id} className="monitor-match" data-testid="article-match">
              <p className="small">
                <span className="badge monitor-query-badge">{match.query_name}</span>
              </p>
              <Snippet snippet={match.snippet} />
            </div>
          ))}
          {article.matches.length === 0 && article.body ? <p className="monitor-snippet">{article.body}</p> : null}
        </>
      )}
    </li>
  );
}

export function ArticlesPage() {
  const { t, plural } = useI18n();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const filters = FILTERS.map((name) => [name, params.get(name) ?? ''] as const).filter(([, value]) => value !== '');
  const filterKey = filters.map(([name, value]) => `${name}=${value}`).join('&');
  const [articles, setArticles] = useState<MonitorArticle[] | null>(null);
  const [nextBefore, setNextBefore] = useState<Id | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const terms = useMemo(() => searchTermsOf(q), [q]);
  const active = q !== '' || filters.length > 0;

  useEffect(() => setDraft(q), [q]);

  const load = async (before: Id | null, signal?: AbortSignal) =>
    api.get<MonitorPage<MonitorArticle>>('/monitor/articles', { query: { ...Object.fromEntries(filters), q, before, limit: PAGE_SIZE }, signal });

  useEffect(() => {
    const controller = new AbortController();
    setArticles(null);
    setError(null);
    setBusy(true);
    load(null, controller.signal)
      .then((page) => {
        setArticles(page.items ?? []);
        setNextBefore(page.next_before ?? null);
      })
      .catch((caught: unknown) => !controller.signal.aborted && setError(caught))
      .finally(() => !controller.signal.aborted && setBusy(false));
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, filterKey]);

  const more = async () => {
    if (nextBefore === null) return;
    setBusy(true);
    try {
      const page = await load(nextBefore);
      setArticles((previous) => [...(previous ?? []), ...(page.items ?? [])]);
      setNextBefore(page.next_before ?? null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (draft.trim()) next.set('q', draft.trim());
    else next.delete('q');
    setParams(next);
  };
  const dropFilter = (name: string) => {
    const next = new URLSearchParams(params);
    next.delete(name);
    setParams(next);
  };
  const filterLabel = (name: string, value: string) => {
    if (name === 'country') return t('monitor.articles.filterCountry', { value: names.country(value) });
    if (name === 'language') return t('monitor.articles.filterLanguage', { value: names.language(value) });
    if (name === 'story_id') return t('monitor.articles.filterStory', { value });
    if (name === 'query_id') return t('monitor.articles.filterQuery', { value });
    return t('monitor.articles.filterSource', { value });
  };
  const syntax = isApiError(error) && error.reason === 'query_syntax' ? syntaxErrorOf(error.problem.detail) : null;

  return (
    <div className="page monitor-page" data-testid="monitor-articles-page">
      <div className="page-head">
        <h1>{params.get('story_id') ? t('monitor.articles.storyTitle') : t('monitor.articles.title')}</h1>
      </div>
      <MonitorNav current="articles" />
      <form className="monitor-search" role="search" onSubmit={submit}>
        <div className="toolbar">
          <div className="field field-grow">
            <label htmlFor="articles-q">{t('monitor.articles.search')}</label>
            <input id="articles-q" type="search" value={draft} spellCheck={false} onChange={(event) => setDraft(event.target.value)} placeholder={t('monitor.articles.placeholder')} aria-describedby="articles-q-help" data-testid="articles-q" />
          </div>
          <button type="submit" className="button primary" data-testid="articles-submit">
            {t('common.search')}
          </button>
        </div>
        <p className="small muted" id="articles-q-help">
          {t('monitor.articles.help')}
        </p>
      </form>
      {filters.length > 0 ? (
        <ul className="chips" aria-label={t('monitor.articles.filters')}>
          {filters.map(([name, value]) => (
            <li key={name} className="chip chip-primary">
              {filterLabel(name, value)}{' '}
              <button type="button" className="button link small" onClick={() => dropFilter(name)} aria-label={t('monitor.articles.dropFilter', { filter: filterLabel(name, value) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {syntax ? (
        <div className="alert alert-error" role="alert" data-testid="articles-syntax">
          <p>{t('monitor.editor.syntaxAt', { column: syntax.column })}</p>
          <p className="alert-detail">{t('error.serverSays', { detail: syntax.message })}</p>
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
      {busy && articles === null ? <Loading /> : null}
      {articles !== null ? (
        <p className="count" role="status" data-testid="articles-count">
          {nextBefore !== null
            ? plural('monitor.articles.foundMore', articles.length)
            : active
              ? plural('monitor.articles.found', articles.length)
              : plural('monitor.articles.latest', articles.length)}
        </p>
      ) : null}
      {articles !== null && articles.length === 0 ? <p data-testid="articles-empty">{t('monitor.articles.empty')}</p> : null}
      <ol className="monitor-list" data-testid="articles">
        {(articles ?? []).map((article) => (
          <ArticleItem key={article.id} article={article} terms={terms} />
        ))}
      </ol>
      {nextBefore !== null ? (
        <button type="button" className="button" onClick={() => void more()} disabled={busy} data-testid="articles-more">
          {busy ? t('common.working') : t('common.loadMore')}
        </button>
      ) : null}
      <p className="small">
        <Link to="/monitor/queries">{t('monitor.articles.toQueries')}</Link>
      </p>
    </div>
  );
}
