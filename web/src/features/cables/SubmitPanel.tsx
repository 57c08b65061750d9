// Submission of a draft for clearance: one to ten named clearers (never the drafter), any-of or all-of,
// POST /cables/:id/submit {clearers, rule}. Used by the composer (which saves first) and by the reader.
import { useId, useState } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage } from '../../shared/ui';
import type { Cable, ClearanceRule, Id, UserRef } from '../../shared/types';
import { userLabel } from './model';
import { fieldLabelKey } from './draft';
import { UserPicker } from './UserPicker';

export const MAX_CLEARERS = 10;

/** Thrown by `prepare` to stop a submission for a reason it has already shown; its message is repeated here. */
export class SubmitStopped extends Error {}

export function SubmitPanel({
  drafterId,
  prepare,
  onSubmitted,
  initialClearers = [],
  initialRule = 'all',
}: {
  drafterId: Id | undefined;
  /** Returns the id of the draft to submit (the composer saves its changes first); throws to stop. */
  prepare: () => Promise<Id>;
  onSubmitted: (cable: Cable) => void;
  initialClearers?: UserRef[];
  initialRule?: ClearanceRule;
}) {
  const { t } = useI18n();
  const id = useId();
  const [clearers, setClearers] = useState<UserRef[]>(initialClearers);
  const [rule, setRule] = useState<ClearanceRule>(initialRule);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [stopped, setStopped] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    setStopped(null);
    if (clearers.length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    try {
      const cableId = await prepare();
      const cable = await api.post<Cable>(`/cables/${cableId}/submit`, { clearers: clearers.map((user) => user.id), rule });
      onSubmitted(cable);
    } catch (caught) {
      if (caught instanceof SubmitStopped) setStopped(caught.message);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const exclude = [...clearers.map((user) => user.id), ...(drafterId !== undefined ? [drafterId] : [])];

  return (
    <section className="card submit-panel" aria-labelledby={`${id}-title`} data-testid="cable-submit-panel">
      <h2 id={`${id}-title`}>{t('submit.title')}</h2>
      <p className="muted small">{t('submit.intro')}</p>
      {clearers.length < MAX_CLEARERS ? (
        <UserPicker
          testIdPrefix="clearer"
          searchLabel={t('submit.findClearer')}
          addLabel={t('submit.addClearer')}
          exclude={exclude}
          onPick={(user) => {
            setMissing(false);
            setClearers((list) => (list.some((item) => item.id === user.id) ? list : [...list, user]));
          }}
        />
      ) : (
        <p className="muted">{t('submit.maxClearers', { max: MAX_CLEARERS })}</p>
      )}
      <h3>{t('cable.clearers')}</h3>
      {clearers.length === 0 ? (
        <p className="muted" data-testid="clearers-empty">
          {t('submit.noClearers')}
        </p>
      ) : (
        <ul className="pick-list" data-testid="clearers-list">
          {clearers.map((user) => (
            <li key={user.id} data-testid="clearer-chosen" data-user-id={user.id}>
              <span>{userLabel(user) === `#${user.id}` ? t('userPicker.byNumber', { id: user.id }) : userLabel(user)}</span>
              <button
                type="button"
                className="button small"
                onClick={() => setClearers((list) => list.filter((item) => item.id !== user.id))}
                aria-label={t('submit.removeClearer', { name: userLabel(user) })}
              >
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <fieldset className="field">
        <legend>{t('cable.rule')}</legend>
        <div className="checks">
          {(['all', 'any'] as const).map((value) => (
            <div className="field-check" key={value}>
              <input
                type="radio"
                id={`${id}-rule-${value}`}
                name={`${id}-rule`}
                value={value}
                checked={rule === value}
                onChange={() => setRule(value)}
                data-testid={`clearance-rule-${value}`}
              />
              <label htmlFor={`${id}-rule-${value}`}>{t(value === 'all' ? 'cable.rule.all' : 'cable.rule.any')}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {missing || stopped ? (
        <div className="alert alert-error" role="alert" data-testid="cable-submit-stopped">
          <p>{stopped ?? t('submit.needClearer')}</p>
        </div>
      ) : null}
      <ErrorMessage
        error={error}
        testId="cable-submit-error"
        fieldLabel={(pointer) => {
          const key = fieldLabelKey(pointer);
          return key ? t(key) : null;
        }}
      />
      <div className="actions">
        <button type="button" className="button primary" disabled={busy} onClick={() => void submit()} data-testid="cable-submit">
          {busy ? t('common.working') : t('submit.submit')}
        </button>
      </div>
    </section>
  );
}
