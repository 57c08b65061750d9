// "Discard this alert?": the confirmation the draft and approval panels show before discarding. It takes the focus
// when it opens (the panel passes its ref so that it can move the focus back).
import type { RefObject } from 'react';
import { useI18n } from '../../i18n';

export function DiscardConfirm({
  busy,
  onDiscard,
  onBack,
  dialogRef,
}: {
  busy: boolean;
  onDiscard: () => void;
  onBack: () => void;
  dialogRef: RefObject<HTMLDivElement>;
}) {
  const { t } = useI18n();
  return (
    <div className="al-confirm" role="alertdialog" aria-labelledby="al-discard-title" tabIndex={-1} ref={dialogRef} data-testid="discard-confirm">
      <h3 id="al-discard-title">{t('alerts.confirm.discardTitle')}</h3>
      <p>{t('alerts.confirm.discardBody')}</p>
      <div className="actions">
        <button type="button" className="button danger" onClick={onDiscard} disabled={busy} data-testid="discard-confirm-yes">
          {busy ? t('common.working') : t('alerts.discard')}
        </button>
        <button type="button" className="button" onClick={onBack} disabled={busy}>
          {t('common.back')}
        </button>
      </div>
    </div>
  );
}
