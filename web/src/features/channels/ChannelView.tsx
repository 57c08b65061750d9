// One open channel: its messages in seq order (older ones on demand), a thread when one is opened, the members,
// and the composer. The channel is marked read (POST /channels/:id/read) while it is on screen and the page is
// visible. `targetSeq` (from a mention's link, ?seq=) is brought into view and highlighted.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { pageVisible } from '../../shared/polling';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading } from '../../shared/ui';
import type { ChannelMember, ChannelMessage, ChannelSummary, Id } from '../../shared/types';
import { Composer } from './Composer';
import { MembersPanel } from './MembersPanel';
import { MessageItem } from './MessageItem';
import { kindKey } from './names';
import { mayAnnounce, readTarget, replyCounts, threadReplies, threadRoot } from './model';
import type { ChannelsData } from './useChannels';

/** Pages of older messages fetched at most to reach a linked message. */
const MAX_PAGES_TO_TARGET = 20;

export function ChannelView({
  summary,
  title,
  channels,
  targetSeq,
}: {
  summary: ChannelSummary;
  title: string;
  channels: ChannelsData;
  targetSeq: number | null;
}) {
  const { t, plural } = useI18n();
  const { me } = useSession();
  const meId = me?.id ?? 0;
  const channelId = summary.id;
  const log = channels.state.logs[channelId];
  const detail = channels.details[channelId];
  const messages = useMemo(() => log?.messages ?? [], [log?.messages]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [olderBusy, setOlderBusy] = useState(false);
  const [threadOf, setThreadOf] = useState<number | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const [highlight, setHighlight] = useState<number | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const membersButton = useRef<HTMLButtonElement>(null);
  const timelineRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const keepOffset = useRef<{ height: number; top: number } | null>(null);
  const pagesToTarget = useRef(0);
  const askedAuthors = useRef(new Set<Id>());
  // The first message not read when the channel was opened: a divider marks it.
  const [firstUnread] = useState(() => (summary.unread > 0 ? summary.last_read_seq + 1 : null));
  const { loadNewest, loadDetail, loadOlder, markRead } = channels;

  useEffect(() => {
    loadNewest(channelId).catch(setLoadError);
    loadDetail(channelId).catch(setLoadError);
    headingRef.current?.focus();
  }, [channelId, loadNewest, loadDetail]);

  const members = useMemo(() => new Map<Id, ChannelMember>((detail?.members ?? []).map((member) => [member.user_id, member])), [detail]);
  const usernames = useMemo(
    () => new Set((detail?.members ?? []).map((member) => member.username).filter((name): name is string => Boolean(name))),
    [detail],
  );

  // Someone added by another owner has written: their name comes with the members, fetched again once.
  useEffect(() => {
    if (!detail) return;
    const unknown = messages.find((message) => !members.has(message.author_id) && !askedAuthors.current.has(message.author_id));
    if (!unknown) return;
    askedAuthors.current.add(unknown.author_id);
    loadDetail(channelId).catch(() => undefined);
  }, [messages, members, detail, channelId, loadDetail]);

  // Read while on screen: after a moment, and again when the page becomes visible.
  const target = readTarget(summary, log);
  useEffect(() => {
    if (target === null) return;
    const mark = () => {
      if (pageVisible()) markRead(channelId, target).catch(() => undefined);
    };
    const timer = window.setTimeout(mark, 300);
    document.addEventListener('visibilitychange', mark);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', mark);
    };
  }, [channelId, target, markRead]);

  // A linked message older than the newest page: fetch older pages until it is held.
  const first = messages[0]?.seq;
  useEffect(() => {
    if (!targetSeq || !log?.loaded || log.complete || first === undefined || first <= targetSeq) return;
    if (pagesToTarget.current >= MAX_PAGES_TO_TARGET) return;
    pagesToTarget.current += 1;
    loadOlder(channelId).catch(setLoadError);
  }, [targetSeq, log?.loaded, log?.complete, first, channelId, loadOlder]);

  const targetHeld = targetSeq !== null && messages.some((message) => message.seq === targetSeq);
  useEffect(() => {
    if (!targetHeld || targetSeq === null) return;
    setHighlight(targetSeq);
    atBottom.current = false;
    document.getElementById(messageElementId(channelId, targetSeq))?.scrollIntoView({ block: 'center' });
  }, [targetHeld, targetSeq, channelId]);

  // Stay at the newest message when the reader was there; keep the view still when older ones are added above.
  const last = messages[messages.length - 1]?.seq;
  useLayoutEffect(() => {
    const element = timelineRef.current;
    if (!element) return;
    if (keepOffset.current) {
      element.scrollTop = keepOffset.current.top + (element.scrollHeight - keepOffset.current.height);
      keepOffset.current = null;
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [first, last, threadOf]);

  // A narrower window (a phone turned, the keyboard opening) keeps the newest message in view.
  useEffect(() => {
    const element = timelineRef.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [threadOf]);

  const showOlder = async () => {
    const element = timelineRef.current;
    if (element) keepOffset.current = { height: element.scrollHeight, top: element.scrollTop };
    setOlderBusy(true);
    try {
      await loadOlder(channelId);
    } catch (caught) {
      setLoadError(caught);
    } finally {
      setOlderBusy(false);
    }
  };

  const counts = useMemo(() => replyCounts(messages), [messages]);
  const openThread = (seq: number) => {
    setThreadOf(threadRoot(messages, seq));
    setMembersOpen(false);
  };
  const jumpTo = (seq: number) => {
    setThreadOf(null);
    setHighlight(seq);
    atBottom.current = false;
    window.requestAnimationFrame(() => {
      const element = document.getElementById(messageElementId(channelId, seq));
      element?.scrollIntoView({ block: 'center' });
      element?.focus();
    });
  };

  const send = (threadSeq: number | null) => async (body: string, announcement: boolean, attachments: Id[]) => {
    atBottom.current = true;
    await channels.post(channelId, body, threadSeq, announcement, attachments);
  };

  const memberCount = detail?.members.length ?? summary.member_count;
  const itemProps = { summary, members, usernames, me: meId, channels, memberCount };

  return (
    <div className="chat-channel" data-testid="channel-view" data-channel-id={channelId}>
      <header className="chat-head">
        <Link to="/channels" className="chat-back">
          {t('channels.backToList')}
        </Link>
        <div className="chat-title">
          <h2 ref={headingRef} tabIndex={-1} data-testid="channel-title">
            {title}
          </h2>
          <p className="muted small">
            {t(kindKey(summary.kind, 'one'))} · {plural('channels.members', memberCount)}
          </p>
        </div>
        {summary.kind !== 'direct' ? (
          <button
            type="button"
            ref={membersButton}
            className="button small"
            aria-expanded={membersOpen}
            aria-controls={`members-${channelId}`}
            onClick={() => setMembersOpen((value) => !value)}
            data-testid="members-toggle"
          >
            {t('channels.membersButton')}
          </button>
        ) : null}
      </header>
      {membersOpen && detail ? (
        <MembersPanel
          id={`members-${channelId}`}
          summary={summary}
          detail={detail}
          me={meId}
          onChanged={() => loadDetail(channelId)}
          onClose={() => {
            setMembersOpen(false);
            window.requestAnimationFrame(() => membersButton.current?.focus());
          }}
        />
      ) : null}
      <ErrorMessage error={loadError} testId="channel-error" />
      {threadOf !== null ? (
        <ThreadView
          root={messages.find((message) => message.seq === threadOf)}
          rootSeq={threadOf}
          replies={threadReplies(messages, threadOf)}
          onClose={() => {
            const root = threadOf;
            setThreadOf(null);
            window.requestAnimationFrame(() => document.getElementById(messageElementId(channelId, root))?.focus());
          }}
          onSend={send(threadOf)}
          itemProps={itemProps}
        />
      ) : (
        <>
          <div
            className="timeline"
            ref={timelineRef}
            role="log"
            aria-label={t('channels.timeline', { name: title })}
            tabIndex={0}
            onScroll={(event) => {
              const element = event.currentTarget;
              atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
            }}
            data-testid="timeline"
          >
            {!log?.loaded ? <Loading /> : null}
            {log?.loaded && !log.complete ? (
              <button type="button" className="button small timeline-older" disabled={olderBusy} onClick={() => void showOlder()} data-testid="messages-older">
                {olderBusy ? t('common.working') : t('channels.older')}
              </button>
            ) : null}
            {log?.loaded && messages.length === 0 ? (
              <p className="muted" data-testid="messages-empty">
                {t('channels.noMessages')}
              </p>
            ) : null}
            <ol className="message-list" data-testid="message-list">
              {messages.map((message) => (
                <MessageRow
                  key={message.seq}
                  message={message}
                  divider={message.seq === firstUnread && message.seq !== messages[0]?.seq}
                  highlighted={highlight === message.seq}
                  replies={counts.get(message.seq) ?? 0}
                  parent={message.thread_seq !== null ? messages.find((item) => item.seq === message.thread_seq) : undefined}
                  onReply={() => openThread(message.seq)}
                  onJump={jumpTo}
                  itemProps={itemProps}
                />
              ))}
            </ol>
          </div>
          <Composer
            key={`composer-${channelId}`}
            label={t('channels.composer.label', { name: title })}
            allowAnnouncement={mayAnnounce(summary)}
            onSend={send(null)}
            testIdPrefix="composer"
          />
        </>
      )}
    </div>
  );
}

export function messageElementId(channelId: Id, seq: number): string {
  return `message-${channelId}-${seq}`;
}

interface ItemProps {
  summary: ChannelSummary;
  members: Map<Id, ChannelMember>;
  usernames: ReadonlySet<string>;
  me: Id;
  channels: ChannelsData;
  memberCount: number;
}

function MessageRow({
  message,
  divider,
  highlighted,
  replies,
  parent,
  onReply,
  onJump,
  itemProps,
}: {
  message: ChannelMessage;
  divider: boolean;
  highlighted: boolean;
  replies: number;
  parent: ChannelMessage | undefined;
  onReply: () => void;
  onJump: (seq: number) => void;
  itemProps: ItemProps;
}) {
  const { t } = useI18n();
  return (
    <>
      {divider ? (
        <li className="unread-divider" data-testid="unread-divider">
          <span>{t('channels.newSince')}</span>
        </li>
      ) : null}
      <MessageItem
        message={message}
        elementId={messageElementId(message.channel_id, message.seq)}
        highlighted={highlighted}
        replies={replies}
        parent={parent}
        onReply={onReply}
        onJump={onJump}
        {...itemProps}
      />
    </>
  );
}

function ThreadView({
  root,
  rootSeq,
  replies,
  onClose,
  onSend,
  itemProps,
}: {
  root: ChannelMessage | undefined;
  rootSeq: number;
  replies: ChannelMessage[];
  onClose: () => void;
  onSend: (body: string, announcement: boolean, attachments: Id[]) => Promise<void>;
  itemProps: ItemProps;
}) {
  const { t, plural } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), [rootSeq]);
  useLayoutEffect(() => {
    if (listRef.current) listRef.current.scrollTop = listRef.current.scrollHeight;
  }, [replies.length]);
  return (
    <section
      className="thread"
      aria-labelledby={`thread-title-${rootSeq}`}
      data-testid="thread-view"
      data-root-seq={rootSeq}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="thread-head">
        <h3 id={`thread-title-${rootSeq}`} ref={headingRef} tabIndex={-1}>
          {t('channels.thread.title')} <span className="muted small">{plural('channels.thread.replies', replies.length)}</span>
        </h3>
        <button type="button" className="button small" onClick={onClose} data-testid="thread-close">
          {t('channels.thread.close')}
        </button>
      </div>
      <div className="timeline thread-timeline" ref={listRef} role="log" aria-label={t('channels.thread.title')} tabIndex={0}>
        <ol className="message-list">
          {root ? (
            <MessageItem message={root} elementId={`thread-root-${root.seq}`} highlighted={false} replies={0} inThread {...itemProps} />
          ) : (
            <li className="muted">{t('channels.thread.rootNotLoaded', { seq: rootSeq })}</li>
          )}
          {replies.map((reply) => (
            <MessageItem key={reply.seq} message={reply} elementId={`thread-reply-${reply.seq}`} highlighted={false} replies={0} inThread {...itemProps} />
          ))}
        </ol>
      </div>
      <Composer label={t('channels.thread.composerLabel')} allowAnnouncement={false} onSend={onSend} testIdPrefix="thread-composer" autoFocus />
    </section>
  );
}
