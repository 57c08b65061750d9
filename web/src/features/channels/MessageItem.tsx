// One message: author and time, the text with @mentions of members highlighted, what it replies to, the marks of
// an edited or deleted message (with its earlier texts on request), an announcement's readers, and the actions the
// user may take (reply, edit and delete their own, owners delete any, mark an announcement seen).
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading } from '../../shared/ui';
import type { ChannelMember, ChannelMessage, ChannelSummary, Id, MessageVersion } from '../../shared/types';
import { AttachmentList } from '../attachments/AttachmentList';
import { keyAction } from './Composer';
import { excerpt, mayDelete, mayEdit, mayMarkSeen, memberName, sendable, splitMentions } from './model';
import type { ChannelsData } from './useChannels';
import { useShortTime } from './names';

export function MessageItem({
  message,
  elementId,
  highlighted,
  replies,
  parent,
  inThread = false,
  onReply,
  onJump,
  summary,
  members,
  usernames,
  me,
  channels,
  memberCount,
}: {
  message: ChannelMessage;
  elementId: string;
  highlighted: boolean;
  replies: number;
  parent?: ChannelMessage;
  inThread?: boolean;
  onReply?: () => void;
  onJump?: (seq: number) => void;
  summary: ChannelSummary;
  members: Map<Id, ChannelMember>;
  usernames: ReadonlySet<string>;
  me: Id;
  channels: ChannelsData;
  memberCount: number;
}) {
  const { t, plural, dateTime } = useI18n();
  const shortTime = useShortTime();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const editButton = useRef<HTMLButtonElement>(null);

  const author = memberName(members.get(message.author_id)) || t('userPicker.byNumber', { id: message.author_id });
  const mine = message.author_id === me;
  const mentionsMe = message.mentions.includes(me) && !mine;
  const deleted = Boolean(message.deleted_at);
  // A deleted message has no files (the server drops them); a message may be files alone, without text.
  const files = deleted ? [] : (message.attachments ?? []);
  const seen = (message.seen_by ?? []).filter((reader) => reader !== message.author_id).length;
  const meMember = members.get(me);
  const className = [
    'message',
    mine ? 'mine' : '',
    message.announcement ? 'announcement' : '',
    mentionsMe ? 'mentions-me' : '',
    deleted ? 'deleted' : '',
    highlighted ? 'highlighted' : '',
  ]
    .filter(Boolean)
    .join(' ');

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const remove = () => {
    if (!window.confirm(t('channels.message.deleteConfirm'))) return;
    void act(() => channels.remove(message.channel_id, message.seq));
  };

  const tools = [
    !inThread && onReply && !deleted ? (
      <button key="reply" type="button" className="button small link" onClick={onReply} data-testid="message-reply">
        {t('channels.message.reply')}
      </button>
    ) : null,
    mayEdit(message, me) ? (
      <button key="edit" type="button" ref={editButton} className="button small link" onClick={() => setEditing(true)} data-testid="message-edit">
        {t('channels.message.edit')}
      </button>
    ) : null,
    mayDelete(message, me, summary) ? (
      <button key="delete" type="button" className="button small link danger" disabled={busy} onClick={remove} data-testid="message-delete">
        {t('channels.message.delete')}
      </button>
    ) : null,
  ].filter(Boolean);
  const markSeen =
    mayMarkSeen(message, me) && meMember ? (
      <button type="button" className="button small primary" disabled={busy} onClick={() => void act(() => channels.markSeen(message.channel_id, message.seq))} data-testid="message-mark-seen">
        {t('channels.message.markSeen')}
      </button>
    ) : null;
  const replyCount =
    !inThread && onReply && replies > 0 ? (
      <button type="button" className="button small link reply-count" onClick={onReply} data-testid="message-replies">
        {plural('channels.message.replies', replies)}
      </button>
    ) : null;
  const deletedHistory = deleted ? (
    <button
      type="button"
      className="button small link"
      aria-expanded={historyOpen}
      aria-controls={`${id}-history`}
      onClick={() => setHistoryOpen((open) => !open)}
      data-testid="message-history"
    >
      {historyOpen ? t('channels.message.hideHistory') : t('channels.message.history')}
    </button>
  ) : null;

  return (
    <li
      id={elementId}
      className={className}
      tabIndex={-1}
      aria-labelledby={`${id}-head`}
      data-testid="message"
      data-seq={message.seq}
      data-author-id={message.author_id}
      data-deleted={deleted ? 'true' : 'false'}
      data-edited={message.edited_at ? 'true' : 'false'}
      data-announcement={message.announcement ? 'true' : 'false'}
    >
      <div className="message-head">
        <span id={`${id}-head`}>
          <span className="message-author" data-testid="message-author">
            {author}
          </span>{' '}
          <time dateTime={message.created_at} className="message-time" title={dateTime(message.created_at)}>
            {shortTime(message.created_at)}
          </time>
        </span>
        {message.announcement ? <span className="badge announcement-badge">{t('channels.message.announcement')}</span> : null}
        {mentionsMe ? <span className="badge mention-badge">{t('channels.message.mentionsYou')}</span> : null}
        {message.edited_at && !deleted ? (
          <button
            type="button"
            className="badge edited-badge"
            aria-expanded={historyOpen}
            aria-controls={`${id}-history`}
            title={t('channels.message.history')}
            onClick={() => setHistoryOpen((open) => !open)}
            data-testid="message-edited"
          >
            {t('channels.message.edited')}
            <span className="visually-hidden"> ({t('channels.message.history')})</span>
          </button>
        ) : null}
        {!editing && tools.length > 0 ? (
          <div className="message-tools" role="group" aria-label={t('channels.message.actions', { name: author, time: dateTime(message.created_at) })}>
            {tools}
          </div>
        ) : null}
      </div>
      {parent && !inThread && onJump ? (
        <button type="button" className="reply-ref" onClick={() => onJump(parent.seq)} data-testid="message-reply-ref">
          {t('channels.message.replyTo', {
            name: memberName(members.get(parent.author_id)) || t('userPicker.byNumber', { id: parent.author_id }),
            text: parent.deleted_at ? t('channels.message.deleted') : excerpt(parent.body, 60) || (parent.attachments ?? []).map((file) => file.filename).join(', '),
          })}
        </button>
      ) : null}
      {message.thread_seq !== null && !parent && !inThread ? (
        <p className="reply-ref muted">{t('channels.message.replyToOlder', { seq: message.thread_seq })}</p>
      ) : null}
      {editing ? (
        <EditForm
          initial={message.body}
          files={files.length}
          onCancel={() => {
            setEditing(false);
            window.requestAnimationFrame(() => editButton.current?.focus());
          }}
          onSave={async (body) => {
            await channels.edit(message.channel_id, message.seq, body);
            setEditing(false);
          }}
        />
      ) : deleted ? (
        <p className="message-body message-deleted" data-testid="message-body">
          {t('channels.message.deleted')}
        </p>
      ) : message.body.trim() === '' && files.length > 0 ? null : (
        <p className="message-body" data-testid="message-body">
          {splitMentions(message.body, usernames).map((part, index) =>
            part.mention ? (
              <mark key={index} className={`mention${members.get(me)?.username === part.mention ? ' mention-me' : ''}`} data-testid="mention">
                {part.text}
              </mark>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </p>
      )}
      {files.length > 0 ? (
        <AttachmentList attachments={files} previews testId="message-attachments" label={t('attachments.ofMessage', { name: author })} />
      ) : null}
      {message.announcement && !deleted ? (
        <p className="message-seen" data-testid="message-seen-count" data-seen={seen}>
          {t('channels.message.seenBy', { count: seen, total: Math.max(0, memberCount - 1) })}
        </p>
      ) : null}
      {!editing && (markSeen || replyCount || deletedHistory) ? (
        <div className="message-actions">
          {markSeen}
          {replyCount}
          {deletedHistory}
        </div>
      ) : null}
      <ErrorMessage error={error} testId="message-error" />
      {historyOpen ? <History id={`${id}-history`} message={message} members={members} /> : null}
    </li>
  );
}

function EditForm({
  initial,
  files,
  onSave,
  onCancel,
}: {
  initial: string;
  /** Files of the message: with some, the text may be emptied. */
  files: number;
  onSave: (body: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [body, setBody] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    if (busy || !sendable(body, files)) return;
    if (body === initial) {
      onCancel();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(body);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <form
      className="message-edit"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      data-testid="message-edit-form"
    >
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {t('channels.message.editLabel')}
      </label>
      <textarea
        id={`${id}-text`}
        value={body}
        rows={2}
        autoFocus
        aria-describedby={`${id}-hint`}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          } else if (keyAction(event) === 'send') {
            event.preventDefault();
            void save();
          }
        }}
        data-testid="message-edit-input"
      />
      <div className="composer-foot">
        <small id={`${id}-hint`} className="muted">
          {t('channels.message.editHint')}
        </small>
        <div className="actions">
          <button type="button" className="button small" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button small primary" disabled={busy || !sendable(body, files)} data-testid="message-edit-save">
            {busy ? t('common.working') : t('common.save')}
          </button>
        </div>
      </div>
      <ErrorMessage error={error} testId="message-edit-error" />
    </form>
  );
}

function History({ id, message, members }: { id: string; message: ChannelMessage; members: Map<Id, ChannelMember> }) {
  const { t, dateTime } = useI18n();
  const [versions, setVersions] = useState<MessageVersion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Fetched again when the message changes (a further edit adds a version).
  const changedAt = message.deleted_at ?? message.edited_at;
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<{ items: MessageVersion[] }>(`/channels/${message.channel_id}/messages/${message.seq}/history`, { signal: controller.signal })
      .then((history) => setVersions(history.items ?? []))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      });
    return () => controller.abort();
  }, [message.channel_id, message.seq, changedAt]);
  return (
    <div id={id} className="message-history" data-testid="message-history-list">
      <h4>{t('channels.message.historyTitle')}</h4>
      <ErrorMessage error={error} />
      {!versions && !error ? <Loading /> : null}
      {versions && versions.length === 0 ? <p className="muted">{t('channels.message.historyEmpty')}</p> : null}
      {versions && versions.length > 0 ? (
        <ol>
          {versions.map((version) => (
            <li key={version.version} data-testid="message-version">
              <p className="muted small">
                {t('channels.message.version', {
                  version: version.version,
                  time: dateTime(version.replaced_at),
                  name: memberName(members.get(version.replaced_by)) || t('userPicker.byNumber', { id: version.replaced_by }),
                })}
              </p>
              <p className="message-body">{version.body || t('channels.message.emptyVersion')}</p>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
