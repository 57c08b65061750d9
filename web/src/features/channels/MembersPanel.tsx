// The members of a unit or topic channel. Owners add people (the cables' user picker) and remove them; anyone may
// leave (POST /channels/:id/members {user_ids}, DELETE /channels/:id/members/:user_id).
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Notice } from '../../shared/ui';
import type { ChannelDetail, ChannelSummary, Id } from '../../shared/types';
import { UserPicker } from '../cables/UserPicker';
import { mayManageMembers, memberName } from './model';

export function MembersPanel({
  id,
  summary,
  detail,
  me,
  onChanged,
  onClose,
}: {
  id: string;
  summary: ChannelSummary;
  detail: ChannelDetail;
  me: Id;
  onChanged: () => Promise<void>;
  onClose: () => void;
}) {
  const { t, dateTime } = useI18n();
  const [busy, setBusy] = useState<Id | 'add' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const manage = mayManageMembers(summary);

  useEffect(() => headingRef.current?.focus(), []);

  const run = async (key: Id | 'add', action: () => Promise<void>, message: string) => {
    setBusy(key);
    setError(null);
    setDone(null);
    try {
      await action();
      await onChanged();
      setDone(message);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const members = [...detail.members].sort((a, b) => (a.role === b.role ? memberName(a).localeCompare(memberName(b)) : a.role === 'owner' ? -1 : 1));

  return (
    <section
      id={id}
      className="members-panel"
      aria-labelledby={`${id}-title`}
      data-testid="members-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="section-head">
        <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          {t('channels.membersTitle')}
        </h3>
        <button type="button" className="button small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <ul className="pick-list">
        {members.map((member) => {
          const name = memberName(member);
          const self = member.user_id === me;
          return (
            <li key={member.user_id} data-testid="member-item" data-user-id={member.user_id} data-role={member.role}>
              <span>
                <strong>{name}</strong>
                {member.username ? <span className="muted small"> @{member.username}</span> : null}
                {member.role === 'owner' ? <span className="badge role-action member-role">{t('channels.owner')}</span> : null}
                <span className="visually-hidden">{t('channels.joinedAt', { time: dateTime(member.joined_at) })}</span>
              </span>
              {self ? (
                <button
                  type="button"
                  className="button small danger"
                  disabled={busy !== null}
                  onClick={() => {
                    if (window.confirm(t('channels.leaveConfirm'))) void run(member.user_id, () => api.delete(`/channels/${summary.id}/members/${me}`), t('channels.left'));
                  }}
                  data-testid="member-leave"
                >
                  {t('channels.leave')}
                </button>
              ) : manage ? (
                <button
                  type="button"
                  className="button small"
                  disabled={busy !== null}
                  aria-label={t('channels.removeMember', { name })}
                  onClick={() => void run(member.user_id, () => api.delete(`/channels/${summary.id}/members/${member.user_id}`), t('channels.memberRemoved', { name }))}
                  data-testid="member-remove"
                >
                  {t('common.remove')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {manage ? (
        <UserPicker
          testIdPrefix="member"
          searchLabel={t('channels.findMember')}
          addLabel={t('channels.addMember')}
          exclude={detail.members.map((member) => member.user_id)}
          quietWhenForbidden
          onPick={(user) =>
            void run('add', () => api.post<void>(`/channels/${summary.id}/members`, { user_ids: [user.id] }), t('channels.memberAdded'))
          }
        />
      ) : null}
      {done ? <Notice testId="members-done">{done}</Notice> : null}
      <ErrorMessage error={error} testId="members-error" />
    </section>
  );
}
