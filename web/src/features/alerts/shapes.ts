// The shapes of an alert's area as the composer holds them: corners and circles as typed (strings, so that a number
// being typed is kept as it is), the points they stand for once they read as numbers, and their CAP texts both ways.
import {
  cornersOf,
  formatCircle,
  formatDegrees,
  formatKilometres,
  formatPolygon,
  latitudeInRange,
  longitudeInRange,
  parseCircle,
  parsePolygon,
  parseTypedNumber,
  type CircleArea,
  type LatLon,
} from './cap';

/** A corner as typed (a decimal comma is accepted). */
export interface CornerForm {
  latitude: string;
  longitude: string;
}

export interface PolygonForm {
  key: number;
  corners: CornerForm[];
  /** The CAP text while it is being typed (null: the text written from the corners is shown). */
  draft: string | null;
}

export interface CircleForm {
  key: number;
  latitude: string;
  longitude: string;
  /** Kilometres. */
  radius: string;
  draft: string | null;
}

let nextKey = 1;
/** A key for a new shape (React lists). */
export function shapeKey(): number {
  nextKey += 1;
  return nextKey;
}

export function cornerOf(point: LatLon): CornerForm {
  return { latitude: formatDegrees(point.latitude), longitude: formatDegrees(point.longitude) };
}

/** A typed corner as a point, or null when a number is missing, unreadable or out of range. */
export function pointOfCorner(corner: CornerForm): LatLon | null {
  const latitude = parseTypedNumber(corner.latitude);
  const longitude = parseTypedNumber(corner.longitude);
  if (latitude === null || longitude === null || !latitudeInRange(latitude) || !longitudeInRange(longitude)) return null;
  return { latitude, longitude };
}

/** The corners that can be drawn (the others are being typed). */
export function drawableCorners(polygon: PolygonForm): LatLon[] {
  return polygon.corners.map(pointOfCorner).filter((point): point is LatLon => point !== null);
}

/** The CAP text of a polygon's corners ('' while any is unreadable or there are none). */
export function polygonText(polygon: PolygonForm): string {
  const points = polygon.corners.map(pointOfCorner);
  if (points.length === 0 || points.some((point) => point === null)) return '';
  return formatPolygon(points as LatLon[]);
}

export function polygonOfText(key: number, text: string): PolygonForm | null {
  const parsed = parsePolygon(text);
  return parsed.ok ? { key, corners: cornersOf(parsed.value).map(cornerOf), draft: null } : null;
}

export function circleOf(key: number, circle: CircleArea): CircleForm {
  return {
    key,
    latitude: formatDegrees(circle.center.latitude),
    longitude: formatDegrees(circle.center.longitude),
    radius: formatKilometres(circle.radiusKm),
    draft: null,
  };
}

/** A circle's centre and radius, or null while one is unreadable (a radius must be above 0). */
export function circleArea(circle: CircleForm): CircleArea | null {
  const center = pointOfCorner({ latitude: circle.latitude, longitude: circle.longitude });
  const radiusKm = parseTypedNumber(circle.radius);
  if (!center || radiusKm === null || !(radiusKm > 0)) return null;
  return { center, radiusKm };
}

export function circleText(circle: CircleForm): string {
  const area = circleArea(circle);
  return area ? formatCircle(area) : '';
}

/** The circle a CAP text describes, keeping the key; null when the text is not a circle. */
export function circleOfText(key: number, text: string): CircleForm | null {
  const parsed = parseCircle(text);
  return parsed.ok ? circleOf(key, parsed.value) : null;
}
