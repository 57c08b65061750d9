// Writing a message: Enter sends, Shift+Enter starts a new line (and an input method still composing a word, as
// Vietnamese Telex does, is never interrupted); owners may post it as an announcement. Files are attached with the
// file button or dropped on the composer: each uploads at once, and the message (whose text may then be empty)
// is sent once they are all up. The text and files stay when the server refuses the message, with the reason.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n';
import { ErrorMessage } from '../../shared/ui';
import type { Id } from '../../shared/types';
import { FileButton, UploadList, useFileDrop } from '../attachments/AttachmentPicker';
import { attachmentIds, isUploading } from '../attachments/model';
import { useUploads } from '../attachments/useUploads';
import { composerKey, sendable } from './model';

/** What a key press in a message field does (see composerKey). */
export function keyAction(event: KeyboardEvent<HTMLTextAreaElement>): 'send' | 'none' {
  return composerKey({
    key: event.key,
    shiftKey: event.shiftKey,
    altKey: event.altKey,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    isComposing: event.nativeEvent.isComposing,
  });
}

export function Composer({
  label,
  allowAnnouncement,
  onSend,
  testIdPrefix,
  autoFocus = false,
}: {
  /** Names the field: "Message to Lyon consular team". */
  label: string;
  allowAnnouncement: boolean;
  onSend: (body: string, announcement: boolean, attachments: Id[]) => Promise<void>;
  /** "composer" gives composer-input, composer-send, composer-announcement, composer-file-input. */
  testIdPrefix: string;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [body, setBody] = useState('');
  const [announcement, setAnnouncement] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const uploads = useUploads();
  const drop = useFileDrop(uploads.add);
  const files = attachmentIds(uploads.items);
  const ready = !busy && !isUploading(uploads.items) && sendable(body, files.length);

  useEffect(() => {
    if (autoFocus) field.current?.focus();
  }, [autoFocus]);

  const send = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await onSend(body, announcement, files);
      setBody('');
      setAnnouncement(false);
      uploads.clear();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
      field.current?.focus();
    }
  };

  return (
    <form
      className={drop.over ? 'composer drag-over' : 'composer'}
      {...drop.handlers}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
      data-testid={testIdPrefix}
    >
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={`${id}-text`}
        ref={field}
        rows={2}
        value={body}
        placeholder={label}
        aria-describedby={`${id}-hint`}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (keyAction(event) === 'send') {
            event.preventDefault();
            void send();
          }
        }}
        data-testid={`${testIdPrefix}-input`}
      />
      <UploadList uploads={uploads} testIdPrefix={testIdPrefix} />
      <div className="composer-foot">
        <small id={`${id}-hint`} className="muted composer-hint">
          {t('channels.composer.hint')}
        </small>
        <div className="actions">
          <FileButton onFiles={uploads.add} label={t('attachments.attach')} testId={`${testIdPrefix}-file-input`} small />
          {allowAnnouncement ? (
            <div className="field-check">
              <input
                id={`${id}-announcement`}
                type="checkbox"
                checked={announcement}
                onChange={(event) => setAnnouncement(event.target.checked)}
                data-testid={`${testIdPrefix}-announcement`}
              />
              <label htmlFor={`${id}-announcement`}>{t('channels.composer.announcement')}</label>
            </div>
          ) : null}
          <button type="submit" className="button primary" disabled={!ready} data-testid={`${testIdPrefix}-send`}>
            {busy ? t('common.working') : t('channels.composer.send')}
          </button>
        </div>
      </div>
      <ErrorMessage error={error} testId={`${testIdPrefix}-error`} />
    </form>
  );
}
