// Small pieces the monitor's screens share: the highlighted snippet, countries with flags, language names, the live
// indicator and the article's facts line.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import type { LiveState } from '../../shared/events';
import type { Id, MonitorSnippet } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { highlightSegments } from './highlight';
import { countryCodes, flagOf } from './units';

/** The excerpt with its matched words in <mark> (text nodes only: nothing from the server is parsed as HTML). */
export function Snippet({ snippet, testId = 'snippet' }: { snippet: Pick<MonitorSnippet, 'text' | 'marks'> | null | undefined; testId?: string }) {
  const segments = useMemo(() => highlightSegments(snippet?.text ?? '', snippet?.marks), [snippet]);
  if (segments.length === 0) return null;
  return (
    <p className="monitor-snippet" data-testid={testId}>
      {segments.map((segment, index) => (segment.marked ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>))}
    </p>
  );
}

function displayNames(locale: string, type: 'region' | 'language'): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale === 'vi' ? 'vi' : 'en'], { type, fallback: 'code' });
  } catch {
    return null;
  }
}

/** Names of countries (the directory's, else the browser's) and languages (the browser's) in the reader's language. */
export function useNames() {
  const { locale } = useI18n();
  const directory = useDirectory();
  return useMemo(() => {
    const regions = displayNames(locale, 'region');
    const languages = displayNames(locale, 'language');
    return {
      country: (code: string): string => {
        const upper = (code ?? '').toUpperCase();
        if (!upper) return '';
        const known = directory.countryByCode.get(upper);
        if (known) return (locale === 'vi' ? known.name_vi : known.name_en) || upper;
        try {
          return regions?.of(upper) ?? upper;
        } catch {
          return upper;
        }
      },
      language: (code: string): string => {
        if (!code) return '';
        try {
          return languages?.of(code) ?? code;
        } catch {
          return code;
        }
      },
    };
  }, [locale, directory.countryByCode]);
}

export function Countries({ codes, limit = 4 }: { codes: string[]; limit?: number }) {
  const names = useNames();
  const unique = countryCodes(codes);
  if (unique.length === 0) return null;
  const shown = unique.slice(0, limit);
  return (
    <span className="monitor-countries" data-testid="countries">
      {shown.map((code) => (
        <span key={code} className="monitor-country" data-country={code}>
          <span className="monitor-flag" aria-hidden="true">{flagOf(code)} </span>
          {names.country(code)}
        </span>
      ))}
      {unique.length > limit ? <span className="muted"> +{unique.length - limit}</span> : null}
    </span>
  );
}

/** Source, language and countries of an article, in one line. */
export function ArticleFacts({ source, language, countries, storyId }: { source: string; language: string; countries: string[]; storyId?: Id | null }) {
  const { t } = useI18n();
  const names = useNames();
  return (
    <p className="monitor-facts">
      <span data-testid="article-source">
        <span className="visually-hidden">{t('monitor.source')}: </span>
        {source}
      </span>
      {language ? (
        <span data-testid="article-language" lang={language}>
          <span className="visually-hidden">{t('monitor.language')}: </span>
          {names.language(language)}
        </span>
      ) : null}
      <Countries codes={countries} />
      {storyId ? (
        <Link to={`/monitor/articles?story_id=${storyId}`} data-testid="story-link">
          {t('monitor.story')}
        </Link>
      ) : null}
    </p>
  );
}

export function LiveIndicator({ state, testId = 'monitor-live' }: { state: LiveState; testId?: string }) {
  const { t } = useI18n();
  const label = state === 'open' ? t('monitor.live.open') : state === 'connecting' ? t('monitor.live.connecting') : t('monitor.live.closed');
  return (
    <p className={`live-indicator live-${state}`} role="status" data-testid={testId} data-state={state}>
      <span className="live-dot" aria-hidden="true" />
      {label}
    </p>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useI18n();
  return <span className={`badge monitor-priority-${priority}`}>{t(`monitor.priority.${priority}` as MessageKey)}</span>;
}
