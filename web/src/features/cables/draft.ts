// The composer's form and what it sends: POST /cables (a new draft) or PATCH /cables/:id (only what changed,
// with the version the editor started from), and the checks the server would make first.
import type { MessageKey, Params } from '../../i18n';
import { permittedUnits } from '../../shared/permissions';
import type { Addressee, AddresseeRole, Cable, CableDraft, Caption, Classification, Id, Me, Precedence, Unit, UserRef } from '../../shared/types';

export const TAG_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
export const MAX_TAGS = 20;
export const MAX_SUBJECT = 300;

/** Units the user may draft for (`cable_draft`), the home unit first when it is one of them. */
export function draftingUnits(me: Me | null, units: Unit[]): Unit[] {
  const scope = permittedUnits(me, 'cable_draft');
  const allowed = scope === 'all' ? units : units.filter((unit) => scope.includes(unit.id));
  return [...allowed].sort((a, b) => (a.id === me?.unit_id ? -1 : b.id === me?.unit_id ? 1 : a.code.localeCompare(b.code)));
}

/** A user number typed into a user search ("10" or "#10"), or null. */
export function userNumberIn(query: string): Id | null {
  const match = /^#?\s*(\d{1,15})$/.exec(query.trim());
  if (!match) return null;
  const id = Number(match[1]);
  return id > 0 ? id : null;
}

/** An addressee as the composer keeps it: the wire fields plus what to show for it. */
export interface AddresseeEntry {
  role: AddresseeRole;
  niact: boolean;
  unit_id?: Id;
  user_id?: Id;
  collective?: string;
  /** A distribution list (named through GET /cables/lists). */
  list_id?: Id;
  /** For individuals: how to name them (the server's UserRef or a search result). */
  user?: UserRef;
}

export interface ComposerForm {
  originating_unit_id: string;
  subject: string;
  body: string;
  /** Comma-separated. */
  tags: string;
  precedence: Precedence;
  classification: Classification;
  nodis: boolean;
  exdis: boolean;
  addressees: AddresseeEntry[];
  references: Id[];
  /** Ids of the files (uploaded, or already on the draft); the composer fills them from its uploads. */
  attachments: Id[];
}

export function emptyForm(originatingUnitId?: Id | null): ComposerForm {
  return {
    originating_unit_id: originatingUnitId ? String(originatingUnitId) : '',
    subject: '',
    body: '',
    tags: '',
    precedence: 'routine',
    classification: 'unclassified',
    nodis: false,
    exdis: false,
    addressees: [],
    references: [],
    attachments: [],
  };
}

export function formFromCable(cable: Cable): ComposerForm {
  return {
    originating_unit_id: String(cable.originating_unit_id),
    subject: cable.subject ?? '',
    body: cable.body ?? '',
    tags: (cable.tags ?? []).join(', '),
    precedence: cable.precedence,
    classification: cable.classification,
    nodis: cable.captions.includes('nodis'),
    exdis: cable.captions.includes('exdis'),
    // People reached through a list (`via_list_id`) are the server's expansion at release, not addressees drafted.
    addressees: (cable.addressees ?? [])
      .filter((addressee) => addressee.via_list_id === undefined)
      .map((addressee) => ({
        role: addressee.role,
        niact: Boolean(addressee.niact),
        unit_id: addressee.unit_id,
        user_id: addressee.user_id ?? addressee.user?.id,
        collective: addressee.collective,
        list_id: addressee.list_id,
        user: addressee.user,
      })),
    references: cable.references ?? [],
    attachments: (cable.attachments ?? []).map((attachment) => attachment.id),
  };
}

/** Tags from "a, b c": split on commas and spaces, without duplicates. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of text.split(/[,\s]+/)) {
    const tag = part.trim();
    if (!tag || seen.has(tag)) continue;
    seen.add(tag);
    tags.push(tag);
  }
  return tags;
}

export function invalidTags(text: string): string[] {
  return parseTags(text).filter((tag) => !TAG_PATTERN.test(tag));
}

export function addresseeKey(entry: Pick<AddresseeEntry, 'unit_id' | 'user_id' | 'collective' | 'list_id'>): string {
  if (entry.unit_id !== undefined) return `unit:${entry.unit_id}`;
  if (entry.user_id !== undefined) return `user:${entry.user_id}`;
  if (entry.list_id !== undefined) return `list:${entry.list_id}`;
  return `collective:${entry.collective ?? ''}`;
}

/** Adds an addressee, or replaces the one with the same target (a unit is addressed once). */
export function withAddressee(list: AddresseeEntry[], entry: AddresseeEntry): AddresseeEntry[] {
  const key = addresseeKey(entry);
  const index = list.findIndex((item) => addresseeKey(item) === key);
  const normalised = { ...entry, niact: entry.role === 'action' && entry.niact };
  if (index < 0) return [...list, normalised];
  return list.map((item, position) => (position === index ? normalised : item));
}

