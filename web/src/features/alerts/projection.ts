// The map of the alert composer: an equirectangular projection of a region, drawn in an SVG of fixed proportions.
// A view is its centre and its height in degrees of latitude; its width in degrees of longitude follows from the
// proportions of the drawing and the cosine of the centre's latitude (the standard parallel), so that shapes near
// the centre keep their proportions. Both axes are linear in degrees: x grows with the longitude, y with the
// distance south of the view's north edge, which keeps the inverse exact for clicks and drags.
import type { LatLon } from './cap';

export const MAP_WIDTH = 800;
export const MAP_HEIGHT = 500;

/** The smallest and largest heights of a view, in degrees of latitude. */
export const MIN_SPAN = 0.02;
export const MAX_SPAN = 160;

export interface MapView {
  centerLatitude: number;
  centerLongitude: number;
  /** The height of the view in degrees of latitude. */
  spanLatitude: number;
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

const RADIANS = Math.PI / 180;

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** The cosine of the standard parallel (kept above 0.2, so that polar views do not stretch without end). */
export function parallelScale(view: MapView): number {
  return Math.max(0.2, Math.cos(view.centerLatitude * RADIANS));
}

export function spanLongitude(view: MapView): number {
  return (view.spanLatitude * (MAP_WIDTH / MAP_HEIGHT)) / parallelScale(view);
}

/** The edges of a view, in degrees. */
export function viewBounds(view: MapView): Bounds {
  const halfLatitude = view.spanLatitude / 2;
  const halfLongitude = spanLongitude(view) / 2;
  return {
    south: view.centerLatitude - halfLatitude,
    north: view.centerLatitude + halfLatitude,
    west: view.centerLongitude - halfLongitude,
    east: view.centerLongitude + halfLongitude,
  };
}

/** A view, kept on the globe: its height within the limits, its centre so that the edges stay within ±90°. */
export function normalised(view: MapView): MapView {
  const spanLatitude = clamp(view.spanLatitude, MIN_SPAN, MAX_SPAN);
  const half = spanLatitude / 2;
  return {
    spanLatitude,
    centerLatitude: clamp(view.centerLatitude, -90 + half, 90 - half),
    centerLongitude: clamp(view.centerLongitude, -180, 180),
  };
}

/** Degrees → the SVG's coordinates (0…MAP_WIDTH, 0…MAP_HEIGHT inside the view). */
export function project(view: MapView, point: LatLon): { x: number; y: number } {
  const bounds = viewBounds(view);
  return {
    x: ((point.longitude - bounds.west) / (bounds.east - bounds.west)) * MAP_WIDTH,
    y: ((bounds.north - point.latitude) / (bounds.north - bounds.south)) * MAP_HEIGHT,
  };
}

/** The SVG's coordinates → degrees (the inverse of project). */
export function unproject(view: MapView, x: number, y: number): LatLon {
  const bounds = viewBounds(view);
  return {
    latitude: bounds.north - (y / MAP_HEIGHT) * (bounds.north - bounds.south),
    longitude: bounds.west + (x / MAP_WIDTH) * (bounds.east - bounds.west),
  };
}

/** The smallest view showing `bounds` with a margin of `padding` (a share of each side). */
export function fitBounds(bounds: Bounds, padding = 0.12): MapView {
  const centerLatitude = (bounds.south + bounds.north) / 2;
  const centerLongitude = (bounds.west + bounds.east) / 2;
  const height = Math.max(bounds.north - bounds.south, MIN_SPAN);
  const width = Math.max(bounds.east - bounds.west, MIN_SPAN);
  const scale = Math.max(0.2, Math.cos(centerLatitude * RADIANS));
  // The height needed for the width, given the proportions and the parallel's scale.
  const heightForWidth = (width * scale * MAP_HEIGHT) / MAP_WIDTH;
  const spanLatitude = Math.max(height, heightForWidth) * (1 + 2 * padding);
  return normalised({ centerLatitude, centerLongitude, spanLatitude });
}

/** The view `factor` times closer (2: twice as close), keeping `anchor` where it is on the screen. */
export function zoom(view: MapView, factor: number, anchor?: LatLon): MapView {
  const next = normalised({ ...view, spanLatitude: view.spanLatitude / factor });
  if (!anchor) return next;
  // The anchor's share of the view before the zoom, kept after it.
  const before = viewBounds(view);
  const shareX = (anchor.longitude - before.west) / (before.east - before.west);
  const shareY = (before.north - anchor.latitude) / (before.north - before.south);
  const centerLatitude = anchor.latitude + (shareY - 0.5) * next.spanLatitude;
  // The width at the new centre's parallel.
  const spanX = spanLongitude({ ...next, centerLatitude });
  return normalised({ spanLatitude: next.spanLatitude, centerLatitude, centerLongitude: anchor.longitude - (shareX - 0.5) * spanX });
}

/** The view centred on `point`, `factor` times closer. */
export function zoomTo(view: MapView, point: LatLon, factor: number): MapView {
  return normalised({ centerLatitude: point.latitude, centerLongitude: point.longitude, spanLatitude: view.spanLatitude / factor });
}

/** The view moved by a share of its size: east (+x) and north (+y). */
export function pan(view: MapView, shareEast: number, shareNorth: number): MapView {
  return normalised({
    ...view,
    centerLatitude: view.centerLatitude + shareNorth * view.spanLatitude,
    centerLongitude: view.centerLongitude + shareEast * spanLongitude(view),
  });
}

/**
 * The view in which `grabbed` (the point under the pointer when the drag began) lies under SVG (x, y): a drag of the
 * map. The latitude is settled first, since the width in degrees depends on the centre's parallel.
 */
export function dragTo(view: MapView, grabbed: LatLon, x: number, y: number): MapView {
  const north = grabbed.latitude + (y / MAP_HEIGHT) * view.spanLatitude;
  const centerLatitude = north - view.spanLatitude / 2;
  const width = spanLongitude({ ...view, centerLatitude });
  const west = grabbed.longitude - (x / MAP_WIDTH) * width;
  return normalised({ spanLatitude: view.spanLatitude, centerLatitude, centerLongitude: west + width / 2 });
}

const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 45];

