// SVG paths of an alert's shapes in a view, and the view that shows them.
import type { AlertArea } from '../../shared/types';
import { circleRing, cornersOf, parseCircle, parsePolygon, ringOf, type CircleArea, type LatLon } from './cap';
import { boundsOf, fitBounds, project, unionBounds, type Bounds, type MapView } from './projection';

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** An open line through the points, or a closed shape with `closed`. */
export function pathOf(view: MapView, points: LatLon[], closed: boolean): string {
  if (points.length === 0) return '';
  const commands = points.map((point, index) => {
    const { x, y } = project(view, point);
    return `${index === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`;
  });
  return commands.join(' ') + (closed ? ' Z' : '');
}

export function circlePath(view: MapView, circle: CircleArea): string {
  return pathOf(view, circleRing(circle), true);
}

/** The box of the shapes: the corners of the polygons and the circles' rings. */
export function shapesBounds(polygons: LatLon[][], circles: CircleArea[], points: LatLon[] = []): Bounds | null {
  return unionBounds([
    boundsOf(polygons.flat()),
    boundsOf(circles.flatMap((circle) => circleRing(circle, 16))),
    boundsOf(points),
  ]);
}

/** The world, as far as the map goes (Antarctica left out). */
export const WORLD_VIEW: MapView = { centerLatitude: 20, centerLongitude: 10, spanLatitude: 140 };

/** A view around one point (a mission, when nothing else is known): about 6° high. */
export function viewAround(point: LatLon): MapView {
  return fitBounds({ south: point.latitude - 3, north: point.latitude + 3, west: point.longitude - 3, east: point.longitude + 3 }, 0);
}

/** The shapes of a stored area that read as shapes (polygons as closed rings). */
export function shapesOfArea(area: AlertArea): { polygons: LatLon[][]; circles: CircleArea[] } {
  return {
    polygons: (area.polygons ?? []).map((text) => parsePolygon(text)).flatMap((parsed) => (parsed.ok ? [ringOf(cornersOf(parsed.value))] : [])),
    circles: (area.circles ?? []).map((text) => parseCircle(text)).flatMap((parsed) => (parsed.ok ? [parsed.value] : [])),
  };
}
