// Highlighting for the archive search. GET /monitor/articles?q= answers which articles match but not where (the
// article's `matches` are those of the standing queries), so the console marks the words the query looks for
// itself: its positive words, prefixes and phrases (not what follows NOT or -, not lang:/country:/source:), found
// as the server finds them, whatever their case and accents ("ha noi" marks "Hà Nội"), at word boundaries.
import type { Segment } from './highlight';

export interface SearchTerm {
  /** Folded words ("da", "nang"). */
  words: string[];
  /** The last word is a prefix (evacuat*). */
  prefix: boolean;
}

/** Lower case without accents, đ as d: one character in, one out (so that positions map back). */
export function foldCharacter(character: string): string {
  const lower = character.toLowerCase();
  if (lower === 'đ') return 'd';
  const base = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return base.length === 1 ? base : lower.length === 1 ? lower : character;
}

const FACTS = /^(lang|country|source):/i;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);

export function searchTermsOf(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const tokens = query.match(/-?=?(?:\w+:)?(?:"[^"]*"?|[^\s()"]+)|[()]/gu) ?? [];
  let negate = false;
  for (const raw of tokens) {
    if (raw === '(' || raw === ')') {
      negate = false;
      continue;
    }
    if (OPERATORS.has(raw)) {
      negate = raw === 'NOT';
      continue;
    }
    if (/^NEAR\/\d+$/.test(raw)) continue;
    let token = raw;
    const excluded = negate || token.startsWith('-');
    negate = false;
    if (excluded || FACTS.test(token.replace(/^[-=]+/, ''))) continue;
    token = token.replace(/^=/, '').replace(/^title:/i, '').replace(/^=/, '');
    const text = token.replace(/^"|"$/g, '');
    const prefix = text.endsWith('*');
    const words = [...text.replace(/\*$/, '').matchAll(/[\p{L}\p{N}]+/gu)].map((found) => [...found[0]].map(foldCharacter).join(''));
    if (words.length > 0 && words.every((word) => word.length > 0)) terms.push({ words, prefix });
  }
  return terms;
}

interface Word {
  folded: string;
  start: number;
  end: number;
}

function wordsOf(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((found) => ({
    folded: [...found[0]].map(foldCharacter).join('').replace(/[\u0300-\u036f]/g, ''),
    start: found.index ?? 0,
    end: (found.index ?? 0) + found[0].length,
  }));
}

/** `text` split into plain and marked pieces where the terms occur (joined again they give `text`). */
export function searchSegments(text: string, terms: SearchTerm[]): Segment[] {
  if (!text) return [];
  const words = wordsOf(text);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    for (let index = 0; index + term.words.length <= words.length; index += 1) {
      const hit = term.words.every((word, offset) => {
        const candidate = words[index + offset].folded;
        const last = offset === term.words.length - 1;
        return last && term.prefix ? candidate.startsWith(word) : candidate === word;
      });
      if (hit) ranges.push([words[index].start, words[index + term.words.length - 1].end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const segments: Segment[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) segments.push({ text: text.slice(at, from), marked: false });
    segments.push({ text: text.slice(from, end), marked: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), marked: false });
  return segments;
}
