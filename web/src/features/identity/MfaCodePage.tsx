// The second login step: a TOTP code or a recovery code (POST /auth/mfa).
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { AuthFrame } from '../../shared/AuthFrame';
import { ErrorMessage } from '../../shared/ui';
import type { LoginResponse } from '../../shared/types';

export function MfaCodePage() {
  const { t } = useI18n();
  const { acceptLogin, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/directory';
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await api.post<LoginResponse>('/auth/mfa', { code: code.replace(/\s+/g, '') }, { expectUnauthorized: true });
      acceptLogin({ ...response, status: response.status ?? 'ok' });
      navigate(from, { replace: true });
    } catch (caught) {
      setError(caught);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('mfa.title')}>
      <p className="muted">{t('mfa.intro')}</p>
      <form onSubmit={submit} className="form" noValidate data-testid="mfa-form">
        <div className="field">
          <label htmlFor="mfa-code">{t('mfa.code')}</label>
          <input
            id="mfa-code"
            name="code"
            autoComplete="one-time-code"
            inputMode="text"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            required
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        </div>
        <div aria-live="assertive">
          <ErrorMessage error={error} testId="mfa-error" />
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || !code.trim()}>
            {busy ? t('common.working') : t('mfa.submit')}
          </button>
          <button
            type="button"
            className="button link"
            onClick={() => void logout().finally(() => navigate('/login', { replace: true }))}
          >
            {t('mfa.cancel')}
          </button>
        </div>
      </form>
    </AuthFrame>
  );
}
