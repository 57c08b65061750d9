// The area of an alert in CAP 1.2's text forms, read and written as the server does (src/modules/alerts/area.hpp):
//   polygon "lat,lon lat,lon …": WGS 84 degrees, a closed ring (first pair = last) of at least 4 pairs, not all on
//   one line, spanning at most 180° of longitude (it cannot cross the antimeridian);
//   circle "lat,lon radius": the radius in kilometres.
// The console checks the same rules before sending, so the composer can say which pair is wrong beside the text;
// the server checks again and decides. Also the great-circle maths the map needs: distances and circles as rings.

export interface LatLon {
  latitude: number;
  longitude: number;
}

/** What is wrong with a CAP text, with the pair (from 1) when it is about one. */
export type CapIssue =
  | { kind: 'empty' }
  | { kind: 'pair'; pair: number }
  | { kind: 'latitude'; pair: number }
  | { kind: 'longitude'; pair: number }
  | { kind: 'tooFew'; count: number }
  | { kind: 'notClosed' }
  | { kind: 'degenerate' }
  | { kind: 'antimeridian' }
  | { kind: 'radius' };

export type Parsed<T> = { ok: true; value: T } | { ok: false; issue: CapIssue };

export const EARTH_RADIUS_KM = 6371.0088;
const RADIANS = Math.PI / 180;

/** A decimal number as CAP writes them (a leading '+' allowed), finite. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/^\+/, '');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** A number typed by a person: a decimal comma is read as a point ("34,69" is 34.69). */
export function parseTypedNumber(text: string): number | null {
  return parseNumber(text.replace(',', '.'));
}

/** Degrees rounded to 5 decimals (about a metre), written without trailing zeros or an exponent. */
export function formatDegrees(value: number): string {
  const rounded = Math.round(value * 1e5) / 1e5;
  const text = (Object.is(rounded, -0) ? 0 : rounded).toFixed(5).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

export function formatPair(point: LatLon): string {
  return `${formatDegrees(point.latitude)},${formatDegrees(point.longitude)}`;
}

export function latitudeInRange(value: number): boolean {
  return value >= -90 && value <= 90;
}

export function longitudeInRange(value: number): boolean {
  return value >= -180 && value <= 180;
}

function parsePair(text: string, pair: number): Parsed<LatLon> {
  const parts = text.split(',');
  if (parts.length !== 2) return { ok: false, issue: { kind: 'pair', pair } };
  const latitude = parseNumber(parts[0]);
  const longitude = parseNumber(parts[1]);
  if (latitude === null || longitude === null) return { ok: false, issue: { kind: 'pair', pair } };
  if (!latitudeInRange(latitude)) return { ok: false, issue: { kind: 'latitude', pair } };
  if (!longitudeInRange(longitude)) return { ok: false, issue: { kind: 'longitude', pair } };
  return { ok: true, value: { latitude, longitude } };
}

/** Whether every point lies on one straight line in the latitude/longitude plane (the server's test). */
export function allOnOneLine(ring: LatLon[]): boolean {
  const origin = ring[0];
  let farthest = origin;
  let farthestSquared = 0;
  for (const point of ring) {
    const dx = point.longitude - origin.longitude;
    const dy = point.latitude - origin.latitude;
    if (dx * dx + dy * dy > farthestSquared) {
      farthestSquared = dx * dx + dy * dy;
      farthest = point;
    }
  }
  if (farthestSquared === 0) return true;
  const length = Math.sqrt(farthestSquared);
  const ux = (farthest.longitude - origin.longitude) / length;
  const uy = (farthest.latitude - origin.latitude) / length;
  return ring.every((point) => Math.abs(ux * (point.latitude - origin.latitude) - uy * (point.longitude - origin.longitude)) <= 1e-9);
}

/** The checks of a closed ring (first = last), in the server's order. */
export function checkRing(ring: LatLon[]): CapIssue | null {
  for (let index = 0; index < ring.length; index += 1) {
    if (!latitudeInRange(ring[index].latitude)) return { kind: 'latitude', pair: index + 1 };
    if (!longitudeInRange(ring[index].longitude)) return { kind: 'longitude', pair: index + 1 };
  }
  if (ring.length < 4) return { kind: 'tooFew', count: ring.length };
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first.latitude !== last.latitude || first.longitude !== last.longitude) return { kind: 'notClosed' };
  const longitudes = ring.map((point) => point.longitude);
  if (Math.max(...longitudes) - Math.min(...longitudes) > 180) return { kind: 'antimeridian' };
  if (allOnOneLine(ring)) return { kind: 'degenerate' };
  return null;
}

