// Countries in the citizens' screens: which ones a member of staff covers (the jurisdiction of the units where a
// permission is held, as the server computes it), and the choices of a country select, by name in the reader's
// language. The server decides every request; this only fills the filters and the pickers.
import codes from 'i18n-iso-countries/codes.json';
import { permittedUnits } from '../../shared/permissions';
import type { Country, Locale, Me, Permission, Unit } from '../../shared/types';
import { unitsWith } from '../monitor/units';

export interface CountryOption {
  code: string;
  name: string;
}

/** The countries of a permission: every country ('everywhere'), or those where a covered unit is a mission. */
export interface CountryScope {
  everywhere: boolean;
  codes: string[];
}

/**
 * The countries whose registrations `me` may handle with `permission`: a country is covered when one of its
 * missions (GET /countries `missions`) is a unit where the permission is held, directly or below a subtree grant;
 * a grant on the whole tree ("all") covers every country.
 */
export function countryScope(me: Me | null, permission: Permission, countries: Country[], units: Unit[]): CountryScope {
  if (permittedUnits(me, permission) === 'all') return { everywhere: true, codes: countries.map((country) => country.code.toUpperCase()) };
  const covered = new Set(unitsWith(me, permission, units).map((unit) => unit.id));
  const found = countries.filter((country) => (country.missions ?? []).some((mission) => covered.has(mission)));
  return { everywhere: false, codes: found.map((country) => country.code.toUpperCase()) };
}

/** Every ISO 3166-1 alpha-2 code (for the portal, which cannot read the directory). */
export const ISO_COUNTRY_CODES: readonly string[] = (codes as string[][]).map(([alpha2]) => alpha2);

const displayNames = new Map<Locale, Intl.DisplayNames | null>();

/** A country's name from the browser (Intl), or the code when the browser does not know it. */
export function intlCountryName(code: string, locale: Locale): string {
  if (!displayNames.has(locale)) {
    try {
      displayNames.set(locale, new Intl.DisplayNames([locale === 'vi' ? 'vi-VN' : 'en-GB'], { type: 'region' }));
    } catch {
      displayNames.set(locale, null);
    }
  }
  try {
    return displayNames.get(locale)?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A name function from the directory's countries (name_vi / name_en), falling back to the browser's names. */
export function countryNamer(countries: Country[], locale: Locale): (code: string) => string {
  const byCode = new Map(countries.map((country) => [country.code.toUpperCase(), country]));
  return (code: string) => {
    const upper = (code ?? '').toUpperCase();
    if (!upper) return '';
    const country = byCode.get(upper);
    const name = country ? (locale === 'vi' ? country.name_vi || country.name_en : country.name_en || country.name_vi) : '';
    return name || intlCountryName(upper, locale);
  };
}

/** The choices of a country select: each code once, by name in the reader's language. */
export function countryOptions(codes: readonly string[], nameOf: (code: string) => string, locale: Locale): CountryOption[] {
  const unique = [...new Set(codes.map((code) => code.toUpperCase()).filter((code) => /^[A-Z]{2}$/.test(code)))];
  const collator = new Intl.Collator(locale === 'vi' ? 'vi' : 'en');
  return unique.map((code) => ({ code, name: nameOf(code) })).sort((a, b) => collator.compare(a.name, b.name));
}
