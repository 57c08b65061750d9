// The live test of a query as it is typed: 400 ms after the last keystroke the text is sent to
// POST /monitor/queries/test, which runs it against the recent articles the server keeps in memory; the hits come
// back with their highlighted snippets, a syntax error with its column (given to the editor to show).
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { ErrorMessage, useDebounced } from '../../shared/ui';
import type { MonitorTestResult } from '../../shared/types';
import { ArticleFacts, Snippet } from './parts';
import { syntaxErrorOf, type SyntaxError } from './query';

export interface QueryTestState {
  result: MonitorTestResult | null;
  syntax: SyntaxError | null;
  error: unknown;
  running: boolean;
  /** The text the result is for. */
  tested: string;
}

export function useQueryTest(text: string): QueryTestState {
  const debounced = useDebounced(text.trim(), 400);
  const [state, setState] = useState<QueryTestState>({ result: null, syntax: null, error: null, running: false, tested: '' });
  useEffect(() => {
    if (!debounced) {
      setState({ result: null, syntax: null, error: null, running: false, tested: '' });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, running: true }));
    api
      .post<MonitorTestResult>('/monitor/queries/test', { text: debounced, limit: 20 }, { signal: controller.signal })
      .then((result) => setState({ result, syntax: null, error: null, running: false, tested: debounced }))
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        const syntax = isApiError(caught) && caught.reason === 'query_syntax' ? syntaxErrorOf(caught.problem.detail) : null;
        setState({ result: null, syntax, error: syntax ? null : caught, running: false, tested: debounced });
      });
    return () => controller.abort();
  }, [debounced]);
  return state;
}

export function QueryTestResults({ test }: { test: QueryTestState }) {
  const { t, plural, number, dateTime } = useI18n();
  return (
    <section className="card monitor-test" aria-labelledby="query-test-title" data-testid="query-test" aria-busy={test.running}>
      <h2 id="query-test-title">{t('monitor.editor.testTitle')}</h2>
      <div role="status" aria-live="polite" className="monitor-test-status" data-testid="query-test-status" data-state={test.running ? 'running' : test.result ? 'done' : test.syntax ? 'syntax' : 'idle'}>
        {test.running ? t('monitor.editor.testing') : null}
        {!test.running && test.result
          ? t('monitor.editor.testSummary', { hits: plural('monitor.editor.hits', test.result.items.length), searched: number(test.result.searched) })
          : null}
        {!test.running && !test.result && !test.syntax && !test.error ? t('monitor.editor.testIdle') : null}
        {!test.running && test.syntax ? t('monitor.editor.testSyntax') : null}
      </div>
      <ErrorMessage error={test.error} />
      {test.result ? (
        <p className="small">
          {t('monitor.editor.canonical')} <code data-testid="query-canonical">{test.result.canonical}</code>
        </p>
      ) : null}
      {test.result && test.result.items.length > 0 ? (
        <ol className="monitor-list monitor-test-hits" tabIndex={0} aria-label={t('monitor.editor.testTitle')} data-testid="query-test-hits">
          {test.result.items.map((hit) => (
            <li key={hit.article_id} className="monitor-item" data-testid="query-test-hit" data-article-id={hit.article_id}>
              <h3 className="monitor-item-title">
                {hit.link ? (
                  <a href={hit.link} target="_blank" rel="noopener noreferrer">
                    {hit.title || t('monitor.untitled')}
                  </a>
                ) : (
                  hit.title || t('monitor.untitled')
                )}
              </h3>
              <ArticleFacts source={hit.source} language={hit.language} countries={[]} />
              <p className="muted small">{dateTime(hit.published_at)}</p>
              <Snippet snippet={hit.snippet} />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
