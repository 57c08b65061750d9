// Login: username and password, then (by the server's answer) the MFA code step or MFA enrolment.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useLocation } from 'react-router';
import { useI18n } from '../../i18n';
import { useSession } from '../../shared/session';
import { AuthFrame } from '../../shared/AuthFrame';
import { ErrorMessage, Notice } from '../../shared/ui';

export function LoginPage() {
  const { t } = useI18n();
  const { login, endedReason } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);

  useEffect(() => usernameRef.current?.focus(), []);

  const from = (location.state as { from?: string } | null)?.from ?? '/directory';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await login(username.trim(), password);
      setPassword('');
      if (response.status === 'mfa_required') navigate('/login/mfa', { replace: true, state: { from } });
      else if (response.status === 'mfa_enrolment_required') navigate('/mfa/enrol', { replace: true, state: { from } });
      else navigate(from, { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('login.title')}>
      <p className="muted">{t('login.intro')}</p>
      {endedReason === 'logged_out' ? <Notice>{t('login.loggedOut')}</Notice> : null}
      {endedReason === 'expired' ? <Notice>{t('login.sessionEnded')}</Notice> : null}
      <form onSubmit={submit} className="form" noValidate data-testid="login-form">
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            ref={usernameRef}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <div aria-live="assertive">
          <ErrorMessage error={error} testId="login-error" />
        </div>
        <button type="submit" className="button primary" disabled={busy || !username || !password}>
          {busy ? t('common.working') : t('login.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
