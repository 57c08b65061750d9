// Choosing files for a cable draft or a message: a file button (the native input, so the keyboard and screen
// readers know it), a drop zone, and the list of files with their state: uploading, uploaded (name, kind, size, a
// download link) or refused with the server's reason; each can be removed.
import { useId, useState, type DragEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import type { Attachment } from '../../shared/types';
import { FileIcon } from './AttachmentList';
import { ACCEPTED_EXTENSIONS, DEFAULT_MAX_BYTES, fileKind, fileKindKey, humanSize, isUploading, uploadProblem, type UploadItem } from './model';
import type { Uploads } from './useUploads';

/** The native file input, visually replaced by its label styled as a button (focus shows on the label). */
export function FileButton({
  onFiles,
  label,
  testId,
  describedBy,
  small = false,
}: {
  onFiles: (files: File[]) => void;
  label: string;
  testId: string;
  describedBy?: string;
  small?: boolean;
}) {
  const id = useId();
  return (
    <span className="file-button">
      <input
        id={id}
        type="file"
        multiple
        accept={ACCEPTED_EXTENSIONS}
        className="file-input"
        aria-describedby={describedBy}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Cleared so that choosing the same file again (after removing it) is seen as a change.
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
        data-testid={testId}
      />
      <label htmlFor={id} className={small ? 'button small' : 'button'}>
        <svg className="clip-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9" />
        </svg>
        {label}
      </label>
    </span>
  );
}

function hasFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

/** Handlers that make an element take dropped files; `over` while files are dragged above it. */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [over, setOver] = useState(false);
  const handlers = {
    onDragEnter: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setOver(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
    },
    onDrop: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setOver(false);
      onFiles([...event.dataTransfer.files]);
    },
  };
  return { over, handlers };
}

/** A region that takes dropped files (the file button inside it remains the keyboard route). */
export function DropZone({ onFiles, className, children, testId }: { onFiles: (files: File[]) => void; className: string; children: ReactNode; testId?: string }) {
  const { over, handlers } = useFileDrop(onFiles);
  return (
    <div className={over ? `${className} drag-over` : className} {...handlers} data-testid={testId}>
      {children}
    </div>
  );
}

function ItemName({ item }: { item: UploadItem }) {
  if (item.state !== 'done') return <span className="attachment-name">{item.filename}</span>;
  return <DownloadName attachment={item.attachment} />;
}

function DownloadName({ attachment }: { attachment: Attachment }) {
  const { t } = useI18n();
  return (
    <a href={attachment.url} download className="attachment-name" data-testid="attachment-link" data-attachment-id={attachment.id}>
      {attachment.filename}
      <span className="visually-hidden"> ({t('attachments.download')})</span>
    </a>
  );
}

/** The files of a composer, each with its state and a remove button. */
export function UploadList({ uploads, testIdPrefix }: { uploads: Uploads; testIdPrefix: string }) {
  const { t, locale, plural } = useI18n();
  const { items } = uploads;
  const uploading = items.filter((item) => item.state === 'uploading').length;
  return (
    <>
      <p className="visually-hidden" aria-live="polite">
        {isUploading(items) ? plural('attachments.uploadingCount', uploading) : ''}
      </p>
      {items.length > 0 ? (
        <ul className="attachment-list uploads" data-testid={`${testIdPrefix}-files`}>
          {items.map((item) => {
            const name = item.state === 'done' ? item.attachment.filename : item.filename;
            const kind = item.state === 'done' ? fileKind(item.attachment.media_type, name) : fileKind(undefined, name);
            const size = item.state === 'done' ? item.attachment.size_bytes : item.size;
            const problem = item.state === 'failed' ? uploadProblem(item.error, item.size) : null;
            return (
              <li
                key={item.key}
                className={`attachment upload-${item.state}`}
                data-testid={`${testIdPrefix}-file`}
                data-state={item.state}
                data-filename={name}
              >
                <span className="attachment-line">
                  <FileIcon kind={item.state === 'failed' ? 'other' : kind} />
                  <span className="attachment-text">
                    <ItemName item={item} />
                    <span className="attachment-meta">
                      {item.state === 'done' ? `${t(fileKindKey(kind))} · ` : ''}
                      {humanSize(size, locale, t)}
                      {item.state === 'uploading' ? ` · ${t('attachments.uploading')}` : ''}
                      {item.state === 'failed' ? ` · ${t('attachments.refused')}` : ''}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => uploads.remove(item.key)}
                    aria-label={t('attachments.removeNamed', { name })}
                    data-testid={`${testIdPrefix}-file-remove`}
                  >
                    {t('common.remove')}
                  </button>
                </span>
                {item.state === 'uploading' ? <progress className="upload-progress" aria-label={t('attachments.uploadingNamed', { name })} /> : null}
                {problem ? (
                  <div className="attachment-error" role="alert" data-testid={`${testIdPrefix}-file-error`}>
                    <p>{t(problem.key, problem.params)}</p>
                    {problem.detail ? <p className="alert-detail">{t('error.serverSays', { detail: problem.detail })}</p> : null}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </>
  );
}

/** The composer's "Attachments" field: a drop zone with the file button, the accepted types, the files. */
export function AttachmentsField({ uploads, testIdPrefix }: { uploads: Uploads; testIdPrefix: string }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset className="field attachments-field" data-testid={`${testIdPrefix}-attachments`}>
      <legend>{t('attachments.title')}</legend>
      <DropZone onFiles={uploads.add} className="dropzone" testId={`${testIdPrefix}-dropzone`}>
        <FileButton onFiles={uploads.add} label={t('attachments.choose')} testId={`${testIdPrefix}-file-input`} describedBy={`${id}-hint`} />
        <span className="muted">{t('attachments.orDrop')}</span>
      </DropZone>
      <small id={`${id}-hint`}>{t('attachments.accepted', { max: DEFAULT_MAX_BYTES / (1024 * 1024) })}</small>
      <UploadList uploads={uploads} testIdPrefix={testIdPrefix} />
    </fieldset>
  );
}
