// Types of the API objects, matching docs/api.md (API v1). Field names are the wire names (snake_case).
// Keep this file in step with GET /api/openapi.json: a changed field here is a changed contract there.

export type Id = number;
export type Locale = 'vi' | 'en';

export const PERMISSIONS = [
  'directory_read',
  'directory_write',
  'staff_read',
  'staff_write',
  'roster_read',
  'roster_write',
  'users_manage',
  'roles_grant',
  'audit_read',
  'cable_read',
  'cable_draft',
  'cable_clear',
  'cable_release',
  'cable_acknowledge',
  'monitor_read',
  'monitor_queries',
  'monitor_sources',
  'citizens_read',
  'citizens_write',
  'citizens_export',
  'alerts_send',
  'alerts_approve',
  'system_admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  field?: string;
  reason?: string;
}

export interface Grant {
  id: Id;
  role: string;
  unit_id: Id;
  include_subtree: boolean;
}

export type LoginStatus = 'ok' | 'mfa_required' | 'mfa_enrolment_required';

export interface Me {
  id: Id;
  username: string;
  display_name: string;
  locale: Locale | string;
  unit_id: Id;
  title: string;
  mfa_enabled: boolean;
  mfa_required: boolean;
  session_status: string;
  csrf_token: string;
  grants: Grant[];
  permissions: Partial<Record<Permission, Id[] | 'all'>>;
}

export interface LoginResponse {
  status: LoginStatus;
  csrf_token: string;
  me: Me;
}

