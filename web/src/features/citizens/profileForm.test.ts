import { describe, expect, it } from 'vitest';
import type { CitizenProfile } from '../../shared/types';
import {
  checkForm, consentsOf, emptyProfileForm, emptyStay, formatDay, formOfProfile, formPointer, inputId, parseDecimal, profileOfForm, type ProfileForm,
} from './profileForm';

const profile: CitizenProfile = {
  full_name: 'Nguyễn Thị Lan', date_of_birth: '1990-02-03', passport_number: 'C1234567', email: 'lan@example.com', phone: '+81901234567',
  residence_country: 'JP', city: 'Tokyo', address: '1-2-3 Shinjuku', location: { latitude: 35.6895, longitude: 139.6917 },
  stays: [{ country: 'KR', city: 'Seoul', from: '2026-01-01', to: '', note: 'work' }],
  household: [{ full_name: 'Trần Văn An', relation: 'chồng', date_of_birth: '', passport_number: '' }],
  emergency_contacts: [{ full_name: 'Nguyễn Văn Bình', relation: 'bố', phone: '+84912345678', email: '' }],
  language: 'vi',
};

const form = (changes: Partial<ProfileForm> = {}): ProfileForm => ({ ...formOfProfile(profile), ...changes });

describe('the registration form and the profile JSON', () => {
  it('go both ways without loss', () => {
    expect(profileOfForm(formOfProfile(profile)).profile).toEqual(profile);
  });

  it('trims texts, upper-cases countries, reads the map point and sends no point when both numbers are empty', () => {
    const sent = profileOfForm(form({ full_name: '  Lan ', residence_country: 'jp', latitude: ' 35,5 ', longitude: '-139.25' })).profile;
    expect(sent.full_name).toBe('Lan');
    expect(sent.residence_country).toBe('JP');
    expect(sent.location).toEqual({ latitude: 35.5, longitude: -139.25 });
    expect(profileOfForm(form({ latitude: '', longitude: '' })).profile.location).toBeNull();
  });

  it('leaves out wholly blank rows and maps the server’s pointers back to the rows on screen', () => {
    const draft = profileOfForm(form({ stays: [emptyStay(), { ...emptyStay(), country: 'kr', from: '2026-01-01' }, emptyStay(), { ...emptyStay(), country: 'CN', from: 'x' }] }));
    expect(draft.profile.stays.map((stay) => stay.country)).toEqual(['KR', 'CN']);
    expect(draft.rows.stays).toEqual([1, 3]);
    expect(formPointer('/stays/1/from', draft.rows)).toBe('/stays/3/from');
    expect(formPointer('/stays/0', draft.rows)).toBe('/stays/1');
    expect(formPointer('/email', draft.rows)).toBe('/email');
    expect(formPointer('/household/0/full_name', draft.rows)).toBe('/household/0/full_name');
  });

  it('starts empty in the given country and language, with every consent off', () => {
    const empty = emptyProfileForm('DE', 'en');
    expect(empty.residence_country).toBe('DE');
    expect(empty.language).toBe('en');
    expect(profileOfForm(empty).profile.stays).toEqual([]);
    const consents = consentsOf({ consents: { zalo: { granted: true, changed_at: 'x' }, sms: { granted: false, changed_at: null }, email: { granted: true, changed_at: 'y' }, web_push: { granted: false, changed_at: null } } });
    expect(consents).toEqual({ zalo: true, sms: false, email: true, web_push: false });
  });

  it('reads decimals as people type them', () => {
    expect(parseDecimal('35.68')).toBe(35.68);
    expect(parseDecimal(' -0,5 ')).toBe(-0.5);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('35°N')).toBeNull();
    expect(parseDecimal('1e3')).toBeNull();
  });
});

describe('the checks made before sending', () => {
  it('pass a complete form', () => {
    expect(checkForm(form())).toBeNull();
  });

  it('ask for a name, a way to reach the person and a country', () => {
    expect(checkForm(form({ full_name: ' ' }))).toEqual({ pointer: '/full_name', issue: 'required' });
    expect(checkForm(form({ email: '', phone: '' }))).toEqual({ pointer: '/email', issue: 'contactNeeded' });
    expect(checkForm(form({ email: '' }))).toBeNull();
    expect(checkForm(form({ residence_country: '' }))).toEqual({ pointer: '/residence_country', issue: 'required' });
  });

  it('want both numbers of a map point, in range', () => {
    expect(checkForm(form({ latitude: '', longitude: '139' }))).toEqual({ pointer: '/location/latitude', issue: 'mapPoint' });
    expect(checkForm(form({ latitude: '35', longitude: '' }))).toEqual({ pointer: '/location/longitude', issue: 'mapPoint' });
    expect(checkForm(form({ latitude: '91', longitude: '0' }))).toEqual({ pointer: '/location/latitude', issue: 'number' });
    expect(checkForm(form({ latitude: '0', longitude: 'east' }))).toEqual({ pointer: '/location/longitude', issue: 'number' });
  });

  it('check the rows that are filled in, and ignore blank ones', () => {
    expect(checkForm(form({ stays: [emptyStay()] }))).toBeNull();
    expect(checkForm(form({ stays: [{ ...emptyStay(), city: 'Seoul' }] }))).toEqual({ pointer: '/stays/0/country', issue: 'required' });
    expect(checkForm(form({ stays: [{ ...emptyStay(), country: 'KR' }] }))).toEqual({ pointer: '/stays/0/from', issue: 'required' });
    expect(checkForm(form({ stays: [{ ...emptyStay(), country: 'KR', from: '2026-03-01', to: '2026-02-01' }] }))).toEqual({ pointer: '/stays/0/to', issue: 'stayOrder' });
    expect(checkForm(form({ household: [{ full_name: '', relation: 'con', date_of_birth: '', passport_number: '' }] }))).toEqual({ pointer: '/household/0/full_name', issue: 'required' });
    expect(checkForm(form({ emergency_contacts: [{ full_name: 'Bình', relation: '', phone: '', email: '' }] }))).toEqual({ pointer: '/emergency_contacts/0/phone', issue: 'contactMeans' });
  });
});

describe('small helpers', () => {
  it('make element ids from pointers', () => {
    expect(inputId('cz', '/stays/0/from')).toBe('cz-stays-0-from');
  });

  it('write days the reader’s way, without shifting them', () => {
    expect(formatDay('1990-02-03', 'vi')).toBe('03/02/1990');
    expect(formatDay('1990-02-03', 'en')).toBe('03/02/1990');
    expect(formatDay('soon', 'en')).toBe('soon');
  });
});
