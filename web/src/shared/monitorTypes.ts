// Types of the monitor's API objects (docs/api.md "Monitor"), re-exported by types.ts; the same contract rules.
import type { Id } from './types';

// --- Monitor (docs/api.md "Monitor") ------------------------------------------------------------------------------

export type MonitorSourceKind = 'feed' | 'push' | 'replay';
export type MonitorSourceState = 'ok' | 'pending' | 'degraded' | 'failing' | 'disabled';
export type MonitorVisibility = 'shared' | 'private';
export type MonitorPriority = 'high' | 'normal' | 'low';
export type MonitorAlertKind = 'match' | 'geo' | 'burst';
export type MonitorAlertState = 'open' | 'acknowledged';

export interface MonitorSourceHealth {
  /** Null for a push source. */
  next_poll_at: string | null;
  last_polled_at: string | null;
  last_success_at: string | null;
  /** HTTP status of the last fetch. */
  last_status: number | null;
  /** The last failure in words (the server's English). */
  last_error: string | null;
  /** Consecutive failures. */
  failures: number;
  items_total: number;
  replay_position: number;
  /** A replay that reached the end of its file; polling starts it over. */
  finished: boolean;
  state: MonitorSourceState;
}

/** A source of articles: a feed the server polls, a push source fed by a crawler, or a replay of a JSON Lines file. */
export interface MonitorSource {
  id: Id;
  unit_id: Id;
  /** 2–40 of a-z, 0-9, - and _: what `source:` in a query names. */
  name: string;
  title: string;
  kind: MonitorSourceKind;
  /** Feed: its URL; replay: a file name of the replay directory; push: empty. */
  url: string;
  country: string;
  language: string;
  interval_seconds: number;
  replay_rate: number;
  enabled: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  health: MonitorSourceHealth;
}

/** POST /monitor/sources, or PUT /monitor/sources/:id with `version`. Empty optional texts are left out. */
export interface MonitorSourceDraft {
  unit_id: Id;
  name: string;
  title?: string;
  kind: MonitorSourceKind;
  url?: string;
  country?: string;
  language?: string;
  interval_seconds?: number;
  replay_rate?: number;
  enabled?: boolean;
  version?: number;
}

export interface MonitorTopic {
  id: Id;
  unit_id: Id;
  name: string;
  description: string;
  created_by: Id;
  created_at: string;
}

export interface MonitorQuery {
  id: Id;
  topic_id: Id;
  /** The topic's unit. */
  unit_id: Id;
  owner_id: Id;
  name: string;
  /** In the query language (src/modules/monitor/README.md). */
  text: string;
  visibility: MonitorVisibility;
  priority: MonitorPriority;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: Id;
}

/** POST /monitor/queries, or PUT /monitor/queries/:id with the version the editor started from. */
export interface MonitorQueryDraft {
  topic_id: Id;
  name: string;
  text: string;
  visibility: MonitorVisibility;
  priority: MonitorPriority;
  version?: number;
}

export interface MonitorQueryVersion {
  version: number;
  change: 'created' | 'edited' | 'restored' | 'deleted';
  topic_id: Id;
  name: string;
  text: string;
  visibility: MonitorVisibility;
  priority: MonitorPriority;
  changed_by: Id;
  changed_at: string;
}

/** An excerpt with the matched words: `marks` are [start, end) in BYTES of `text` encoded as UTF-8. */
export interface MonitorSnippet {
  part: 'title' | 'body';
  text: string;
  marks: [number, number][];
}

export interface MonitorArticleMatch {
  query_id: Id;
  query_name: string;
  terms: string[];
  snippet: MonitorSnippet;
}

export interface MonitorArticle {
  id: Id;
  source_id: Id;
  /** The source's name. */
  source: string;
  story_id: Id;
  title: string;
  link: string;
  /** Cut to 400 bytes (then "…") in lists. */
  body: string;
  author: string;
  language: string;
  country: string;
  /** Countries the text mentions, most mentioned first. */
  countries: string[];
  published_at: string;
  ingested_at: string;
  matches: MonitorArticleMatch[];
}

