import { describe, expect, it } from 'vitest';
import { highlightSegments, markedWords } from './highlight';

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** The byte range of `word` in `text` (its first occurrence after `from` characters). */
function markOf(text: string, word: string, from = 0): [number, number] {
  const index = text.indexOf(word, from);
  const start = bytes(text.slice(0, index));
  return [start, start + bytes(word)];
}

describe('highlightSegments', () => {
  it('marks ASCII words', () => {
    const text = 'Typhoon nears Manila; evacuations begin';
    expect(highlightSegments(text, [markOf(text, 'Typhoon'), markOf(text, 'evacuations')])).toEqual([
      { text: 'Typhoon', marked: true },
      { text: ' nears Manila; ', marked: false },
      { text: 'evacuations', marked: true },
      { text: ' begin', marked: false },
    ]);
  });

  it('counts Vietnamese letters in UTF-8 bytes, not UTF-16 units', () => {
    const text = '…Cơn bão số 9 đã đổ bộ vào Đà Nẵng sáng nay';
    const marks = [markOf(text, 'bão'), markOf(text, 'Đà Nẵng')];
    // Used as string indices these offsets would cut "ão số 9 đ…": the bytes are not the characters.
    expect(marks[1][0]).not.toBe(text.indexOf('Đà Nẵng'));
    const segments = highlightSegments(text, marks);
    expect(segments.filter((segment) => segment.marked).map((segment) => segment.text)).toEqual(['bão', 'Đà Nẵng']);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });

  it('handles emoji (4 bytes, 2 UTF-16 units) before and inside marks', () => {
    const text = '🌀🌀 Bão Kalmaegi 🇵🇭 đổ bộ — 😱 sơ tán';
    const marks = [markOf(text, 'Kalmaegi'), markOf(text, 'sơ tán'), markOf(text, '🇵🇭')];
    const segments = highlightSegments(text, marks);
    expect(segments.filter((segment) => segment.marked).map((segment) => segment.text)).toEqual(['Kalmaegi', '🇵🇭', 'sơ tán']);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });

  it('merges overlapping marks, ignores empty or out-of-range ones and never cuts a character', () => {
    const text = 'Hà Nội mưa lớn';
    const [start, end] = markOf(text, 'Nội');
    const segments = highlightSegments(text, [
      [start, end - 1], // ends inside "ộ" (3 bytes): widened to the whole letter
      [start + 1, end], // overlaps the first
      [5, 5], // empty
      [200, 300], // beyond the text
      [-4, 1], // starts before it
    ]);
    expect(segments).toEqual([
      { text: 'H', marked: true },
      { text: 'à ', marked: false },
      { text: 'Nội', marked: true },
      { text: ' mưa lớn', marked: false },
    ]);
  });

  it('gives the text alone without marks, and nothing for no text', () => {
    expect(highlightSegments('Không có gì', [])).toEqual([{ text: 'Không có gì', marked: false }]);
    expect(highlightSegments('Không có gì', undefined)).toEqual([{ text: 'Không có gì', marked: false }]);
    expect(highlightSegments('', [[0, 3]])).toEqual([]);
  });

  it('lists each marked word once', () => {
    const text = 'bão, bão và lũ';
    expect(markedWords(text, [markOf(text, 'bão'), markOf(text, 'bão', 2), markOf(text, 'lũ')])).toEqual(['bão', 'lũ']);
  });
});
