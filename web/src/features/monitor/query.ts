// The query language as the editor needs it: where a syntax error is (the server says "column N: …", N counted in
// Unicode code points from 1), turned into a position in the JavaScript string, and the reference table shown
// beside the editor (the same rows as src/modules/monitor/README.md; their explanations are in the catalogues).
import type { MessageKey } from '../../i18n';

export interface SyntaxError {
  /** 1-based, in code points, as the server counts. */
  column: number;
  /** The server's explanation (English), without the "column N:" prefix. */
  message: string;
}

/** Reads "column 7: AND needs something on its right." (null when the text names no column). */
export function syntaxErrorOf(detail: string | null | undefined): SyntaxError | null {
  const found = /^\s*column\s+(\d+)\s*:\s*([\s\S]*)$/i.exec(detail ?? '');
  if (!found) return null;
  const column = Number(found[1]);
  if (!Number.isInteger(column) || column < 1) return null;
  return { column, message: found[2].trim() };
}

/**
 * The UTF-16 index in `text` of a 1-based code-point column (an emoji or a letter outside the BMP is one column
 * but two units). A column past the end gives the text's length (errors "at the end" point after the last word).
 */
export function indexOfColumn(text: string, column: number): number {
  let index = 0;
  let seen = 1;
  for (const character of text) {
    if (seen >= column) return index;
    index += character.length;
    seen += 1;
  }
  return text.length;
}

/** The text split around the character a syntax error points at (an empty `at` past the end). */
export function splitAtColumn(text: string, column: number): { before: string; at: string; after: string } {
  const index = indexOfColumn(text, column);
  const codePoint = text.codePointAt(index);
  const width = codePoint === undefined ? 0 : codePoint > 0xffff ? 2 : 1;
  return { before: text.slice(0, index), at: text.slice(index, index + width), after: text.slice(index + width) };
}

export interface ReferenceRow {
  example: string;
  meaning: MessageKey;
}

export const QUERY_REFERENCE: ReferenceRow[] = [
  { example: 'flood, Bão', meaning: 'monitor.ref.word' },
  { example: '"da nang"', meaning: 'monitor.ref.phrase' },
  { example: 'evacuat*', meaning: 'monitor.ref.prefix' },
  { example: '=Hà, ="Hà Nội"', meaning: 'monitor.ref.exact' },
  { example: 'a b, a AND b', meaning: 'monitor.ref.and' },
  { example: 'a OR b', meaning: 'monitor.ref.or' },
  { example: 'NOT a, -a', meaning: 'monitor.ref.not' },
  { example: '(a OR b) c', meaning: 'monitor.ref.group' },
  { example: 'typhoon NEAR/5 "da nang"', meaning: 'monitor.ref.near' },
  { example: 'title:flood, title:(a OR b)', meaning: 'monitor.ref.inTitle' },
  { example: 'lang:vi, country:VN, source:vnexpress', meaning: 'monitor.ref.facts' },
];
