import { describe, expect, it } from 'vitest';
import { searchSegments, searchTermsOf } from './searchTerms';

const marked = (text: string, query: string) =>
  searchSegments(text, searchTermsOf(query))
    .filter((segment) => segment.marked)
    .map((segment) => segment.text);

describe('archive search highlighting', () => {
  it('reads the positive words, phrases and prefixes of a query', () => {
    expect(searchTermsOf('(typhoon OR bão) AND (evacuat* OR "sơ tán") NOT drill -test lang:vi title:=Hà')).toEqual([
      { words: ['typhoon'], prefix: false },
      { words: ['bao'], prefix: false },
      { words: ['evacuat'], prefix: true },
      { words: ['so', 'tan'], prefix: false },
      { words: ['ha'], prefix: false },
    ]);
    expect(searchTermsOf('typhoon NEAR/5 "da nang"')).toEqual([
      { words: ['typhoon'], prefix: false },
      { words: ['da', 'nang'], prefix: false },
    ]);
  });

  it('marks words whatever their case and accents, and phrases across spaces', () => {
    expect(marked('Bão số 9 đổ bộ Đà Nẵng, dân Đà Nẵng sơ tán', 'bao "da nang"')).toEqual(['Bão', 'Đà Nẵng', 'Đà Nẵng']);
    expect(marked('Authorities evacuated; EVACUATION ordered', 'evacuat*')).toEqual(['evacuated', 'EVACUATION']);
  });

  it('marks whole words only, and keeps the text whole', () => {
    const text = '🌀 Bão Kalmaegi: bao nhiêu? Bãobão';
    const segments = searchSegments(text, searchTermsOf('bao'));
    expect(segments.filter((segment) => segment.marked).map((segment) => segment.text)).toEqual(['Bão', 'bao']);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });

  it('marks nothing for facts or exclusions alone', () => {
    expect(marked('Tin tiếng Việt', 'lang:vi NOT tin')).toEqual([]);
  });
});
