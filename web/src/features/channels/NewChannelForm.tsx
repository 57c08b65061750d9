// Starting a conversation: a topic channel with a name and its first members (the creator owns it), or a direct
// channel with one person (an existing one is found again, not duplicated). People are chosen with the cables'
// user picker, which also takes a user number.
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage } from '../../shared/ui';
import type { Id, UserRef } from '../../shared/types';
import { userLabel } from '../cables/model';
import { UserPicker } from '../cables/UserPicker';

const MAX_NAME = 80;

export function NewChannelForm({ kind, onCreated }: { kind: 'topic' | 'direct'; onCreated: (channelId: Id) => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const id = useId();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<UserRef[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingName, setMissingName] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), [kind]);

  const create = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const channel = await api.post<{ id: Id }>('/channels', body);
      onCreated(channel.id);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const nameOf = (user: UserRef) => (userLabel(user) === `#${user.id}` ? t('userPicker.byNumber', { id: user.id }) : userLabel(user));
  const self = me ? [me.id] : [];

  return (
    <div className="new-channel" data-testid={`new-channel-${kind}`}>
      <p className="breadcrumb chat-back-wide">
        <Link to="/channels">{t('channels.backToList')}</Link>
      </p>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {kind === 'topic' ? t('channels.newTopicTitle') : t('channels.newDirectTitle')}
      </h2>
      {kind === 'direct' ? (
        <>
          <p className="muted">{t('channels.newDirectHint')}</p>
          <UserPicker
            testIdPrefix="direct"
            searchLabel={t('channels.findPerson')}
            addLabel={busy ? t('common.working') : t('channels.startDirect')}
            exclude={self}
            quietWhenForbidden
            onPick={(user) => void create({ kind: 'direct', user_id: user.id })}
          />
        </>
      ) : (
        <form
          className="form"
          aria-labelledby={`${id}-title`}
          onSubmit={(event) => {
            event.preventDefault();
            if (!name.trim()) {
              setMissingName(true);
              return;
            }
            void create({ kind: 'topic', name: name.trim(), members: members.map((user) => user.id) });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('channels.topicName')}</label>
            <input
              id={`${id}-name`}
              value={name}
              maxLength={MAX_NAME}
              aria-invalid={missingName || undefined}
              aria-describedby={missingName ? `${id}-name-error` : undefined}
              onChange={(event) => {
                setName(event.target.value);
                setMissingName(false);
              }}
              data-testid="channel-name"
            />
            {missingName ? (
              <p id={`${id}-name-error`} className="alert alert-error" role="alert">
                {t('channels.needName')}
              </p>
            ) : null}
          </div>
          <fieldset className="field">
            <legend>{t('channels.topicMembers')}</legend>
            <p className="muted small">{t('channels.topicMembersHint')}</p>
            <UserPicker
              testIdPrefix="topic-member"
              searchLabel={t('channels.findMember')}
              addLabel={t('channels.addMember')}
              exclude={[...self, ...members.map((user) => user.id)]}
              quietWhenForbidden
              onPick={(user) => setMembers((list) => (list.some((item) => item.id === user.id) ? list : [...list, user]))}
            />
            {members.length > 0 ? (
              <ul className="pick-list" data-testid="topic-members">
                {members.map((user) => (
                  <li key={user.id} data-testid="topic-member-chosen" data-user-id={user.id}>
                    <span>{nameOf(user)}</span>
                    <button
                      type="button"
                      className="button small"
                      aria-label={t('channels.removeMember', { name: nameOf(user) })}
                      onClick={() => setMembers((list) => list.filter((item) => item.id !== user.id))}
                    >
                      {t('common.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">{t('channels.noMembersYet')}</p>
            )}
          </fieldset>
          <div className="actions">
            <button type="submit" className="button primary" disabled={busy} data-testid="channel-create">
              {busy ? t('common.working') : t('channels.create')}
            </button>
          </div>
        </form>
      )}
      <ErrorMessage error={error} testId="new-channel-error" />
    </div>
  );
}
