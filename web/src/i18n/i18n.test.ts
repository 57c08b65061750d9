import { describe, expect, it } from 'vitest';
import { vi } from './vi';
import { en } from './en';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('catalogues', () => {
  it('have exactly the same keys in vi and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('have no empty strings', () => {
    for (const [key, text] of [...Object.entries(vi), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });

  it('have both plural forms for every plural key', () => {
    for (const key of Object.keys(vi)) {
      if (key.endsWith('.one')) expect(Object.keys(vi)).toContain(key.replace(/\.one$/, '.other'));
    }
  });
});
