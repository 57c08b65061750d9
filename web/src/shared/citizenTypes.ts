// Types of the citizens' registry and portal (OpenAPI tags `citizens` and `portal`), re-exported by types.ts; the
// same contract rules: wire names, checked by scripts/check-openapi.mjs.
import type { Id } from './types';

// --- Citizens abroad ----------------------------------------------------------------------------------------------

export const CONTACT_CHANNELS = ['zalo', 'sms', 'email', 'web_push'] as const;
/** A way to reach a citizen in a crisis; each needs its own consent. */
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type CitizenLanguage = 'vi' | 'en';
export type CitizenOrigin = 'portal' | 'staff' | 'import';

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface Stay {
  country: string;
  city: string;
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD or '' (still there) */
  to: string;
  note: string;
}

export interface HouseholdMember {
  full_name: string;
  relation: string;
  date_of_birth: string;
  passport_number: string;
}

export interface EmergencyContact {
  full_name: string;
  relation: string;
  phone: string;
  email: string;
}

/** What a registration says about the person: sent whole on create and replace (a field left out is cleared). */
export interface CitizenProfile {
  full_name: string;
  /** YYYY-MM-DD or '' */
  date_of_birth: string;
  passport_number: string;
  email: string;
  /** E.164, e.g. +84912345678 */
  phone: string;
  /** ISO 3166-1 alpha-2 */
  residence_country: string;
  city: string;
  address: string;
  location: GeoPoint | null;
  stays: Stay[];
  household: HouseholdMember[];
  emergency_contacts: EmergencyContact[];
  language: CitizenLanguage;
}

export interface ConsentState {
  granted: boolean;
  /** When it last changed; null when never recorded. */
  changed_at: string | null;
}

export interface Citizen extends CitizenProfile {
  id: Id;
  reference: string;
  /** Not in portal answers. */
  origin?: CitizenOrigin;
  consents: Record<ContactChannel, ConsentState>;
  zalo_linked: boolean;
  web_push_subscribed: boolean;
  created_at: string;
  updated_at: string;
}

export interface CitizenSummary {
  id: Id;
  reference: string;
  full_name: string;
  residence_country: string;
  city: string;
  language: string;
  channels: ContactChannel[];
  updated_at: string;
}

/** GET /citizens: `total` only without `q`; `next_after` continues the list (or the search's scan). */
export interface CitizenPage {
  items: CitizenSummary[];
  total: number | null;
  next_after: Id | null;
}

export interface CitizenImportReport {
  created: number;
  duplicates: number;
  duplicate_references: string[];
  errors: { line: number; message: string }[];
}

export interface PortalSession {
  contact: string;
  contact_kind: 'email' | 'phone';
  registered: boolean;
  csrf_token: string;
  expires_at: string;
}
