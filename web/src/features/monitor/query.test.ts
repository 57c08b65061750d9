import { describe, expect, it } from 'vitest';
import { indexOfColumn, splitAtColumn, syntaxErrorOf } from './query';

describe('syntaxErrorOf', () => {
  it('reads the column and the message of the server', () => {
    expect(syntaxErrorOf('column 7: AND needs something on its right.')).toEqual({ column: 7, message: 'AND needs something on its right.' });
    expect(syntaxErrorOf('column 12: this phrase has no closing ".')).toEqual({ column: 12, message: 'this phrase has no closing ".' });
  });

  it('gives null for other texts', () => {
    expect(syntaxErrorOf('A query is at most 4,000 bytes.')).toBeNull();
    expect(syntaxErrorOf('column x: nope')).toBeNull();
    expect(syntaxErrorOf('column 0: nope')).toBeNull();
    expect(syntaxErrorOf(undefined)).toBeNull();
  });
});

describe('indexOfColumn', () => {
  it('counts code points from 1', () => {
    expect(indexOfColumn('flood AND', 7)).toBe(6);
    expect(indexOfColumn('flood AND', 1)).toBe(0);
  });

  it('counts an emoji as one column and Vietnamese letters as one each', () => {
    // "Đà Nẵng ()": the server says column 9 for the empty parentheses.
    expect('Đà Nẵng ()'.slice(indexOfColumn('Đà Nẵng ()', 9))).toBe('()');
    const text = '🌀 bão AND';
    expect(text.slice(indexOfColumn(text, 7))).toBe('AND');
  });

  it('points past the end for a column after the last character', () => {
    expect(indexOfColumn('flood AND', 40)).toBe(9);
  });
});

describe('splitAtColumn', () => {
  it('isolates the character pointed at, whole', () => {
    expect(splitAtColumn('flood)', 6)).toEqual({ before: 'flood', at: ')', after: '' });
    expect(splitAtColumn('🌀) x', 1)).toEqual({ before: '', at: '🌀', after: ') x' });
    expect(splitAtColumn('a OR', 9)).toEqual({ before: 'a OR', at: '', after: '' });
  });
});
