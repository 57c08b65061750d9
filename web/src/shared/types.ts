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

export type LiveEvent =
  | { type: 'audit.entry'; entry: AuditEntry }
  | { type: 'session.ended' }
  | { type: string; [key: string]: unknown };
