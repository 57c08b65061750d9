// A draft's page: who it would reach now (in total, by channel, by language, and those in the area no channel
// reaches), its CAP document, and what to do with it — change it, submit it (after a confirmation saying how many
// people it reaches and whether a second approval is needed), or discard it.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Alert, AlertRecipients } from '../../shared/types';
import { capXmlUrl } from './data';
import { channelLabel, languageLabel } from './labels';
import { channelCounts } from './progress';
import { DiscardConfirm } from './DiscardConfirm';

export function RecipientsPreview({ preview }: { preview: AlertRecipients }) {
  const { t, plural, number } = useI18n();
  const reachable = Math.max(0, preview.total - preview.without_channel);
  const channels = channelCounts(preview.by_channel);
  const languages = channelCounts(preview.by_language);
  return (
    <div className="al-preview" data-testid="alert-preview">
      <p className="al-big-number" data-testid="preview-reachable" data-count={reachable}>
        {plural('alerts.preview.reachable', reachable)}
      </p>
      {preview.without_channel > 0 ? (
        <p className="alert alert-warning" data-testid="preview-without-channel" data-count={preview.without_channel}>
          {plural('alerts.preview.withoutChannel', preview.without_channel)}
        </p>
      ) : null}
      {preview.total === 0 ? <p data-testid="preview-nobody">{t('alerts.preview.nobody')}</p> : null}
      <div className="al-preview-columns">
        <div>
          <h3>{t('alerts.preview.byChannel')}</h3>
          {channels.length === 0 ? (
            <p className="muted">{t('common.none')}</p>
          ) : (
            <dl className="facts al-counts" data-testid="preview-channels">
              {channels.map(([channel, count]) => (
                <div key={channel} className="al-count-row" data-channel={channel} data-count={count}>
                  <dt>{channelLabel(t, channel)}</dt>
                  <dd>{number(count)}</dd>
                </div>
              ))}
            </dl>
          )}
          <p className="muted small">{t('alerts.preview.byChannelHint')}</p>
        </div>
        <div>
          <h3>{t('alerts.preview.byLanguage')}</h3>
          {languages.length === 0 ? (
            <p className="muted">{t('common.none')}</p>
          ) : (
            <dl className="facts al-counts" data-testid="preview-languages">
              {languages.map(([language, count]) => (
                <div key={language} className="al-count-row" data-language={language} data-count={count}>
                  <dt>{languageLabel(t, language)}</dt>
                  <dd>{number(count)}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      </div>
    </div>
  );
}

export function DraftPanel({ alert, maySend, onChanged, onDiscarded }: {
  alert: Alert;
  maySend: boolean;
  onChanged: (alert: Alert) => void;
  onDiscarded: () => void;
}) {
  const { t, plural } = useI18n();
  // Only a sender may count the recipients (alerts_send); an approver sees the draft without them.
  const preview = useLoad(
    (signal) => (maySend ? api.get<AlertRecipients>(`/alerts/${alert.id}/recipients`, { signal }) : Promise.resolve(null)),
    [alert.id, alert.updated_at, maySend],
  );
  const [confirm, setConfirm] = useState<'submit' | 'discard' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirmRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (confirm) confirmRef.current?.focus();
  }, [confirm]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.post<Alert>(`/alerts/${alert.id}/submit`));
    } catch (caught) {
      setError(caught);
      setConfirm(null);
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
      setConfirm(null);
    } finally {
      setBusy(false);
    }
  };

  const counts = preview.data;
  const reachable = counts ? Math.max(0, counts.total - counts.without_channel) : 0;
  const actual = (alert.status ?? 'Actual') === 'Actual';
  return (
    <section className="card al-panel" aria-labelledby="al-draft-title" data-testid="draft-panel">
      <div className="section-head">
        <h2 id="al-draft-title">{t('alerts.preview.title')}</h2>
        {maySend ? (
          <button type="button" className="button small" onClick={preview.reload} disabled={preview.loading} data-testid="preview-reload">
            {t('alerts.preview.again')}
          </button>
        ) : null}
      </div>
      {!maySend ? <p data-testid="draft-not-sender">{t('alerts.preview.notSender')}</p> : null}
      {preview.loading && !counts ? <Loading /> : null}
      <ErrorMessage error={preview.error} testId="preview-error" />
      {counts ? <RecipientsPreview preview={counts} /> : null}
      {counts?.needs_approval ? (
        <p className="alert alert-warning" data-testid="preview-needs-approval">
          {t('alerts.preview.needsApproval')}
        </p>
      ) : null}
      <p>
        <a href={capXmlUrl(alert.id)} target="_blank" rel="noopener" data-testid="cap-link">
          {t('alerts.capLink')}
        </a>
      </p>
      <ErrorMessage error={error} testId="draft-error" />
      {maySend && confirm === null ? (
        <div className="actions">
          <button type="button" className={`button primary${actual ? ' al-send-actual' : ''}`} onClick={() => setConfirm('submit')} disabled={!counts || busy} data-testid="alert-submit">
            {counts?.needs_approval ? t('alerts.submitForApproval') : t('alerts.send')}
          </button>
          <Link className="button" to={`/alerts/${alert.id}/edit`} data-testid="alert-edit">
            {t('alerts.edit')}
          </Link>
          <button type="button" className="button danger" onClick={() => setConfirm('discard')} data-testid="alert-discard">
            {t('alerts.discard')}
          </button>
        </div>
      ) : null}
      {confirm === 'submit' && counts ? (
        <div className={`al-confirm${actual ? ' al-confirm-actual' : ''}`} role="alertdialog" aria-labelledby="al-confirm-title" aria-describedby="al-confirm-body" tabIndex={-1} ref={confirmRef} data-testid="submit-confirm">
          <h3 id="al-confirm-title">{counts.needs_approval ? t('alerts.confirm.approvalTitle') : t('alerts.confirm.sendTitle')}</h3>
          <div id="al-confirm-body">
            <p data-testid="submit-confirm-count">
              {plural(actual ? 'alerts.confirm.reachActual' : 'alerts.confirm.reachExercise', reachable)}
            </p>
            <p data-testid="submit-confirm-approval">{counts.needs_approval ? t('alerts.confirm.needsApproval') : t('alerts.confirm.noApproval')}</p>
            {alert.safety_check ? <p>{t('alerts.confirm.safety')}</p> : null}
          </div>
          <div className="actions">
            <button type="button" className={`button primary${actual ? ' al-send-actual' : ''}`} onClick={() => void submit()} disabled={busy} data-testid="submit-confirm-yes">
              {busy ? t('common.working') : counts.needs_approval ? t('alerts.submitForApproval') : t('alerts.sendNow')}
            </button>
            <button type="button" className="button" onClick={() => setConfirm(null)} disabled={busy}>
              {t('common.back')}
            </button>
          </div>
        </div>
      ) : null}
      {confirm === 'discard' ? <DiscardConfirm busy={busy} onDiscard={() => void discard()} onBack={() => setConfirm(null)} dialogRef={confirmRef} /> : null}
    </section>
  );
}
