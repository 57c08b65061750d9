import { describe, expect, it } from 'vitest';
import {
  circleRing,
  cornersOf,
  destination,
  distanceKm,
  formatCircle,
  formatDegrees,
  formatPolygon,
  parseCircle,
  parsePolygon,
  parseTypedNumber,
} from './cap';

const OSAKA = [
  { latitude: 34.55, longitude: 135.35 },
  { latitude: 34.85, longitude: 135.35 },
  { latitude: 34.85, longitude: 135.7 },
  { latitude: 34.55, longitude: 135.7 },
];

describe('CAP polygons', () => {
  it('writes the corners as a closed ring and reads it back to the same corners', () => {
    const text = formatPolygon(OSAKA);
    expect(text).toBe('34.55,135.35 34.85,135.35 34.85,135.7 34.55,135.7 34.55,135.35');
    const parsed = parsePolygon(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(cornersOf(parsed.value)).toEqual(OSAKA);
  });

  it('rounds to 5 decimals without trailing zeros, exponents or "-0"', () => {
    expect(formatDegrees(34.123456789)).toBe('34.12346');
    expect(formatDegrees(135)).toBe('135');
    expect(formatDegrees(1e-7)).toBe('0');
    expect(formatDegrees(-0.000001)).toBe('0');
    expect(formatDegrees(-12.5)).toBe('-12.5');
  });

  it('accepts any whitespace between pairs and a leading +', () => {
    const parsed = parsePolygon('  10,20\n11,20\t11,+21   10,20 ');
    expect(parsed.ok).toBe(true);
  });

  it('names the pair that is wrong, as the server does', () => {
    expect(parsePolygon('10,20 11;20 11,21 10,20')).toEqual({ ok: false, issue: { kind: 'pair', pair: 2 } });
    expect(parsePolygon('10,20 11,20 91,21 10,20')).toEqual({ ok: false, issue: { kind: 'latitude', pair: 3 } });
    expect(parsePolygon('10,20 11,20 11,181 10,20')).toEqual({ ok: false, issue: { kind: 'longitude', pair: 3 } });
    expect(parsePolygon('10,20 11,abc 11,21 10,20')).toEqual({ ok: false, issue: { kind: 'pair', pair: 2 } });
  });

  it('refuses rings that are too short, open, flat or across the antimeridian', () => {
    expect(parsePolygon('')).toEqual({ ok: false, issue: { kind: 'empty' } });
    expect(parsePolygon('10,20 11,20 10,20')).toEqual({ ok: false, issue: { kind: 'tooFew', count: 3 } });
    expect(parsePolygon('10,20 11,20 11,21 10,21')).toEqual({ ok: false, issue: { kind: 'notClosed' } });
    expect(parsePolygon('10,20 11,21 12,22 10,20')).toEqual({ ok: false, issue: { kind: 'degenerate' } });
    expect(parsePolygon('10,-170 11,-170 11,175 10,-170')).toEqual({ ok: false, issue: { kind: 'antimeridian' } });
  });
});

describe('CAP circles', () => {
  it('reads and writes "lat,lon radius"', () => {
    expect(parseCircle('34.6937,135.5023 12.5')).toEqual({ ok: true, value: { center: { latitude: 34.6937, longitude: 135.5023 }, radiusKm: 12.5 } });
    expect(formatCircle({ center: { latitude: 34.693712345, longitude: 135.5 }, radiusKm: 12.34567 })).toBe('34.69371,135.5 12.346');
  });

  it('refuses a circle without a radius, with a negative one, or with a bad centre', () => {
    expect(parseCircle('34.69,135.50')).toEqual({ ok: false, issue: { kind: 'pair', pair: 1 } });
    expect(parseCircle('34.69,135.50 -1')).toEqual({ ok: false, issue: { kind: 'radius' } });
    expect(parseCircle('95,135.50 10')).toEqual({ ok: false, issue: { kind: 'latitude', pair: 1 } });
  });
});

describe('numbers typed by people', () => {
  it('reads a decimal comma and refuses words', () => {
    expect(parseTypedNumber('34,6937')).toBe(34.6937);
    expect(parseTypedNumber(' -12.5 ')).toBe(-12.5);
    expect(parseTypedNumber('12e3')).toBeNull();
    expect(parseTypedNumber('north')).toBeNull();
    expect(parseTypedNumber('')).toBeNull();
  });
});

describe('great circles', () => {
  it('measures Hanoi to Ho Chi Minh City as about 1,140 km', () => {
    const km = distanceKm({ latitude: 21.0285, longitude: 105.8542 }, { latitude: 10.8231, longitude: 106.6297 });
    expect(km).toBeGreaterThan(1130);
    expect(km).toBeLessThan(1150);
  });

  it('finds the point at a distance and bearing, and back', () => {
    const start = { latitude: 34.6937, longitude: 135.5023 };
    const east = destination(start, 90, 50);
    expect(distanceKm(start, east)).toBeCloseTo(50, 6);
    expect(east.longitude).toBeGreaterThan(start.longitude);
    const north = destination(start, 0, 111.2);
    expect(north.latitude - start.latitude).toBeCloseTo(1, 2);
  });

  it('wraps longitudes across the antimeridian', () => {
    const point = destination({ latitude: 0, longitude: 179.9 }, 90, 50);
    expect(point.longitude).toBeLessThan(-179);
  });

  it('draws a circle as a ring of points all at the radius', () => {
    const circle = { center: { latitude: 60, longitude: 10 }, radiusKm: 25 };
    const ring = circleRing(circle, 36);
    expect(ring).toHaveLength(36);
    for (const point of ring) expect(distanceKm(circle.center, point)).toBeCloseTo(25, 6);
  });
});