/** A CAP polygon's ring (the closing pair included). */
export function parsePolygon(text: string): Parsed<LatLon[]> {
  const pairs = text.trim().split(/\s+/).filter(Boolean);
  if (pairs.length === 0) return { ok: false, issue: { kind: 'empty' } };
  const ring: LatLon[] = [];
  for (let index = 0; index < pairs.length; index += 1) {
    const point = parsePair(pairs[index], index + 1);
    if (!point.ok) return point;
    ring.push(point.value);
  }
  const issue = checkRing(ring);
  return issue ? { ok: false, issue } : { ok: true, value: ring };
}

/** The corners of a polygon: its ring without the closing pair. */
export function cornersOf(ring: LatLon[]): LatLon[] {
  if (ring.length > 1) {
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first.latitude === last.latitude && first.longitude === last.longitude) return ring.slice(0, -1);
  }
  return ring;
}

/** The corners closed into a ring: the first pair written again at the end. */
export function ringOf(corners: LatLon[]): LatLon[] {
  return corners.length === 0 ? [] : [...corners, corners[0]];
}

/** A polygon's CAP text from its corners (closed here). Rounding may merge corners; the checks see the result. */
export function formatPolygon(corners: LatLon[]): string {
  return ringOf(corners).map(formatPair).join(' ');
}

export interface CircleArea {
  center: LatLon;
  radiusKm: number;
}

export function parseCircle(text: string): Parsed<CircleArea> {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { ok: false, issue: { kind: 'empty' } };
  if (parts.length !== 2) return { ok: false, issue: { kind: 'pair', pair: 1 } };
  const center = parsePair(parts[0], 1);
  if (!center.ok) return center;
  const radiusKm = parseNumber(parts[1]);
  if (radiusKm === null || radiusKm < 0) return { ok: false, issue: { kind: 'radius' } };
  return { ok: true, value: { center: center.value, radiusKm } };
}

/** Kilometres rounded to 3 decimals (a metre). */
export function formatKilometres(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '');
}

export function formatCircle(circle: CircleArea): string {
  return `${formatPair(circle.center)} ${formatKilometres(circle.radiusKm)}`;
}

/** Great-circle distance by the haversine formula, on the sphere the server uses. */
export function distanceKm(from: LatLon, to: LatLon): number {
  const halfLatitude = ((to.latitude - from.latitude) * RADIANS) / 2;
  const halfLongitude = ((to.longitude - from.longitude) * RADIANS) / 2;
  const term =
    Math.sin(halfLatitude) ** 2 + Math.cos(from.latitude * RADIANS) * Math.cos(to.latitude * RADIANS) * Math.sin(halfLongitude) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(term)));
}

/** The point `distance` km from `from` on the initial bearing (degrees clockwise from north). */
export function destination(from: LatLon, bearingDegrees: number, distance: number): LatLon {
  const angular = distance / EARTH_RADIUS_KM;
  const bearing = bearingDegrees * RADIANS;
  const latitude1 = from.latitude * RADIANS;
  const longitude1 = from.longitude * RADIANS;
  const latitude2 = Math.asin(Math.sin(latitude1) * Math.cos(angular) + Math.cos(latitude1) * Math.sin(angular) * Math.cos(bearing));
  const longitude2 =
    longitude1 + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(latitude1), Math.cos(angular) - Math.sin(latitude1) * Math.sin(latitude2));
  const longitude = ((((longitude2 / RADIANS + 540) % 360) + 360) % 360) - 180;
  return { latitude: latitude2 / RADIANS, longitude };
}

/** A circle as a ring of `steps` points (for drawing; CAP keeps the centre and radius). */
export function circleRing(circle: CircleArea, steps = 72): LatLon[] {
  const points: LatLon[] = [];
  for (let step = 0; step < steps; step += 1) points.push(destination(circle.center, (360 * step) / steps, circle.radiusKm));
  return points;
}

