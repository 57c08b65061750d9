// Directory data that many screens need (units for pickers and names, countries for names and the map), loaded
// once per page and shared. The public facts of every unit are visible to every authenticated user.
import { useEffect, useState } from 'react';
import { getList } from '../../shared/api';
import type { Country, Id, Unit } from '../../shared/types';

export const MISSION_KINDS = ['embassy', 'consulate_general', 'consulate', 'permanent_mission'];

/** Kinds compared in one spelling: "Consulate-General" and "consulate_general" are the same kind. */
export function normaliseKind(kind: string): string {
  return (kind ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function isMission(unit: Unit): boolean {
  return MISSION_KINDS.includes(normaliseKind(unit.kind));
}

let unitsPromise: Promise<Unit[]> | null = null;
let countriesPromise: Promise<Country[]> | null = null;

export function loadAllUnits(): Promise<Unit[]> {
  unitsPromise ??= getList<Unit>('/units');
  unitsPromise.catch(() => (unitsPromise = null));
  return unitsPromise;
}

export function loadCountries(): Promise<Country[]> {
  countriesPromise ??= getList<Country>('/countries');
  countriesPromise.catch(() => (countriesPromise = null));
  return countriesPromise;
}

/** Forgets the cached directory (after a logout, or a change). */
export function forgetDirectory(): void {
  unitsPromise = null;
  countriesPromise = null;
}

export interface DirectoryData {
  units: Unit[];
  countries: Country[];
  unitById: Map<Id, Unit>;
  countryByCode: Map<string, Country>;
  error: unknown;
  ready: boolean;
}

export function useDirectory(): DirectoryData {
  const [state, setState] = useState<DirectoryData>({
    units: [],
    countries: [],
    unitById: new Map(),
    countryByCode: new Map(),
    error: null,
    ready: false,
  });
  useEffect(() => {
    let live = true;
    Promise.all([loadAllUnits(), loadCountries().catch(() => [] as Country[])])
      .then(([units, countries]) => {
        if (!live) return;
        setState({
          units,
          countries,
          unitById: new Map(units.map((unit) => [unit.id, unit])),
          countryByCode: new Map(countries.map((country) => [country.code.toUpperCase(), country])),
          error: null,
          ready: true,
        });
      })
      .catch((error: unknown) => live && setState((previous) => ({ ...previous, error, ready: true })));
    return () => {
      live = false;
    };
  }, []);
  return state;
}
