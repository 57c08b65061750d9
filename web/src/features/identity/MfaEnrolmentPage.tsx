// MFA enrolment: the server makes a secret (POST /me/mfa/enrolment) shown as a QR code and as text; a code from
// the app confirms it, and the 10 recovery codes are shown once.
import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { AuthFrame } from '../../shared/AuthFrame';
import { ErrorMessage, Loading } from '../../shared/ui';
import type { MfaConfirmResponse, MfaEnrolment } from '../../shared/types';

/** The server's SVG as a data: URL, so it is shown by <img> without innerHTML (and allowed by CSP img-src data:). */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** Groups a base32 secret in fours for reading aloud or typing. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

export function MfaEnrolmentPage() {
  const { t } = useI18n();
  const { acceptLogin, stage } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/directory';
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [recovery, setRecovery] = useState<MfaConfirmResponse | null>(null);

  const start = async () => {
    setError(null);
    setBusy(true);
    try {
      setEnrolment(await api.post<MfaEnrolment>('/me/mfa/enrolment'));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void start();
  }, []);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setRecovery(await api.post<MfaConfirmResponse>('/me/mfa/enrolment/confirm', { code: code.replace(/\s+/g, '') }));
    } catch (caught) {
      setError(caught);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const finish = () => {
    if (!recovery) return;
    acceptLogin({ csrf_token: recovery.csrf_token, me: recovery.me, status: 'ok' });
    navigate(stage === 'active' ? '/me/security' : from, { replace: true });
  };

  if (recovery) {
    return (
      <AuthFrame title={t('enrol.recoveryTitle')} wide>
        <p role="status">{t('enrol.done')}</p>
        <p>{t('enrol.recoveryIntro')}</p>
        <ol className="recovery-codes" aria-label={t('enrol.recoveryList')} data-testid="recovery-codes">
          {recovery.recovery_codes.map((value) => (
            <li key={value}>
              <code>{value}</code>
            </li>
          ))}
        </ol>
        <button type="button" className="button primary" onClick={finish} data-testid="recovery-saved">
          {t('enrol.saved')}
        </button>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('enrol.title')} wide>
      <p>{t('enrol.intro')}</p>
      <div aria-live="assertive">
        <ErrorMessage error={error} testId="enrol-error" />
      </div>
      {!enrolment && busy ? <Loading /> : null}
      {!enrolment && !busy ? (
        <button type="button" className="button" onClick={() => void start()}>
          {t('enrol.start')}
        </button>
      ) : null}
      {enrolment ? (
        <div className="enrolment">
          <img className="qr" src={svgDataUrl(enrolment.qr_svg)} alt={t('enrol.qrAlt')} width={200} height={200} />
          <div className="enrolment-side">
            <p id="secret-label">{t('enrol.secret')}</p>
            <p>
              <code className="secret" aria-labelledby="secret-label" data-testid="mfa-secret" data-secret={enrolment.secret}>
                {groupSecret(enrolment.secret)}
              </code>
            </p>
            <form onSubmit={confirm} className="form" noValidate data-testid="enrol-form">
              <div className="field">
                <label htmlFor="enrol-code">{t('enrol.code')}</label>
                <input
                  id="enrol-code"
                  name="code"
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  pattern="[0-9]*"
                  maxLength={8}
                  required
                  value={code}
                  onChange={(event) => setCode(event.target.value)}
                />
              </div>
              <button type="submit" className="button primary" disabled={busy || code.trim().length < 6}>
                {busy ? t('common.working') : t('enrol.confirm')}
              </button>
            </form>
          </div>
        </div>
      ) : null}
    </AuthFrame>
  );
}