/** The article as a `match` event of the stream carries it (no body, no ingestion time). */
export interface MonitorArticleSummary {
  id: Id;
  story_id: Id;
  source_id: Id;
  source: string;
  title: string;
  link: string;
  language: string;
  country: string;
  countries: string[];
  published_at: string;
}

/** POST /monitor/queries/test: one recent article the text matches. */
export interface MonitorTestHit {
  article_id: Id;
  title: string;
  link: string;
  source: string;
  language: string;
  published_at: string;
  terms: string[];
  snippet: MonitorSnippet;
}

export interface MonitorTestResult {
  canonical: string;
  searched: number;
  items: MonitorTestHit[];
}

export interface MonitorAlertComment {
  id: Id;
  author_id: Id;
  body: string;
  created_at: string;
}

/** `detail` of a match alert. */
export interface MonitorMatchDetail {
  query_name: string;
  terms: string[];
  snippet: MonitorSnippet;
  source: string;
  link: string;
}

/** `detail` of a geo alert. */
export interface MonitorGeoDetail {
  queries: { id: Id; name: string }[];
  country: string;
  source: string;
  link: string;
}

/** `detail` of a burst alert: stories of the last `recent_hours` against the `baseline_hours` before. */
export interface MonitorBurstDetail {
  /** `query:<id>` or `country:<ISO>` */
  key?: string;
  /** a query's burst */
  query_name?: string;
  /** a country's burst: the ISO code of the country named in the rising stories */
  country?: string;
  recent_stories: number;
  baseline_stories: number;
  recent_hours: number;
  baseline_hours: number;
  expected: number;
  ratio: number;
  p_value: number;
}

export interface MonitorAlert {
  id: Id;
  kind: MonitorAlertKind;
  unit_id: Id;
  /** Raised by a private query: its owner's alone. */
  private: boolean;
  query_id: Id | null;
  article_id: Id | null;
  story_id: Id | null;
  country: string;
  priority: MonitorPriority;
  /** The article's title (burst: the query's name). */
  title: string;
  detail: Partial<MonitorMatchDetail & MonitorGeoDetail & MonitorBurstDetail>;
  state: MonitorAlertState;
  assigned_to: Id | null;
  created_at: string;
  ack_deadline: string | null;
  acknowledged_by: Id | null;
  acknowledged_at: string | null;
  /** 0 none, 1 the unit's duty roster, 2 the HQ watch desk. */
  escalation_level: number;
  escalated_at: string | null;
  /** GET /monitor/alerts/:id only, oldest first. */
  comments?: MonitorAlertComment[];
}

export interface MonitorActivity {
  from: string;
  bucket_seconds: number;
  buckets: { start: string; articles: number; stories: number; matches: number }[];
  countries: { country: string; articles: number }[];
  languages: { language: string; articles: number }[];
  queries: { query_id: Id; matches: number }[];
}

/** A list page of articles or alerts: `next_before` only when the page is full. */
export interface MonitorPage<T> {
  items: T[];
  next_before?: Id;
  /** GET /monitor/alerts, first page only: how many the filter selects in all. */
  total?: number;
}

/** Frames of WebSocket /api/v1/monitor/stream. */
export type MonitorStreamEvent =
  | { type: 'ready' }
  | {
      type: 'match';
      unit_id: Id;
      private_to: Id | null;
      query: { id: Id; name: string };
      article: MonitorArticleSummary;
      terms: string[];
      snippet: MonitorSnippet;
    }
  | { type: 'alert' | 'alert.changed'; unit_id: Id; private_to: Id | null; alert: MonitorAlert };

export type MonitorMatchEvent = Extract<MonitorStreamEvent, { type: 'match' }>;
export type MonitorAlertEvent = Extract<MonitorStreamEvent, { type: 'alert' | 'alert.changed' }>;
