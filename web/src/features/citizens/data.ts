// The registry's reads that several screens share: the countries the user covers for a permission (from the
// directory's countries and units and the user's grants), every country by name (stays abroad can be anywhere), and
// country names in the reader's language.
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { useSession } from '../../shared/session';
import type { Permission } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { countryNamer, countryOptions, countryScope, ISO_COUNTRY_CODES, type CountryOption, type CountryScope } from './countries';

export interface CitizenCountries {
  ready: boolean;
  error: unknown;
  /** What the user covers with the permission asked for. */
  scope: CountryScope;
  /** The covered countries as choices, by name. */
  covered: CountryOption[];
  /** Every country, by name. */
  all: CountryOption[];
  nameOf: (code: string) => string;
}

export function useCitizenCountries(permission: Permission): CitizenCountries {
  const { me } = useSession();
  const { locale } = useI18n();
  const directory = useDirectory();
  return useMemo(() => {
    const nameOf = countryNamer(directory.countries, locale);
    const scope = countryScope(me, permission, directory.countries, directory.units);
    const allCodes = directory.countries.length > 0 ? directory.countries.map((country) => country.code) : ISO_COUNTRY_CODES;
    return {
      ready: directory.ready,
      error: directory.error,
      scope,
      covered: countryOptions(scope.codes, nameOf, locale),
      all: countryOptions(allCodes.filter((code) => code.toUpperCase() !== 'VN'), nameOf, locale),
      nameOf,
    };
  }, [directory, me, permission, locale]);
}
