// Files as a reader sees them (a cable, a message): name as a download link, kind and size; images in messages
// may show a small preview. Downloads come from the owner's route, which the server answers as an attachment
// (Content-Disposition) that no browser runs, and audits.
import { useI18n } from '../../i18n';
import type { Attachment } from '../../shared/types';
import { fileKind, fileKindKey, humanSize, isPreviewable, type FileKind } from './model';
import './attachments.css';

export function FileIcon({ kind }: { kind: FileKind }) {
  return <span className={`file-icon file-${kind}`} aria-hidden="true" />;
}

/** One file: its name (a download link), kind and size. */
export function AttachmentLink({ attachment }: { attachment: Attachment }) {
  const { t, locale } = useI18n();
  const kind = fileKind(attachment.media_type, attachment.filename);
  return (
    <span className="attachment-line">
      <FileIcon kind={kind} />
      <span className="attachment-text">
        <a
          href={attachment.url}
          download
          className="attachment-name"
          data-testid="attachment-link"
          data-attachment-id={attachment.id}
        >
          {attachment.filename}
          <span className="visually-hidden"> ({t('attachments.download')})</span>
        </a>
        <span className="attachment-meta">
          {t(fileKindKey(kind))} · {humanSize(attachment.size_bytes, locale, t)}
        </span>
      </span>
    </span>
  );
}

export function AttachmentList({
  attachments,
  previews = false,
  testId = 'attachment-list',
  label,
}: {
  attachments: Attachment[];
  /** Show images as small previews above their link (messages). */
  previews?: boolean;
  testId?: string;
  /** Names the list for screen readers ("Files of this message"). */
  label?: string;
}) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachment-list" data-testid={testId} aria-label={label}>
      {attachments.map((attachment) => (
        <li key={attachment.id} className="attachment" data-testid="attachment" data-attachment-id={attachment.id}>
          {previews && isPreviewable(attachment) ? (
            <a href={attachment.url} download className="attachment-preview" tabIndex={-1} aria-hidden="true">
              <img src={attachment.url} alt="" loading="lazy" decoding="async" data-testid="attachment-preview" />
            </a>
          ) : null}
          <AttachmentLink attachment={attachment} />
        </li>
      ))}
    </ul>
  );
}
