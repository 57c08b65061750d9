import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { ApiError } from '../../shared/api';
import type { Attachment } from '../../shared/types';
import {
  attachmentIds,
  claimedItems,
  fileKind,
  heldCount,
  humanSize,
  isPreviewable,
  isUploading,
  sizeParts,
  TooManyFiles,
  uploadProblem,
  uploadsReducer,
  type UploadItem,
} from './model';

function attachment(id: number, overrides: Partial<Attachment> = {}): Attachment {
  return {
    id,
    filename: `file-${id}.pdf`,
    media_type: 'application/pdf',
    size_bytes: 73,
    sha256: 'ab'.repeat(32),
    created_at: '2026-01-01T00:00:00Z',
    url: `/api/v1/attachments/${id}`,
    ...overrides,
  };
}

describe('file sizes', () => {
  it('picks the largest unit that keeps the number at least 1, with one decimal below 10', () => {
    expect(sizeParts(0)).toEqual({ value: 0, unit: 'B', fractionDigits: 0 });
    expect(sizeParts(1023)).toMatchObject({ value: 1023, unit: 'B' });
    expect(sizeParts(1536)).toEqual({ value: 1.5, unit: 'KB', fractionDigits: 1 });
    expect(sizeParts(25 * 1024 * 1024)).toEqual({ value: 25, unit: 'MB', fractionDigits: 0 });
    expect(sizeParts(3 * 1024 ** 3)).toMatchObject({ unit: 'GB' });
  });

  it('writes the number in the reader’s locale with the unit from the catalogue', () => {
    const vi = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('vi', key, params);
    const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);
    expect(humanSize(73, 'en', en)).toBe('73 B');
    expect(humanSize(73, 'vi', vi)).toBe('73 byte');
    expect(humanSize(1536, 'en', en)).toBe('1.5 KB');
    expect(humanSize(1536, 'vi', vi)).toBe('1,5 KB');
    // One decimal is cut, not rounded up: a file just under 2 MB does not read as 2 MB.
    expect(humanSize(2 * 1024 * 1024 - 1, 'en', en)).toBe('1.9 MB');
    expect(humanSize(12.6 * 1024 * 1024, 'en', en)).toBe('13 MB');
  });
});

describe('file kinds', () => {
  it('follows the detected media type first, then the extension', () => {
    expect(fileKind('application/pdf', 'x.bin')).toBe('pdf');
    expect(fileKind('image/webp', 'photo.webp')).toBe('image');
    expect(fileKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx')).toBe('document');
    expect(fileKind('application/vnd.oasis.opendocument.spreadsheet', 'a.ods')).toBe('spreadsheet');
    expect(fileKind('application/vnd.ms-powerpoint', 'a.ppt')).toBe('presentation');
    // libmagic calls CSV plain text: the name tells it apart.
    expect(fileKind('text/plain', 'data.csv')).toBe('spreadsheet');
    expect(fileKind('text/plain', 'notes.txt')).toBe('text');
    expect(fileKind(undefined, 'Báo cáo.PDF')).toBe('pdf');
    expect(fileKind(undefined, 'archive')).toBe('other');
  });

  it('previews only the raster images the server accepts', () => {
    expect(isPreviewable({ media_type: 'image/png' })).toBe(true);
    expect(isPreviewable({ media_type: 'image/svg+xml' })).toBe(false);
    expect(isPreviewable({ media_type: 'application/pdf' })).toBe(false);
  });
});

describe('the files of a composer', () => {
  it('goes from uploading to uploaded or refused, and sends only uploaded ids', () => {
    let items: UploadItem[] = claimedItems([attachment(1)]);
    items = uploadsReducer(items, { type: 'added', key: 'a', filename: 'a.pdf', size: 10 });
    items = uploadsReducer(items, { type: 'added', key: 'b', filename: 'b.pdf', size: 20 });
    expect(isUploading(items)).toBe(true);
    expect(attachmentIds(items)).toEqual([1]);
    items = uploadsReducer(items, { type: 'uploaded', key: 'a', attachment: attachment(2) });
    items = uploadsReducer(items, { type: 'failed', key: 'b', error: new Error('x') });
    expect(isUploading(items)).toBe(false);
    expect(attachmentIds(items)).toEqual([1, 2]);
    expect(items.map((item) => item.state)).toEqual(['done', 'done', 'failed']);
    expect(items[1]).toMatchObject({ claimed: false });
    expect(heldCount(items)).toBe(2);
  });

  it('ignores a late answer for a file already removed', () => {
    let items: UploadItem[] = uploadsReducer([], { type: 'added', key: 'a', filename: 'a.pdf', size: 10 });
    items = uploadsReducer(items, { type: 'removed', key: 'a' });
    expect(uploadsReducer(items, { type: 'uploaded', key: 'a', attachment: attachment(2) })).toEqual([]);
  });

  it('takes the saved owner’s files as claimed, keeping uploads still running and refusals', () => {
    let items: UploadItem[] = claimedItems([attachment(1)]);
    items = uploadsReducer(items, { type: 'added', key: 'a', filename: 'a.pdf', size: 10 });
    items = uploadsReducer(items, { type: 'uploaded', key: 'a', attachment: attachment(2) });
    items = uploadsReducer(items, { type: 'added', key: 'c', filename: 'c.pdf', size: 10 });
    const saved = [attachment(1, { url: '/api/v1/cables/7/attachments/1' }), attachment(2, { url: '/api/v1/cables/7/attachments/2' })];
    items = uploadsReducer(items, { type: 'claimed', attachments: saved });
    expect(items.map((item) => [item.state, item.state === 'done' ? item.claimed : null])).toEqual([
      ['done', true],
      ['done', true],
      ['uploading', null],
    ]);
    expect(items[1].state === 'done' && items[1].attachment.url).toBe('/api/v1/cables/7/attachments/2');
    expect(uploadsReducer(items, { type: 'cleared' })).toEqual([]);
  });
});

describe('refused uploads', () => {
  const problem = (status: number, extra: Record<string, string> = {}) => new ApiError({ status, ...extra });

  it('explains the server’s refusals, with its own words where they help', () => {
    const html = problem(415, { reason: 'unsupported_media_type', detail: 'Files of type text/html cannot be attached.' });
    expect(uploadProblem(html)).toEqual({ key: 'attachments.error.type', detail: 'Files of type text/html cannot be attached.' });
    expect(uploadProblem(problem(413, { reason: 'payload_too_large' }))).toEqual({ key: 'attachments.error.tooLarge', params: { max: 25 } });
    expect(uploadProblem(problem(429, { detail: 'You have 50 uploads' }))).toEqual({ key: 'attachments.error.tooManyPending', detail: 'You have 50 uploads' });
    expect(uploadProblem(problem(400, { field: 'body', detail: 'The file is empty.' }))).toEqual({ key: 'attachments.error.empty' });
    expect(uploadProblem(new TooManyFiles(20))).toEqual({ key: 'attachments.error.tooManyFiles', params: { max: 20 } });
  });

  it('reads a cut connection on a file above the limit as too large, otherwise as a network failure', () => {
    expect(uploadProblem(problem(0), 30 * 1024 * 1024).key).toBe('attachments.error.tooLarge');
    expect(uploadProblem(problem(0), 1024).key).toBe('error.network');
  });
});