export interface MfaEnrolment {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

export interface MfaConfirmResponse {
  recovery_codes: string[];
  csrf_token: string;
  me: Me;
}

export interface ApiToken {
  id: Id;
  name: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked: boolean;
  /** Only in the response to its creation (see CreatedApiToken). */
  token?: string;
}

export interface CreatedApiToken extends ApiToken {
  token: string;
}

export interface Role {
  name: string;
  permissions: string[];
  mfa_required: boolean;
}

export interface User {
  id: Id;
  username: string;
  display_name: string;
  unit_id: Id;
  title: string;
  disabled: boolean;
  mfa_enabled: boolean;
  created_at: string;
  last_login_at: string | null;
  locale?: Locale | string;
  /** Only in GET /users/:id (see UserDetail); the read is audited. */
  email?: string | null;
  phone?: string | null;
}

export interface UserDetail extends User {
  email?: string | null;
  phone?: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface NewUser {
  username: string;
  display_name: string;
  unit_id: Id;
  title?: string;
  email?: string;
  phone?: string;
  password?: string;
  locale?: Locale;
}

export interface JurisdictionEntry {
  country: string;
  primary: boolean;
}

export interface Unit {
  id: Id;
  code: string;
  parent_id: Id | null;
  kind: string;
  name_en: string;
  name_vi: string;
  city: string;
  country: string;
  region: string;
  time_zone: string;
  languages: string[];
  jurisdiction: JurisdictionEntry[];
  latitude: number | null;
  longitude: number | null;
  /** Only in GET /units/:id (see UnitDetail). */
  contacts?: UnitContacts;
  staff_count?: number;
}

export interface UnitContacts {
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
}

export interface UnitDetail extends Unit {
  contacts: UnitContacts;
  staff_count?: number;
  updated_at?: string;
}

export interface StaffMember {
  user_id: Id;
  username: string;
  display_name: string;
  title: string;
  email?: string | null;
  phone?: string | null;
}

export interface RosterEntry {
  id: Id;
  user_id: Id;
  display_name: string;
  starts_at: string;
  ends_at: string;
  role: 'primary' | 'backup';
}

/** GET /units/:id/on-call: who covers `at`, primary first, with the time at the mission. */
export interface OnCall {
  unit_id: Id;
  at: string;
  time_zone: string;
  local_time: string;
  entries: RosterEntry[];
}

export interface Country {
  code: string;
  name_en: string;
  name_vi: string;
  primary_mission_id: Id | null;
  missions: Id[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  actor_user_id: Id | null;
  action: string;
  unit_id: Id | null;
  target_type: string | null;
  target_id: string | number | null;
  outcome: string;
  detail: unknown;
  remote_address: string | null;
  request_id: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  next_before: number | null;
}

export const PRECEDENCES = ['flash', 'immediate', 'priority', 'routine'] as const;
export type Precedence = (typeof PRECEDENCES)[number];
export const CLASSIFICATIONS = ['unclassified', 'restricted', 'confidential', 'secret'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const CAPTIONS = ['nodis', 'exdis'] as const;
export type Caption = (typeof CAPTIONS)[number];
export const CABLE_BOXES = ['inbox', 'drafts', 'clearance', 'release', 'sent'] as const;
export type CableBox = (typeof CABLE_BOXES)[number];
export type CableState = 'draft' | 'in_clearance' | 'cleared' | 'transmitted';
export type AddresseeRole = 'action' | 'info';
export type ClearanceRule = 'any' | 'all';
export type ClearanceDecision = 'pending' | 'cleared' | 'returned';

/** A user as cables show them (names are null for a user that no longer exists). */
export interface UserRef {
  id: Id;
  username: string | null;
  display_name: string | null;
}

/**
 * An addressee of a cable: exactly one of unit_id, user_id (a named individual; the server answers with `user`),
 * collective (`all_missions`, `region:<region>`) or list_id (a distribution list).
 */
export interface Addressee {
  role: AddresseeRole;
  unit_id?: Id;
  user_id?: Id;
  user?: UserRef;
  collective?: string;
  /** A distribution list (GET /cables/lists), expanded at release. */
  list_id?: Id;
  /** After release: a person reached through this list (an entry the server adds, with `user`). */
  via_list_id?: Id;
  /** Night action: wake the on-call officer out of hours (action addressees only). */
  niact?: boolean;
}

export interface Clearer {
  user: UserRef;
  decision: ClearanceDecision;
  /** Clears for HQ (needed for collectives). */
  hq: boolean;
  requested_at: string;
  decided_at: string | null;
  /** Full view only. */
  comment?: string;
}

/** One addressee unit of a transmitted cable: a row of the acknowledgement matrix. */
export interface Recipient {
  unit_id: Id;
  role: AddresseeRole;
  niact: boolean;
  received_at: string | null;
  received_by?: UserRef | null;
  acknowledged_at: string | null;
  acknowledged_by?: UserRef | null;
  deadline_at: string | null;
  /** 0 none, 1 the unit's duty roster, 2 the HQ watch desk. */
  escalation_level: number;
  escalated_at?: string | null;
}

export interface CableClearance {
  rule: ClearanceRule;
  clearers: Clearer[];
}

/**
 * A cable. Lists omit body, references and recipients; GET /cables/:id/recipients (the tracking view) omits
 * subject, tags, body and addressees.
 */
export interface Cable {
  id: Id;
  /** Assigned at release, e.g. EMB-FR-2026-000042. */
  reference: string | null;
  state: CableState;
  precedence: Precedence;
  classification: Classification;
  captions: Caption[];
  originating_unit_id: Id;
  drafter: UserRef;
  version: number;
  created_at: string;
  updated_at: string;
  submitted_at?: string | null;
  released_at?: string | null;
  released_by?: UserRef | null;
  subject?: string;
  tags?: string[];
  /** Markdown. */
  body?: string;
  references?: Id[];
  addressees?: Addressee[];
  clearance: CableClearance;
  recipients?: Recipient[];
  /** Full view only: the files, each with its download `url` (/api/v1/cables/:id/attachments/:attachment_id). */
  attachments?: Attachment[];
}

/** POST /cables (a new draft) or PATCH /cables/:id (only the fields to change, with `version`). */
export interface CableDraft {
  originating_unit_id?: Id;
  subject?: string;
  body?: string;
  tags?: string[];
  precedence?: Precedence;
  classification?: Classification;
  captions?: Caption[];
  addressees?: Addressee[];
  references?: Id[];
  /** Ids of the drafter's uploads or of files already on the draft: the draft's files become exactly these. */
  attachments?: Id[];
  /** Edits only: the version the editor started from (a stale one is refused with 409 stale_version). */
  version?: number;
}

export interface CableList {
  items: Cable[];
}

/**
 * A file on a cable or a message (POST /attachments answers one). Its type is detected by the server from the
 * content; `url` downloads it: /api/v1/attachments/:id while pending (the uploader only), then the owner's route.
 */
export interface Attachment {
  id: Id;
  filename: string;
  media_type: string;
  size_bytes: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  created_at: string;
  url: string;
}

/** A distribution list of cable addressees (GET /cables/lists): units and people a unit addresses together. */
export interface DistributionList {
  id: Id;
  owner_unit_id: Id;
  name: string;
  description: string;
  unit_ids: Id[];
  users: UserRef[];
  created_at: string;
  updated_at: string;
  version: number;
}

/** POST /cables/lists, or PUT /cables/lists/:id with the version the editor started from. */
export interface DistributionListDraft {
  owner_unit_id: Id;
  name: string;
  /** Left out when empty (the server refuses an empty string; without it the list has no description). */
  description?: string;
  unit_ids: Id[];
  user_ids: Id[];
  version?: number;
}

/** One of the caller's notifications (e.g. kind `cable.escalated`); `link` is a console path. */
export interface Notification {
  id: Id;
  kind: string;
  title: string;
  body: string;
  link: string;
  urgent: boolean;
  created_at: string;
  read_at: string | null;
}

export interface NotificationList {
  items: Notification[];
  unread_count: number;
}

/** GET /cables/search: the filters of a search (the words `q`, or at least one filter). */
export interface CableSearchQuery {
  q?: string;
  tag?: string;
  precedence?: Precedence;
  unit_id?: Id;
  /** ISO 8601 UTC instants; `from` inclusive, `to` exclusive, on the release time (creation for drafts). */
  from?: string;
  to?: string;
  before?: Id;
  limit?: number;
}

/** One of the caller's saved searches (GET /cables/saved-searches); dates are not saved. */
export interface SavedSearch {
  id: Id;
  name: string;
  q: string;
  tag: string | null;
  precedence: Precedence | null;
  unit_id: Id | null;
  /** Announce newly transmitted matching cables to the owner (console and e-mail). */
  notify: boolean;
  created_at: string;
}

export type ChannelKind = 'unit' | 'topic' | 'direct';
export type ChannelRole = 'owner' | 'member';

/** A channel in GET /channels: the caller's membership with where they stopped reading. */
export interface ChannelSummary {
  id: Id;
  kind: ChannelKind;
  /** Empty for direct channels (named after the other person) and possibly for unit channels. */
  name: string;
  unit_id: Id | null;
  last_seq: number;
  last_read_seq: number;
  unread: number;
  role: ChannelRole;
  member_count: number;
}

export interface ChannelMember {
  user_id: Id;
  /** Null for an account that no longer exists. */
  username: string | null;
  display_name: string | null;
  role: ChannelRole;
  joined_at: string;
}

/** GET /channels/:id. */
export interface ChannelDetail {
  id: Id;
  kind: ChannelKind;
  name: string;
  unit_id: Id | null;
  last_seq: number;
  members: ChannelMember[];
}

/** A message; `seq` numbers a channel's messages 1, 2, 3 … without gaps. A deleted one keeps its place, empty. */
export interface ChannelMessage {
  /** "message", "message.edited" or "message.deleted" on the stream. */
  type?: string;
  channel_id: Id;
  seq: number;
  author_id: Id;
  body: string;
  /** The message this one replies to. */
  thread_seq: number | null;
  announcement: boolean;
  /** Members named as @username. */
  mentions: Id[];
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /** Announcements only: who marked them seen. */
  seen_by?: Id[];
  /** Files sent with the message (none once it is deleted). */
  attachments?: Attachment[];
}

/** GET /channels/:id/messages/:seq/history: an earlier text of a message. */
export interface MessageVersion {
  version: number;
  body: string;
  replaced_at: string;
  replaced_by: Id;
}

/** Frames of WebSocket /api/v1/channels/stream. */
export type ChannelStreamEvent =
  | ({ type: 'message' | 'message.edited' | 'message.deleted' } & ChannelMessage)
  | { type: 'ready'; cursors: Record<string, number> }
  | { type: 'gap'; channel_id: Id; after: number }
  | { type: 'channel.joined'; channel_id: Id; seq: number }
  | { type: 'channel.left'; channel_id: Id };

export type LiveEvent =
  | { type: 'audit.entry'; entry: AuditEntry }
  | { type: 'cable.changed'; cable_id: Id; action: string; state: CableState; at: string }
  | { type: 'session.ended' }
  | { type: string; [key: string]: unknown };

export * from './monitorTypes';
export * from './citizenTypes';
export * from './alertTypes';
