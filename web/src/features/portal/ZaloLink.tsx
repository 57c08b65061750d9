// Linking the citizen's Zalo account: a code (e.g. "DK 4827", valid a day) to send as a message to the Zalo
// Official Account of the embassy or consulate; the server links the Zalo account that sends it.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { ErrorMessage } from '../../shared/ui';
import { portalApi } from './portalApi';

export function ZaloLink({ linked }: { linked: boolean }) {
  const { t } = useI18n();
  const [code, setCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);

  const newCode = async () => {
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      setCode((await portalApi.post<{ code: string }>('/registration/zalo-code')).code);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section className="card pt-card" aria-labelledby="pt-zalo" data-testid="portal-zalo">
      <h2 id="pt-zalo">{t('portal.zalo.title')}</h2>
      <p data-testid="portal-zalo-state" data-linked={linked}>
        {linked ? t('portal.zalo.linked') : t('portal.zalo.notLinked')}
      </p>
      <p className="muted small">{t('portal.zalo.why')}</p>
      {code ? (
        <div className="pt-zalo-code" data-testid="portal-zalo-code-box">
          <p className="pt-code-label">{t('portal.zalo.yourCode')}</p>
          <p className="pt-code" data-testid="portal-zalo-code">
            {code}
          </p>
          <ol className="pt-steps">
            <li>{t('portal.zalo.step1')}</li>
            <li>{t('portal.zalo.step2')}</li>
            <li>{t('portal.zalo.step3', { code })}</li>
            <li>{t('portal.zalo.step4')}</li>
          </ol>
          <p className="muted small">{t('portal.zalo.validity')}</p>
          <div className="actions">
            <button type="button" className="button small" onClick={() => void copy()}>
              {copied ? t('common.copied') : t('common.copy')}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorMessage error={error} testId="portal-zalo-error" />
      <button type="button" className="button" onClick={() => void newCode()} disabled={busy} data-testid="portal-zalo-link">
        {busy ? t('common.working') : code ? t('portal.zalo.newCode') : linked ? t('portal.zalo.relink') : t('portal.zalo.link')}
      </button>
    </section>
  );
}
