import { describe, expect, it } from 'vitest';
import { safeLink } from './data';

describe('notification links', () => {
  it('follow console paths only', () => {
    expect(safeLink('/cables/12')).toBe('/cables/12');
    expect(safeLink('//evil.example/x')).toBeNull();
    expect(safeLink('/\\evil.example')).toBeNull();
    expect(safeLink('https://evil.example')).toBeNull();
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink('')).toBeNull();
    expect(safeLink(null)).toBeNull();
  });
});
