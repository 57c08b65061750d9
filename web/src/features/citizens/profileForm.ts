// The registration form as the screens hold it (every input a string) and the profile JSON the server takes, both
// ways; the checks made before sending (the server makes them all again); and which input a problem's `field` (a
// JSON pointer such as "/stays/0/from") belongs to. Used by the staff form and the citizens' portal alike.
import { CONTACT_CHANNELS, type Citizen, type CitizenLanguage, type CitizenProfile, type ContactChannel, type Locale } from '../../shared/types';

export interface StayForm {
  country: string;
  city: string;
  from: string;
  to: string;
  note: string;
}

export interface HouseholdForm {
  full_name: string;
  relation: string;
  date_of_birth: string;
  passport_number: string;
}

export interface ContactForm {
  full_name: string;
  relation: string;
  phone: string;
  email: string;
}

export interface ProfileForm {
  full_name: string;
  date_of_birth: string;
  passport_number: string;
  email: string;
  phone: string;
  residence_country: string;
  city: string;
  address: string;
  latitude: string;
  longitude: string;
  stays: StayForm[];
  household: HouseholdForm[];
  emergency_contacts: ContactForm[];
  language: CitizenLanguage;
}

export type ListName = 'stays' | 'household' | 'emergency_contacts';
export const LIST_NAMES: readonly ListName[] = ['stays', 'household', 'emergency_contacts'];

export type ConsentForm = Record<ContactChannel, boolean>;

export const emptyStay = (): StayForm => ({ country: '', city: '', from: '', to: '', note: '' });
export const emptyHouseholdMember = (): HouseholdForm => ({ full_name: '', relation: '', date_of_birth: '', passport_number: '' });
export const emptyContact = (): ContactForm => ({ full_name: '', relation: '', phone: '', email: '' });

export function emptyProfileForm(residenceCountry = '', language: CitizenLanguage = 'vi'): ProfileForm {
  return {
    full_name: '', date_of_birth: '', passport_number: '', email: '', phone: '', residence_country: residenceCountry, city: '', address: '',
    latitude: '', longitude: '', stays: [], household: [], emergency_contacts: [], language,
  };
}

export function noConsents(): ConsentForm {
  return Object.fromEntries(CONTACT_CHANNELS.map((channel) => [channel, false])) as ConsentForm;
}

export function consentsOf(citizen: Pick<Citizen, 'consents'>): ConsentForm {
  return Object.fromEntries(CONTACT_CHANNELS.map((channel) => [channel, citizen.consents?.[channel]?.granted ?? false])) as ConsentForm;
}

const text = (value: string | null | undefined) => value ?? '';

export function formOfProfile(profile: CitizenProfile): ProfileForm {
  return {
    full_name: text(profile.full_name),
    date_of_birth: text(profile.date_of_birth),
    passport_number: text(profile.passport_number),
    email: text(profile.email),
    phone: text(profile.phone),
    residence_country: text(profile.residence_country).toUpperCase(),
    city: text(profile.city),
    address: text(profile.address),
    latitude: profile.location ? String(profile.location.latitude) : '',
    longitude: profile.location ? String(profile.location.longitude) : '',
    stays: (profile.stays ?? []).map((stay) => ({ country: text(stay.country), city: text(stay.city), from: text(stay.from), to: text(stay.to), note: text(stay.note) })),
    household: (profile.household ?? []).map((member) => ({
      full_name: text(member.full_name), relation: text(member.relation), date_of_birth: text(member.date_of_birth), passport_number: text(member.passport_number),
    })),
    emergency_contacts: (profile.emergency_contacts ?? []).map((contact) => ({
      full_name: text(contact.full_name), relation: text(contact.relation), phone: text(contact.phone), email: text(contact.email),
    })),
    language: profile.language === 'en' ? 'en' : 'vi',
  };
}

