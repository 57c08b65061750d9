// Pure rules of attachments in the console: how a file is described (size, kind), the list of files a composer
// holds while they upload (a reducer), and how a refused upload is explained. The server decides what it accepts
// (by content, with libmagic); nothing here is a check it relies on.
import type { MessageKey, Params } from '../../i18n';
import { isApiError } from '../../shared/api';
import { describeError } from '../../shared/problem';
import type { Attachment, Id } from '../../shared/types';

/** What the file picker offers first (a hint for the system dialog; dropped files are not filtered). */
export const ACCEPTED_EXTENSIONS = [
  '.pdf', '.png', '.jpg', '.jpeg', '.gif', '.webp',
  '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx',
  '.odt', '.ods', '.odp', '.txt', '.csv',
].join(',');

/** The server's default limit (attachments.max_bytes); named in the message when a file is refused as too large. */
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
/** Files a cable draft or a message may carry (the server's kMaxPerOwner). */
export const MAX_FILES = 20;

// --- Describing a file -------------------------------------------------------------------------------------------

export type SizeUnit = 'B' | 'KB' | 'MB' | 'GB';

/** A size in the largest unit (1 KB = 1,024 bytes) that keeps the number at least 1: 1536 → 1.5 KB. */
export function sizeParts(bytes: number): { value: number; unit: SizeUnit; fractionDigits: number } {
  const units: SizeUnit[] = ['B', 'KB', 'MB', 'GB'];
  let value = Math.max(0, bytes);
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index += 1;
  }
  // Bytes are whole; 1–9.9 of a larger unit keep one decimal, larger numbers none.
  const fractionDigits = index === 0 || value >= 10 ? 0 : 1;
  return { value, unit: units[index], fractionDigits };
}

/** "1,5 MB" (vi) or "1.5 MB" (en): the number in the reader's locale and the unit from the catalogue. */
export function humanSize(bytes: number, locale: string, t: (key: MessageKey, params?: Params) => string): string {
  const { value, unit, fractionDigits } = sizeParts(bytes);
  const number = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    maximumFractionDigits: fractionDigits,
    minimumFractionDigits: 0,
  }).format(fractionDigits === 0 ? Math.round(value) : Math.floor(value * 10) / 10);
  return t(`attachments.size.${unit}` as MessageKey, { size: number });
}

export type FileKind = 'pdf' | 'image' | 'document' | 'spreadsheet' | 'presentation' | 'text' | 'other';

const EXTENSION_KINDS: Record<string, FileKind> = {
  pdf: 'pdf',
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image',
  doc: 'document', docx: 'document', odt: 'document',
  xls: 'spreadsheet', xlsx: 'spreadsheet', ods: 'spreadsheet', csv: 'spreadsheet',
  ppt: 'presentation', pptx: 'presentation', odp: 'presentation',
  txt: 'text',
};

/** The kind of file for its icon and label: by the detected media type, else by the name's extension. */
export function fileKind(mediaType: string | undefined, filename: string): FileKind {
  const type = (mediaType ?? '').toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('image/')) return 'image';
  if (/wordprocessingml|msword|opendocument\.text/.test(type)) return 'document';
  if (/spreadsheetml|ms-excel|opendocument\.spreadsheet|text\/csv/.test(type)) return 'spreadsheet';
  if (/presentationml|ms-powerpoint|opendocument\.presentation/.test(type)) return 'presentation';
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (type.startsWith('text/')) return EXTENSION_KINDS[extension] === 'spreadsheet' ? 'spreadsheet' : 'text';
  return EXTENSION_KINDS[extension] ?? 'other';
}

export function fileKindKey(kind: FileKind): MessageKey {
  return `attachments.kind.${kind}` as MessageKey;
}

/** Images are previewed inline in messages (the download route serves them as the detected image type). */
export function isPreviewable(attachment: Pick<Attachment, 'media_type'>): boolean {
  return /^image\/(png|jpeg|gif|webp)$/.test(attachment.media_type);
}

// --- The files of a composer ------------------------------------------------------------------------------------

