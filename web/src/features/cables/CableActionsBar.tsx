// What the user may do with a cable now: edit and submit a draft, withdraw it from clearance, clear or return it
// (a pending clearer), release it (FLASH: after a fresh authenticator code). Each action calls the API, then the
// reader shows the cable the server answered with (the full view: a fresh GET would be one more audited read, and
// by a releaser it would record receipts). Acknowledgements are in the matrix, one button per addressee unit.
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { ErrorMessage } from '../../shared/ui';
import type { Cable } from '../../shared/types';
import { mayCompose, type CableActions } from './model';
import { fieldLabelKey } from './draft';
import { useSession } from '../../shared/session';
import { StepUpForm } from './StepUpForm';
import { SubmitPanel } from './SubmitPanel';

/** `onChanged` receives the cable the server answered with (its full view), to show without reading it again. */
export function CableActionsBar({
  cable,
  actions,
  onChanged,
}: {
  cable: Cable;
  actions: CableActions;
  onChanged: (updated: Cable | undefined) => void;
}) {
  const { t, plural } = useI18n();
  const { me } = useSession();
  const id = useId();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [comment, setComment] = useState('');
  const [needComment, setNeedComment] = useState(false);
  const [stepUp, setStepUp] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  const run = async (name: string, call: () => Promise<Cable>) => {
    setBusy(name);
    setError(null);
    try {
      const updated = await call();
      setComment('');
      setStepUp(false);
      onChanged(updated);
    } catch (caught) {
      if (name === 'release' && isApiError(caught) && caught.reason === 'step_up_required') setStepUp(true);
      else setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const release = () => run('release', () => api.post<Cable>(`/cables/${cable.id}/release`));
  const decide = (decision: 'cleared' | 'returned') => {
    if (decision === 'returned' && !comment.trim()) {
      setNeedComment(true);
      return;
    }
    setNeedComment(false);
    void run(decision, () => api.post<Cable>(`/cables/${cable.id}/clearance`, { decision, comment: comment.trim() }));
  };

  const cite = cable.state === 'transmitted' && mayCompose(me);
  const anything = actions.edit || actions.submit || actions.withdraw || actions.decide || actions.release || cite;
  if (!anything && actions.acknowledge.length === 0) return null;

  return (
    <section className="card cable-actions" aria-labelledby={`${id}-title`} data-testid="cable-actions">
      <h2 id={`${id}-title`}>{t('actions.title')}</h2>
      {actions.acknowledge.length > 0 ? (
        <p className="alert alert-warning" data-testid="cable-ack-pending">
          {plural('actions.ackPending', actions.acknowledge.length)} <a href="#ack-matrix">{t('actions.toMatrix')}</a>
        </p>
      ) : null}
      {actions.decide ? (
        <div className="decision-form">
          <p>{t('actions.decideIntro')}</p>
          <div className="field">
            <label htmlFor={`${id}-comment`}>{t('cable.comment')}</label>
            <textarea
              id={`${id}-comment`}
              rows={3}
              maxLength={2000}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              aria-describedby={`${id}-comment-hint`}
              data-testid="cable-comment"
            />
            <small id={`${id}-comment-hint`}>{t('actions.commentHint')}</small>
          </div>
          {needComment ? (
            <div className="alert alert-error" role="alert">
              <p>{t('actions.returnNeedsComment')}</p>
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        {actions.decide ? (
          <>
            <button type="button" className="button primary" disabled={busy !== null} onClick={() => decide('cleared')} data-testid="cable-clear">
              {busy === 'cleared' ? t('common.working') : t('actions.clear')}
            </button>
            <button type="button" className="button danger" disabled={busy !== null} onClick={() => decide('returned')} data-testid="cable-return">
              {busy === 'returned' ? t('common.working') : t('actions.return')}
            </button>
          </>
        ) : null}
        {actions.release ? (
          <button type="button" className="button primary" disabled={busy !== null} onClick={() => void release()} data-testid="cable-release">
            {busy === 'release' ? t('common.working') : t('actions.release')}
          </button>
        ) : null}
        {actions.edit ? (
          <Link to={`/cables/${cable.id}/edit`} state={{ cable }} className="button" data-testid="cable-edit">
            {t('actions.edit')}
          </Link>
        ) : null}
        {actions.submit ? (
          <button
            type="button"
            className="button"
            aria-expanded={submitting}
            onClick={() => setSubmitting((open) => !open)}
            data-testid="cable-submit-open"
          >
            {t('actions.submit')}
          </button>
        ) : null}
        {actions.withdraw ? (
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => void run('withdraw', () => api.post<Cable>(`/cables/${cable.id}/withdraw`))}
            data-testid="cable-withdraw"
          >
            {busy === 'withdraw' ? t('common.working') : t('actions.withdraw')}
          </button>
        ) : null}
        {cite ? (
          <Link to={`/cables/new?references=${cable.id}`} className="button" data-testid="cable-cite">
            {t('actions.cite')}
          </Link>
        ) : null}
      </div>
      {stepUp ? (
        <StepUpForm
          onVerified={() => void release()}
          onCancel={() => setStepUp(false)}
        />
      ) : null}
      <ErrorMessage
        error={error}
        testId="cable-action-error"
        fieldLabel={(pointer) => {
          const key = fieldLabelKey(pointer);
          return key ? t(key) : null;
        }}
      />
      {submitting && actions.submit ? (
        <SubmitPanel
          drafterId={cable.drafter.id}
          initialClearers={(cable.clearance?.clearers ?? []).map((clearer) => clearer.user)}
          initialRule={cable.clearance?.rule ?? 'all'}
          prepare={async () => cable.id}
          onSubmitted={(updated) => {
            setSubmitting(false);
            onChanged(updated);
          }}
        />
      ) : null}
    </section>
  );
}