export function toWireAddressee(entry: AddresseeEntry): Addressee {
  const wire: Addressee = { role: entry.role, niact: entry.role === 'action' && entry.niact };
  if (entry.unit_id !== undefined) wire.unit_id = entry.unit_id;
  else if (entry.user_id !== undefined) wire.user_id = entry.user_id;
  else if (entry.list_id !== undefined) wire.list_id = entry.list_id;
  else if (entry.collective !== undefined) wire.collective = entry.collective;
  return wire;
}

function captionsOf(form: ComposerForm): Caption[] {
  const captions: Caption[] = [];
  if (form.nodis) captions.push('nodis');
  if (form.exdis) captions.push('exdis');
  return captions;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The body of POST /cables (no `original`: every field) or of PATCH /cables/:id (only what differs from
 * `original`, with the version the editor started from). Returns null when an edit changes nothing.
 */
export function buildDraftPayload(form: ComposerForm, original?: Cable | null): CableDraft | null {
  const full: CableDraft = {
    originating_unit_id: Number(form.originating_unit_id),
    subject: form.subject.trim(),
    body: form.body,
    tags: parseTags(form.tags),
    precedence: form.precedence,
    classification: form.classification,
    captions: captionsOf(form),
    addressees: form.addressees.map(toWireAddressee),
    references: form.references,
    attachments: form.attachments,
  };
  if (!original) return full;
  const before = buildDraftPayload(formFromCable(original)) as CableDraft;
  const changes: CableDraft = {};
  let changed = false;
  for (const key of Object.keys(full) as (keyof CableDraft)[]) {
    if (!sameJson(full[key], before[key])) {
      (changes as Record<string, unknown>)[key] = full[key];
      changed = true;
    }
  }
  if (!changed) return null;
  return { ...changes, version: original.version };
}

/**
 * What the server would refuse in the form (it validates every draft as a whole cable: a subject, a text, an
 * action addressee, valid tags), as a catalogue message; null when nothing is known to be wrong.
 */
export function draftProblem(form: ComposerForm): { key: MessageKey; params?: Params } | null {
  if (!form.originating_unit_id) return { key: 'composer.needUnit' };
  if (!form.subject.trim()) return { key: 'composer.needSubject' };
  if (!form.body.trim()) return { key: 'composer.needBody' };
  const bad = invalidTags(form.tags);
  if (bad.length) return { key: 'composer.badTags', params: { tags: bad.join(', ') } };
  if (parseTags(form.tags).length > MAX_TAGS) return { key: 'composer.tooManyTags', params: { max: MAX_TAGS } };
  if (!form.addressees.some((entry) => entry.role === 'action')) return { key: 'composer.needActionAddressee' };
  return null;
}

/** A JSON pointer of the server (`/addressees/2/unit_id`) to the catalogue key of the field it names. */
export function fieldLabelKey(pointer: string | undefined): MessageKey | null {
  if (!pointer) return null;
  const head = pointer.replace(/^\//, '').split('/')[0];
  const keys: Record<string, MessageKey> = {
    originating_unit_id: 'cable.originatingUnit',
    subject: 'cable.subject',
    body: 'cable.body',
    tags: 'cable.tags',
    precedence: 'cable.precedence',
    classification: 'cable.classification',
    captions: 'cable.captions',
    addressees: 'cable.addressees',
    references: 'cable.references',
    attachments: 'attachments.title',
    clearers: 'cable.clearers',
    rule: 'cable.rule',
    comment: 'cable.comment',
    unit_id: 'matrix.unit',
    code: 'stepUp.code',
  };
  return keys[head] ?? null;
}
