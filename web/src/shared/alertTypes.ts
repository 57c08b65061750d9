// Types of crisis alerts and the safety check (OpenAPI tag `alerts`), re-exported by types.ts; the same contract
// rules: wire names, checked by scripts/check-openapi.mjs (AlertContent, Alert, AlertRecipients, AlertProgress).
import type { Id } from './types';

// --- CAP 1.2 vocabularies, as the server spells them ------------------------------------------------------------

export const CAP_MESSAGE_TYPES = ['Alert', 'Update', 'Cancel'] as const;
export type CapMessageType = (typeof CAP_MESSAGE_TYPES)[number];
export const CAP_STATUSES = ['Actual', 'Exercise', 'Test'] as const;
export type CapStatus = (typeof CAP_STATUSES)[number];
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export type CapScope = (typeof CAP_SCOPES)[number];
export const CAP_CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export const CAP_RESPONSE_TYPES = ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'] as const;
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

export const ALERT_LANGUAGES = ['vi', 'en'] as const;
export type AlertLanguage = (typeof ALERT_LANGUAGES)[number];

export const ALERT_STATES = ['draft', 'awaiting_approval', 'sending', 'sent', 'discarded'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** The channels an alert goes out on (a Zalo consent covers a message to a follower and a ZNS template). */
export const ALERT_CHANNELS = ['zalo_message', 'zalo_template', 'sms', 'email', 'web_push'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

export const DELIVERY_STATES = ['delivered', 'awaiting_receipt', 'pending', 'failed', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

// --- Alerts --------------------------------------------------------------------------------------------------------

/** One language's texts: event and headline required, the others may be empty. */
export interface AlertText {
  language: AlertLanguage;
  event: string;
  headline: string;
  description?: string;
  instruction?: string;
}

/** Any of polygons, circles and countries puts a citizen in. */
export interface AlertArea {
  description?: string;
  /** CAP polygons: "lat,lon lat,lon …", a closed ring of at least 4 pairs. */
  polygons?: string[];
  /** CAP circles: "lat,lon radius_km". */
  circles?: string[];
  /** ISO 3166-1 alpha-2, within the sending unit's jurisdiction. */
  countries?: string[];
}

/** What is composed: sent whole on POST /alerts and PUT /alerts/:id. */
export interface AlertContent {
  unit_id: Id;
  message_type?: CapMessageType;
  status?: CapStatus;
  scope?: CapScope;
  /** Update and Cancel: the earlier alert (sent, of the same unit). */
  references_id?: Id | null;
  categories?: CapCategory[];
  response_types?: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  texts: AlertText[];
  area: AlertArea;
  expires_at?: string | null;
  safety_check?: boolean;
}

export interface Alert extends AlertContent {
  id: Id;
  /** CAP identifier, e.g. "vn.gov.mofa.alert.12". */
  identifier: string;
  state: AlertState;
  created_by: Id;
  submitted_by?: Id | null;
  approved_by?: Id | null;
  sent_at?: string | null;
  /** Planned deliveries, once sending. */
  recipients: number;
  created_at: string;
  updated_at: string;
  /** Safety check: the code SMS replies carry ("SAFE K7QM"). */
  reply_code?: string | null;
}

export interface AlertPage {
  items: Alert[];
  next_before: Id | null;
}

/** GET /alerts/:id/recipients: who the alert would reach. */
export interface AlertRecipients {
  total: number;
  /** In the area but reachable by no consented channel. */
  without_channel: number;
  by_channel: Partial<Record<AlertChannel | string, number>>;
  by_language: Partial<Record<AlertLanguage | string, number>>;
  /** An Actual alert above the threshold: submitting asks for a second approval. */
  needs_approval: boolean;
}

export interface ChannelStateCount {
  channel: string;
  state: string;
  count: number;
}

/** GET /alerts/:id/progress: deliveries so far. */
export interface AlertProgress {
  total: number;
  pending: number;
  awaiting_receipt: number;
  delivered: number;
  failed: number;
  cancelled: number;
  by_channel: ChannelStateCount[];
  /** Today's use of the providers' daily quotas, for the channels that have one (every alert draws on them). */
  quotas: QuotaUse[];
}

export interface QuotaUse {
  channel: AlertChannel | string;
  /** The provider's calendar day, YYYY-MM-DD. */
  day: string;
  used: number;
  limit: number;
}

// --- The safety check ("Are you safe?") ----------------------------------------------------------------------------

export type SafetyStatus = 'safe' | 'need_help';
export type SafetyPersonStatus = SafetyStatus | 'no_answer';

/** GET /alerts/:id/safety (an inline schema). */
export interface SafetyCounts {
  recipients: number;
  safe: number;
  need_help: number;
  no_answer: number;
  /** Channel of each latest answer ("link", "sms", "zalo") → count. */
  by_channel: Record<string, number>;
}

export interface SafetyLocation {
  latitude: number;
  longitude: number;
}

/** An item of GET /alerts/:id/safety/people (an inline schema; audited read). */
export interface SafetyPerson {
  citizen_id: Id;
  reference: string;
  full_name: string;
  phone: string;
  city: string;
  status: SafetyPersonStatus;
  channel: string | null;
  message: string;
  /** From the answer, else the registration's map point. */
  location: SafetyLocation | null;
  answered_at: string | null;
  /** The assistance case of one who asked for help. */
  case_id?: Id | null;
}

/** GET /public/safety/:token: what a one-tap link asks (no login). */
export interface SafetyQuestion {
  headline: string;
  instruction: string;
  language: string;
  answered: SafetyStatus | null;
}

/** POST /public/safety/:token. */
export interface SafetyAnswer {
  status: SafetyStatus;
  message?: string;
  location?: SafetyLocation | null;
  /** The one-tap page ("link", the default) or a web push notification ("web_push"). */
  via?: 'link' | 'web_push';
}

/** Assistance cases: a citizen who answered a safety check "I need help". */
export type CaseState = 'open' | 'resolved';
export type CaseEntryKind =
  | 'opened'
  | 'answered_safe'
  | 'answered_need_help'
  | 'reopened'
  | 'assigned'
  | 'unassigned'
  | 'note'
  | 'resolved';

/** One step of an assistance case's trail (an inline schema). */
export interface CaseEntry {
  id: Id;
  kind: CaseEntryKind;
  actor_id: Id | null;
  actor_name: string;
  assignee_id: Id | null;
  assignee_name: string;
  channel: string | null;
  text: string;
  at: string;
}

/** GET /assistance/:id (components.schemas.AssistanceCase); the list's items have no trail. */
export interface AssistanceCase {
  id: Id;
  alert_id: Id;
  alert_headline: string;
  citizen_id: Id;
  unit_id: Id;
  country: string;
  state: CaseState;
  assignee_id: Id | null;
  assignee_name: string;
  opened_at: string;
  updated_at: string;
  resolved_at: string | null;
  reference: string;
  full_name: string;
  phone: string;
  email: string;
  city: string;
  location: SafetyLocation | null;
  last_message: string;
  /** Oldest first; only when one case is read. */
  trail?: CaseEntry[];
}
