// What the alert screens read besides alerts: the units where the user may send (or approve) them, a unit's
// jurisdiction (the countries of its missions; every country for a headquarters unit, as the server decides) and
// its time zone, and the API calls several screens make.
import { useMemo } from 'react';
import { api } from '../../shared/api';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import type { Alert, AlertPage, Country, Id, Locale, Me, Unit } from '../../shared/types';
import { HQ_TIME_ZONE } from '../../i18n';
import { isMission, useDirectory, type DirectoryData } from '../directory/data';
import { unitsWith } from '../monitor/units';
import type { LatLon } from './cap';
import { mayFollow } from './alertForm';

/** Whether the user sees the alerts at all: alerts_send or alerts_approve somewhere. */
export function maySeeAlerts(me: Me | null): boolean {
  return hasPermission(me, 'alerts_send') || hasPermission(me, 'alerts_approve');
}

/** The countries a unit alerts: those of which it is a mission, or 'world' for a headquarters unit. */
export function jurisdictionOf(unit: Unit | undefined, countries: Country[]): string[] | 'world' {
  if (!unit) return [];
  if (!isMission(unit)) return 'world';
  return countries.filter((country) => (country.missions ?? []).includes(unit.id)).map((country) => country.code.toUpperCase());
}

export function timeZoneOf(unit: Unit | undefined): string {
  return unit?.time_zone || HQ_TIME_ZONE;
}

export function placeOf(unit: Unit | undefined): LatLon | null {
  if (!unit || typeof unit.latitude !== 'number' || typeof unit.longitude !== 'number') return null;
  return { latitude: unit.latitude, longitude: unit.longitude };
}

export interface AlertUnits {
  directory: DirectoryData;
  /** Units where the user holds alerts_send. */
  sendable: Unit[];
}

export function useAlertUnits(): AlertUnits {
  const { me } = useSession();
  const directory = useDirectory();
  const sendable = useMemo(() => unitsWith(me, 'alerts_send', directory.units), [me, directory.units]);
  return { directory, sendable };
}

/** The newest alerts the user may see (one page of at most 200; older ones with `before`). */
export function listAlerts(before: Id | null, signal?: AbortSignal): Promise<AlertPage> {
  return api.get<AlertPage>('/alerts', { query: { before, limit: 100 }, signal });
}

/** The sent alerts of a unit an Update or a Cancel may follow (newest first). */
export async function followableAlerts(unitId: Id, signal?: AbortSignal): Promise<Alert[]> {
  const page = await api.get<AlertPage>('/alerts', { query: { limit: 200 }, signal });
  return page.items.filter((alert) => alert.unit_id === unitId && mayFollow(alert));
}

export const capXmlUrl = (id: Id) => `/api/v1/alerts/${id}/cap.xml`;

/** The headline in the reader's language, else Vietnamese, else the first. */
export function headlineOf(alert: Pick<Alert, 'texts'>, locale: Locale): string {
  const texts = alert.texts ?? [];
  return (texts.find((text) => text.language === locale) ?? texts.find((text) => text.language === 'vi') ?? texts[0])?.headline ?? '';
}
