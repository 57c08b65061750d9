// The fresh two-factor check a FLASH release needs (and an alert's second approval): a 6-digit authenticator code
// (or a recovery code) sent to POST /auth/mfa, after which the caller retries the action. `title`, `intro` and
// `submitLabel` say what the check is for; a FLASH release by default.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage } from '../../shared/ui';
import type { LoginResponse } from '../../shared/types';

export function StepUpForm({ onVerified, onCancel, title, intro, submitLabel }: {
  onVerified: () => void;
  onCancel: () => void;
  title?: string;
  intro?: string;
  submitLabel?: string;
}) {
  const { t } = useI18n();
  const { setMe } = useSession();
  const id = useId();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await api.post<LoginResponse>('/auth/mfa', { code: code.replace(/\s+/g, '') });
      if (response?.me) setMe({ ...response.me, csrf_token: response.csrf_token ?? response.me.csrf_token });
      setCode('');
      onVerified();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="step-up" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} data-testid="step-up-form">
      <h3 id={`${id}-title`}>{title ?? t('stepUp.title')}</h3>
      <p>{intro ?? t('stepUp.intro')}</p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('stepUp.code')}</label>
          <input
            ref={input}
            id={`${id}-code`}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={64}
            data-testid="step-up-code"
          />
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || !code.trim()} data-testid="step-up-submit">
            {busy ? t('common.working') : submitLabel ?? t('stepUp.submit')}
          </button>
          <button type="button" className="button link" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
      <ErrorMessage error={error} testId="step-up-error" />
    </form>
  );
}
