// An alert awaiting the second approval. Someone else than its composer and submitter, holding alerts_approve on
// its unit, approves it — after reading it (the content is shown under this panel) — and it is sent at once. The
// server asks for a fresh authenticator code (403 step_up_required): the code is asked here, then the approval is
// sent again. The composer, the submitter and senders may still discard it.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, useLoad } from '../../shared/ui';
import type { Alert, AlertRecipients } from '../../shared/types';
import { StepUpForm } from '../cables/StepUpForm';
import { RecipientsPreview } from './DraftPanel';
import { DiscardConfirm } from './DiscardConfirm';

export function ApprovalPanel({ alert, maySend, onChanged, onDiscarded }: {
  alert: Alert;
  maySend: boolean;
  onChanged: (alert: Alert) => void;
  onDiscarded: () => void;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [stepUp, setStepUp] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const discardRef = useRef<HTMLDivElement>(null);
  const own = !!me && (me.id === alert.created_by || me.id === alert.submitted_by);
  const mayApprove = hasPermission(me, 'alerts_approve', alert.unit_id) && !own;
  // The counts are read with alerts_send; an approver without it approves from the content alone.
  const preview = useLoad(
    (signal) => (maySend ? api.get<AlertRecipients>(`/alerts/${alert.id}/recipients`, { signal }) : Promise.resolve(null)),
    [alert.id, maySend],
  );

  useEffect(() => {
    if (confirmDiscard) discardRef.current?.focus();
  }, [confirmDiscard]);

  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      const sent = await api.post<Alert>(`/alerts/${alert.id}/approve`);
      setStepUp(false);
      onChanged(sent);
    } catch (caught) {
      if (isApiError(caught) && caught.reason === 'step_up_required') setStepUp(true);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const discard = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.delete(`/alerts/${alert.id}`);
      onDiscarded();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
      setConfirmDiscard(false);
    }
  };

  return (
    <section className="card al-panel al-approval" aria-labelledby="al-approval-title" data-testid="approval-panel">
      <h2 id="al-approval-title">{t('alerts.approval.title')}</h2>
      <p>{t('alerts.approval.intro')}</p>
      {preview.data ? <RecipientsPreview preview={preview.data} /> : null}
      {own ? <p className="alert alert-warning" data-testid="approval-own">{t('alerts.approval.own')}</p> : null}
      {!own && !mayApprove ? <p data-testid="approval-waiting">{t('alerts.approval.waiting')}</p> : null}
      <ErrorMessage error={error} testId="approval-error" />
      {stepUp ? (
        <StepUpForm
          title={t('alerts.approval.stepUpTitle')}
          intro={t('alerts.approval.stepUpIntro')}
          submitLabel={t('alerts.approval.stepUpSubmit')}
          onVerified={() => void approve()}
          onCancel={() => setStepUp(false)}
        />
      ) : null}
      {!stepUp && !confirmDiscard ? (
        <div className="actions">
          {mayApprove ? (
            <button type="button" className="button primary al-send-actual" onClick={() => void approve()} disabled={busy} data-testid="alert-approve">
              {busy ? t('common.working') : t('alerts.approval.approve')}
            </button>
          ) : null}
          {maySend || own ? (
            <button type="button" className="button danger" onClick={() => setConfirmDiscard(true)} disabled={busy} data-testid="alert-discard">
              {t('alerts.discard')}
            </button>
          ) : null}
        </div>
      ) : null}
      {confirmDiscard ? <DiscardConfirm busy={busy} onDiscard={() => void discard()} onBack={() => setConfirmDiscard(false)} dialogRef={discardRef} /> : null}
    </section>
  );
}
