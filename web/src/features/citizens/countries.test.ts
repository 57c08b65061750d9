import { describe, expect, it } from 'vitest';
import type { Country, Me, Unit } from '../../shared/types';
import { countryNamer, countryOptions, countryScope, ISO_COUNTRY_CODES } from './countries';

const unit = (id: number, parent: number | null, code = `U${id}`): Unit => ({
  id, code, parent_id: parent, kind: 'embassy', name_en: code, name_vi: code, city: '', country: 'VN', region: '',
  time_zone: 'Asia/Ho_Chi_Minh', languages: [], jurisdiction: [], latitude: null, longitude: null,
});
// MOFA (1) ← HQ Europe (2) ← embassies in France (3) and Germany (4); consulate in San Francisco (5) under MOFA.
const units = [unit(1, null), unit(2, 1), unit(3, 2), unit(4, 2), unit(5, 1)];
const country = (code: string, missions: number[], name_vi = code, name_en = code): Country => ({ code, name_en, name_vi, primary_mission_id: missions[0] ?? null, missions });
const countries = [country('FR', [3], 'Pháp', 'France'), country('MC', [3], 'Monaco', 'Monaco'), country('DE', [4], 'Đức', 'Germany'), country('US', [5]), country('AQ', [])];
const me = (permissions: Me['permissions'], grants: Me['grants']): Me => ({
  id: 9, username: 'a', display_name: 'A', locale: 'vi', unit_id: 3, title: '', mfa_enabled: false, mfa_required: false,
  session_status: 'ok', csrf_token: '', grants, permissions,
});
const grant = (unitId: number, subtree = false) => ({ id: unitId, role: 'consular_officer', unit_id: unitId, include_subtree: subtree });

describe('the countries a member of staff covers', () => {
  it('are those where a mission is a unit with the permission', () => {
    const scope = countryScope(me({ citizens_read: [3] }, [grant(3)]), 'citizens_read', countries, units);
    expect(scope).toEqual({ everywhere: false, codes: ['FR', 'MC'] });
  });

  it('include the missions below a subtree grant', () => {
    const scope = countryScope(me({ citizens_read: [2] }, [grant(2, true)]), 'citizens_read', countries, units);
    expect(scope.codes).toEqual(['FR', 'MC', 'DE']);
  });

  it('are every country for a grant on the whole tree, and none without the permission', () => {
    expect(countryScope(me({ citizens_read: 'all' }, []), 'citizens_read', countries, units)).toEqual({ everywhere: true, codes: ['FR', 'MC', 'DE', 'US', 'AQ'] });
    expect(countryScope(me({ citizens_read: [3] }, [grant(3)]), 'citizens_write', countries, units).codes).toEqual([]);
    expect(countryScope(null, 'citizens_read', countries, units).codes).toEqual([]);
  });
});

describe('country names and choices', () => {
  it('names a country from the directory in the reader’s language, else from the browser, else by code', () => {
    expect(countryNamer(countries, 'vi')('fr')).toBe('Pháp');
    expect(countryNamer(countries, 'en')('FR')).toBe('France');
    expect(countryNamer([], 'en')('JP')).toBe('Japan');
    expect(countryNamer([], 'vi')('JP')).toBe('Nhật Bản');
    expect(countryNamer([], 'en')('')).toBe('');
  });

  it('lists each code once, by name in the reader’s order', () => {
    const options = countryOptions(['de', 'FR', 'DE', 'xx1', 'AT'], countryNamer(countries, 'vi'), 'vi');
    expect(options.map((option) => option.code)).toEqual(['AT', 'DE', 'FR']);
    expect(options.map((option) => option.name)).toEqual(['Áo', 'Đức', 'Pháp']);
  });

  it('knows every ISO country for the portal', () => {
    expect(ISO_COUNTRY_CODES.length).toBeGreaterThan(240);
    expect(ISO_COUNTRY_CODES).toContain('JP');
  });
});