/** A decimal number as people type it ("35.68", "35,68", " -139.7 "), or null. */
export function parseDecimal(value: string): number | null {
  const cleaned = value.trim().replace(',', '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return null;
  return Number(cleaned);
}

const isBlank = (row: object) => Object.values(row).every((value) => String(value ?? '').trim() === '');

/** Which form row each sent row came from: rows left wholly blank are not sent, so the indexes can differ. */
export type RowMap = Record<ListName, number[]>;

export interface ProfileDraft {
  profile: CitizenProfile;
  rows: RowMap;
}

/** The profile JSON of a form: texts trimmed, countries upper case, the map point as numbers, blank rows left out. */
export function profileOfForm(form: ProfileForm): ProfileDraft {
  const rows: RowMap = { stays: [], household: [], emergency_contacts: [] };
  const keep = <T extends object>(list: ListName, items: T[]): T[] =>
    items.filter((item, index) => {
      if (isBlank(item)) return false;
      rows[list].push(index);
      return true;
    });
  const latitude = parseDecimal(form.latitude);
  const longitude = parseDecimal(form.longitude);
  const profile: CitizenProfile = {
    full_name: form.full_name.trim(),
    date_of_birth: form.date_of_birth.trim(),
    passport_number: form.passport_number.trim(),
    email: form.email.trim(),
    phone: form.phone.trim(),
    residence_country: form.residence_country.trim().toUpperCase(),
    city: form.city.trim(),
    address: form.address.trim(),
    location: latitude !== null && longitude !== null ? { latitude, longitude } : null,
    stays: keep('stays', form.stays).map((stay) => ({
      country: stay.country.trim().toUpperCase(), city: stay.city.trim(), from: stay.from.trim(), to: stay.to.trim(), note: stay.note.trim(),
    })),
    household: keep('household', form.household).map((member) => ({
      full_name: member.full_name.trim(), relation: member.relation.trim(), date_of_birth: member.date_of_birth.trim(), passport_number: member.passport_number.trim(),
    })),
    emergency_contacts: keep('emergency_contacts', form.emergency_contacts).map((contact) => ({
      full_name: contact.full_name.trim(), relation: contact.relation.trim(), phone: contact.phone.trim(), email: contact.email.trim(),
    })),
    language: form.language,
  };
  return { profile, rows };
}

/**
 * The form's pointer for a pointer of the server (about what was sent): "/stays/1/from" of the second sent stay is
 * "/stays/3/from" when two blank stays were left out. Other pointers are the same.
 */
export function formPointer(pointer: string | undefined, rows: RowMap): string | undefined {
  if (!pointer) return pointer;
  const match = /^\/(stays|household|emergency_contacts)\/(\d+)(\/.*)?$/.exec(pointer);
  if (!match) return pointer;
  const formIndex = rows[match[1] as ListName][Number(match[2])];
  return formIndex === undefined ? pointer : `/${match[1]}/${formIndex}${match[3] ?? ''}`;
}

/** What a check found wrong, named so that the screens can say it in the reader's language. */
export type FormIssue = 'required' | 'contactNeeded' | 'mapPoint' | 'number' | 'stayOrder' | 'contactMeans';

export interface FormProblem {
  pointer: string;
  issue: FormIssue;
}

/**
 * The first thing the server would refuse that can be seen without it: a missing name or country, no way to reach
 * the person, half a map point, a stay ending before it begins, a household member or an emergency contact without a
 * name, an emergency contact without a phone or e-mail. Null when nothing is seen.
 */
export function checkForm(form: ProfileForm): FormProblem | null {
  if (!form.full_name.trim()) return { pointer: '/full_name', issue: 'required' };
  if (!form.email.trim() && !form.phone.trim()) return { pointer: '/email', issue: 'contactNeeded' };
  if (!form.residence_country.trim()) return { pointer: '/residence_country', issue: 'required' };
  const latitude = form.latitude.trim();
  const longitude = form.longitude.trim();
  if (latitude || longitude) {
    if (!latitude) return { pointer: '/location/latitude', issue: 'mapPoint' };
    if (!longitude) return { pointer: '/location/longitude', issue: 'mapPoint' };
    const lat = parseDecimal(latitude);
    if (lat === null || Math.abs(lat) > 90) return { pointer: '/location/latitude', issue: 'number' };
    const lon = parseDecimal(longitude);
    if (lon === null || Math.abs(lon) > 180) return { pointer: '/location/longitude', issue: 'number' };
  }
  for (const [index, stay] of form.stays.entries()) {
    if (isBlank(stay)) continue;
    if (!stay.country.trim()) return { pointer: `/stays/${index}/country`, issue: 'required' };
    if (!stay.from.trim()) return { pointer: `/stays/${index}/from`, issue: 'required' };
    if (stay.to.trim() && stay.to.trim() < stay.from.trim()) return { pointer: `/stays/${index}/to`, issue: 'stayOrder' };
  }
  for (const [index, member] of form.household.entries()) {
    if (!isBlank(member) && !member.full_name.trim()) return { pointer: `/household/${index}/full_name`, issue: 'required' };
  }
  for (const [index, contact] of form.emergency_contacts.entries()) {
    if (isBlank(contact)) continue;
    if (!contact.full_name.trim()) return { pointer: `/emergency_contacts/${index}/full_name`, issue: 'required' };
    if (!contact.phone.trim() && !contact.email.trim()) return { pointer: `/emergency_contacts/${index}/phone`, issue: 'contactMeans' };
  }
  return null;
}

/** The input a pointer names, for the map point: "/location" is about both numbers, shown at the latitude. */
export function inputPointer(pointer: string | undefined): string | undefined {
  return pointer === '/location' ? '/location/latitude' : pointer;
}

/** The last name in a pointer ("/stays/0/from" → "from"), which says what kind of value it is. */
export function fieldName(pointer: string): string {
  return pointer.split('/').filter(Boolean).pop() ?? '';
}

/** An element id for the input of a pointer: "/stays/0/from" with prefix "cz" → "cz-stays-0-from". */
export function inputId(prefix: string, pointer: string): string {
  return `${prefix}${pointer.replace(/\//g, '-')}`;
}

/** A day (YYYY-MM-DD) in the reader's way of writing dates, with no time zone shift; anything else as it is. */
export function formatDay(day: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!match) return day ?? '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}
