import { describe, expect, it } from 'vitest';
import { choroplethBounds, choroplethClass } from './WorldMap';

describe('the choropleth scale', () => {
  it('puts nothing in class 0 and the largest count in the top class', () => {
    expect(choroplethClass(0, 100)).toBe(0);
    expect(choroplethClass(100, 100)).toBe(5);
    expect(choroplethClass(1, 100)).toBe(1);
    expect(choroplethClass(1, 1)).toBe(5);
  });

  it('names bounds that cover every count once, in the classes the map uses', () => {
    for (const max of [1, 2, 7, 100, 2345]) {
      const bounds = choroplethBounds(max);
      expect(bounds[0].low).toBe(1);
      expect(bounds[bounds.length - 1].high).toBe(max);
      for (let index = 1; index < bounds.length; index += 1) expect(bounds[index].low).toBe(bounds[index - 1].high + 1);
      for (const { level, low, high } of bounds) {
        expect(choroplethClass(low, max)).toBe(level);
        expect(choroplethClass(high, max)).toBe(level);
      }
    }
  });
});