/** A file in a composer: being uploaded, uploaded (pending, or already claimed by the draft), or refused. */
export type UploadItem =
  | { key: string; state: 'uploading'; filename: string; size: number }
  | { key: string; state: 'done'; attachment: Attachment; claimed: boolean }
  | { key: string; state: 'failed'; filename: string; size: number; error: unknown };

export type UploadAction =
  | { type: 'added'; key: string; filename: string; size: number }
  | { type: 'uploaded'; key: string; attachment: Attachment }
  | { type: 'failed'; key: string; error: unknown }
  | { type: 'removed'; key: string }
  /** The owner (a saved draft, a sent message) now holds exactly these files. */
  | { type: 'claimed'; attachments: Attachment[] }
  | { type: 'cleared' };

export function claimedItems(attachments: Attachment[] | undefined): UploadItem[] {
  return (attachments ?? []).map((attachment) => ({ key: `attachment-${attachment.id}`, state: 'done', attachment, claimed: true }));
}

export function uploadsReducer(items: UploadItem[], action: UploadAction): UploadItem[] {
  switch (action.type) {
    case 'added':
      return [...items, { key: action.key, state: 'uploading', filename: action.filename, size: action.size }];
    case 'uploaded':
      return items.map((item) =>
        item.key === action.key && item.state === 'uploading' ? { key: item.key, state: 'done', attachment: action.attachment, claimed: false } : item,
      );
    case 'failed':
      return items.map((item) =>
        item.key === action.key && item.state === 'uploading'
          ? { key: item.key, state: 'failed', filename: item.filename, size: item.size, error: action.error }
          : item,
      );
    case 'removed':
      return items.filter((item) => item.key !== action.key);
    case 'claimed': {
      // Files still uploading or refused stay where they were; uploaded ones become the owner's, in its order.
      const others = items.filter((item) => item.state !== 'done');
      return [...claimedItems(action.attachments), ...others];
    }
    case 'cleared':
      return [];
  }
}

/** The ids to send with the owner (POST/PATCH /cables, a message): every uploaded file, in order. */
export function attachmentIds(items: UploadItem[]): Id[] {
  return items.flatMap((item) => (item.state === 'done' ? [item.attachment.id] : []));
}

export function isUploading(items: UploadItem[]): boolean {
  return items.some((item) => item.state === 'uploading');
}

/** Files that count towards the limit (uploading or uploaded; refused ones do not). */
export function heldCount(items: UploadItem[]): number {
  return items.filter((item) => item.state !== 'failed').length;
}

// --- A refused upload ---------------------------------------------------------------------------------------------

/** A refusal decided in the console before any upload: more files than an owner may hold. */
export class TooManyFiles {
  readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
}

/**
 * Why an upload failed, as a catalogue message and the server's own words where they explain it (the type found
 * and the types accepted, the pending-upload limit).
 */
export function uploadProblem(error: unknown, size?: number): { key: MessageKey; params?: Params; detail?: string } {
  if (error instanceof TooManyFiles) return { key: 'attachments.error.tooManyFiles', params: { max: error.max } };
  if (!isApiError(error)) return describeError(error);
  const { status, problem } = error;
  if (status === 415 || problem.reason === 'unsupported_media_type') {
    return { key: 'attachments.error.type', detail: problem.detail };
  }
  if (status === 413 || problem.reason === 'payload_too_large') {
    return { key: 'attachments.error.tooLarge', params: { max: DEFAULT_MAX_BYTES / (1024 * 1024) } };
  }
  // A file above the limit may also be cut off by the server before the browser sees an answer.
  if (status === 0 && size !== undefined && size > DEFAULT_MAX_BYTES) {
    return { key: 'attachments.error.tooLarge', params: { max: DEFAULT_MAX_BYTES / (1024 * 1024) } };
  }
  if (status === 429) return { key: 'attachments.error.tooManyPending', detail: problem.detail };
  if (status === 400 && problem.field === 'body') return { key: 'attachments.error.empty' };
  return describeError(error);
}
