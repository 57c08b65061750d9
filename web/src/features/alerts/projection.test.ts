import { describe, expect, it } from 'vitest';
import {
  dragTo,
  fitBounds,
  graticuleStep,
  MAP_HEIGHT,
  MAP_WIDTH,
  MAX_SPAN,
  MIN_SPAN,
  normalised,
  pan,
  project,
  spanLongitude,
  ticks,
  unproject,
  viewBounds,
  zoom,
  zoomTo,
  type MapView,
} from './projection';

const JAPAN: MapView = { centerLatitude: 36, centerLongitude: 138, spanLatitude: 16 };

describe('the projection', () => {
  it('puts the centre in the middle and the edges on the edges', () => {
    const centre = project(JAPAN, { latitude: 36, longitude: 138 });
    expect(centre.x).toBeCloseTo(MAP_WIDTH / 2, 9);
    expect(centre.y).toBeCloseTo(MAP_HEIGHT / 2, 9);
    const bounds = viewBounds(JAPAN);
    const northWest = project(JAPAN, { latitude: bounds.north, longitude: bounds.west });
    expect(northWest.x).toBeCloseTo(0, 9);
    expect(northWest.y).toBeCloseTo(0, 9);
    const southEast = project(JAPAN, { latitude: bounds.south, longitude: bounds.east });
    expect(southEast.x).toBeCloseTo(MAP_WIDTH, 9);
    expect(southEast.y).toBeCloseTo(MAP_HEIGHT, 9);
  });

  it('is inverted exactly by unproject (clicks land where they were made)', () => {
    for (const point of [
      { latitude: 34.69, longitude: 135.5 },
      { latitude: 43.06, longitude: 141.35 },
      { latitude: 31.2, longitude: 130.5 },
    ]) {
      const { x, y } = project(JAPAN, point);
      const back = unproject(JAPAN, x, y);
      expect(back.latitude).toBeCloseTo(point.latitude, 10);
      expect(back.longitude).toBeCloseTo(point.longitude, 10);
    }
  });

  it('keeps shapes in proportion at the centre: a degree of longitude is cos(latitude) of a degree of latitude', () => {
    const width = spanLongitude(JAPAN);
    expect((JAPAN.spanLatitude * (MAP_WIDTH / MAP_HEIGHT)) / width).toBeCloseTo(Math.cos((36 * Math.PI) / 180), 12);
    const a = project(JAPAN, { latitude: 36, longitude: 138 });
    const b = project(JAPAN, { latitude: 36, longitude: 139 });
    const c = project(JAPAN, { latitude: 37, longitude: 138 });
    expect((b.x - a.x) / (a.y - c.y)).toBeCloseTo(Math.cos((36 * Math.PI) / 180), 12);
  });
});

describe('views', () => {
  it('fit a box with a margin, whichever side is the longer', () => {
    const tall = fitBounds({ south: 30, north: 46, west: 129, east: 146 }, 0);
    const bounds = viewBounds(tall);
    expect(bounds.south).toBeLessThanOrEqual(30 + 1e-9);
    expect(bounds.north).toBeGreaterThanOrEqual(46 - 1e-9);
    expect(bounds.west).toBeLessThanOrEqual(129 + 1e-9);
    expect(bounds.east).toBeGreaterThanOrEqual(146 - 1e-9);
    const wide = fitBounds({ south: 10, north: 11, west: 100, east: 120 }, 0.1);
    const wideBounds = viewBounds(wide);
    expect(wideBounds.east - wideBounds.west).toBeCloseTo(20 * 1.2, 6);
  });

  it('stay on the globe and within the zoom limits', () => {
    expect(normalised({ centerLatitude: 89, centerLongitude: 0, spanLatitude: 20 }).centerLatitude).toBe(80);
    expect(normalised({ centerLatitude: 0, centerLongitude: 0, spanLatitude: 1e-6 }).spanLatitude).toBe(MIN_SPAN);
    expect(normalised({ centerLatitude: 0, centerLongitude: 0, spanLatitude: 500 }).spanLatitude).toBe(MAX_SPAN);
    expect(normalised({ centerLatitude: 0, centerLongitude: 250, spanLatitude: 5 }).centerLongitude).toBe(180);
  });

  it('zoom around a point that stays under the pointer', () => {
    const anchor = { latitude: 34.69, longitude: 135.5 };
    const before = project(JAPAN, anchor);
    const closer = zoom(JAPAN, 2, anchor);
    expect(closer.spanLatitude).toBe(8);
    const after = project(closer, anchor);
    expect(after.x).toBeCloseTo(before.x, 6);
    expect(after.y).toBeCloseTo(before.y, 6);
  });

  it('zoom to a point by centring on it', () => {
    const view = zoomTo(JAPAN, { latitude: 34.69, longitude: 135.5 }, 2);
    expect(view).toEqual({ centerLatitude: 34.69, centerLongitude: 135.5, spanLatitude: 8 });
  });

  it('pan by a share of the view', () => {
    expect(pan(JAPAN, 0, 0.25).centerLatitude).toBe(40);
    expect(pan(JAPAN, -0.5, 0).centerLongitude).toBeCloseTo(138 - spanLongitude(JAPAN) / 2, 9);
  });

  it('drag: what was under the pointer when the drag began stays under it', () => {
    const grabbed = unproject(JAPAN, 100, 100);
    for (const [x, y] of [
      [150, 130],
      [700, 20],
      [20, 480],
    ]) {
      const at = project(dragTo(JAPAN, grabbed, x, y), grabbed);
      expect(at.x).toBeCloseTo(x, 6);
      expect(at.y).toBeCloseTo(y, 6);
    }
  });
});

describe('the graticule', () => {
  it('draws a handful of lines at round degrees', () => {
    expect(graticuleStep(16)).toBe(5);
    expect(graticuleStep(2)).toBe(0.5);
    expect(graticuleStep(0.3)).toBe(0.05);
    expect(graticuleStep(160)).toBe(30);
  });

  it('lists the multiples of the step in a range, without rounding noise', () => {
    expect(ticks(34.02, 34.71, 0.1)).toEqual([34.1, 34.2, 34.3, 34.4, 34.5, 34.6, 34.7]);
    expect(ticks(-12, 12, 5)).toEqual([-10, -5, 0, 5, 10]);
  });
});