/** The graticule's step: the smallest of the usual steps that draws at most `most` lines across the height. */
export function graticuleStep(spanLatitude: number, most = 6): number {
  return STEPS.find((step) => spanLatitude / step <= most) ?? 45;
}

/** The multiples of `step` within [low, high] (rounded, so 0.1 × 3 is 0.3, not 0.30000000000000004). */
export function ticks(low: number, high: number, step: number): number[] {
  const values: number[] = [];
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let index = Math.ceil(low / step); index * step <= high + 1e-9; index += 1) {
    values.push(Number((index * step).toFixed(digits)));
  }
  return values;
}

/** The smallest box holding the points (null for none). */
export function boundsOf(points: LatLon[]): Bounds | null {
  if (points.length === 0) return null;
  const latitudes = points.map((point) => point.latitude);
  const longitudes = points.map((point) => point.longitude);
  return { south: Math.min(...latitudes), north: Math.max(...latitudes), west: Math.min(...longitudes), east: Math.max(...longitudes) };
}

export function unionBounds(boxes: (Bounds | null | undefined)[]): Bounds | null {
  const present = boxes.filter((box): box is Bounds => !!box);
  if (present.length === 0) return null;
  return {
    south: Math.min(...present.map((box) => box.south)),
    north: Math.max(...present.map((box) => box.north)),
    west: Math.min(...present.map((box) => box.west)),
    east: Math.max(...present.map((box) => box.east)),
  };
}

/** Whether two boxes overlap (edges included). */
export function intersects(a: Bounds, b: Bounds): boolean {
  return a.south <= b.north && b.south <= a.north && a.west <= b.east && b.west <= a.east;
}
