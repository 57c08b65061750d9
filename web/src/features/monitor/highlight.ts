// Highlighted snippets. The server marks matched words as [start, end) in BYTES of the snippet's text encoded as
// UTF-8 (MonitorSnippet.marks); JavaScript strings count UTF-16 units, so "Đà Nẵng" or an emoji would shift every
// later mark if the offsets were used as string indices. The text is encoded once, cut at the marks (moved out to
// whole characters should a mark ever fall inside one), and each piece decoded back.
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export interface Segment {
  text: string;
  marked: boolean;
}

function isContinuation(bytes: Uint8Array, at: number): boolean {
  return at > 0 && at < bytes.length && (bytes[at] & 0xc0) === 0x80;
}

/** The marks as sorted, non-overlapping byte ranges inside `length`, on character boundaries. */
export function normaliseMarks(bytes: Uint8Array, marks: readonly (readonly number[])[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const mark of marks) {
    if (!Array.isArray(mark) || mark.length < 2) continue;
    let start = Math.max(0, Math.min(bytes.length, Math.floor(Number(mark[0]))));
    let end = Math.max(0, Math.min(bytes.length, Math.floor(Number(mark[1]))));
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
    while (isContinuation(bytes, start)) start -= 1;
    while (isContinuation(bytes, end)) end += 1;
    ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** Splits `text` into plain and marked pieces; joined again they give `text` exactly. */
export function highlightSegments(text: string, marks: readonly (readonly number[])[] | null | undefined): Segment[] {
  if (!text) return [];
  const bytes = encoder.encode(text);
  const ranges = normaliseMarks(bytes, marks ?? []);
  if (ranges.length === 0) return [{ text, marked: false }];
  const segments: Segment[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) segments.push({ text: decoder.decode(bytes.subarray(at, start)), marked: false });
    segments.push({ text: decoder.decode(bytes.subarray(start, end)), marked: true });
    at = end;
  }
  if (at < bytes.length) segments.push({ text: decoder.decode(bytes.subarray(at)), marked: false });
  return segments;
}

/** The marked words of a snippet, each once, in order of appearance (for a screen reader's summary). */
export function markedWords(text: string, marks: readonly (readonly number[])[] | null | undefined): string[] {
  const words = highlightSegments(text, marks)
    .filter((segment) => segment.marked)
    .map((segment) => segment.text);
  return [...new Set(words)];
}
