// Signing in to the portal: an e-mail address or a phone number, then the 6-digit code sent to it (valid 10 minutes;
// a wrong code says how many tries are left; an expired one offers a new code). Why the last session ended is said
// first (signed out, expired, registration deleted).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { isApiError } from '../../shared/api';
import { retryMinutes } from '../../shared/problem';
import { ErrorMessage, Notice } from '../../shared/ui';
import type { PortalSession } from '../../shared/types';
import { portalApi } from './portalApi';
import { usePortalSession, type PortalEnding } from './session';
import { attemptsLeft, contactKind, normaliseCode } from './signIn';

const ENDINGS: Record<PortalEnding, MessageKey> = {
  signed_out: 'portal.ended.signedOut',
  expired: 'portal.ended.expired',
  erased: 'portal.ended.erased',
};

/** A sentence for a failed request of the sign-in, or null to show the generic error. */
function sentenceOf(error: unknown, t: (key: MessageKey, params?: Record<string, string | number>) => string): string | null {
  if (!isApiError(error)) return null;
  if (error.reason === 'code_wrong') {
    const left = attemptsLeft(error.problem);
    if (left === 0) return t('portal.code.noAttempts');
    return left === null ? t('portal.code.wrong') : t('portal.code.wrongLeft', { left });
  }
  if (error.reason === 'code_expired') return t('portal.code.expired');
  if (error.status === 400 && error.problem.field === '/contact') return t('portal.contact.invalid');
  if (error.status === 400 && error.problem.field === '/code') return t('portal.code.format');
  if (error.status === 429) return t('portal.code.tooMany', { minutes: retryMinutes(error.retryAfterSeconds) });
  if (error.status === 503) return t('portal.code.cannotSend');
  return null;
}

export function SignIn() {
  const { t, locale } = useI18n();
  const { accept, ended } = usePortalSession();
  const [step, setStep] = useState<'contact' | 'code'>('contact');
  const [contact, setContact] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [resent, setResent] = useState(false);
  const [invalidContact, setInvalidContact] = useState(false);
  const [invalidCode, setInvalidCode] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const contactRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (step === 'code' ? codeRef : contactRef).current?.focus();
  }, [step]);

  const sendCode = async (again: boolean) => {
    setBusy(true);
    setError(null);
    setResent(false);
    try {
      await portalApi.post('/codes', { contact: contact.trim(), language: locale });
      setCode('');
      setStep('code');
      setResent(again);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const requestCode = (event: FormEvent) => {
    event.preventDefault();
    setInvalidContact(!contactKind(contact));
    if (contactKind(contact)) void sendCode(false);
    else contactRef.current?.focus();
  };

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    setInvalidCode(normaliseCode(code).length !== 6);
    if (normaliseCode(code).length !== 6) {
      codeRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setResent(false);
    try {
      accept(await portalApi.post<PortalSession>('/session', { contact: contact.trim(), code: normaliseCode(code) }));
    } catch (caught) {
      setError(caught);
      codeRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const kind = contactKind(contact);
  const local = step === 'contact' ? invalidContact && 'portal.contact.invalid' : invalidCode && 'portal.code.format';
  const sentence = local ? t(local) : sentenceOf(error, t);

  return (
    <div className="pt-page" data-testid="portal-sign-in">
      <h1>{t('portal.signIn.title')}</h1>
      <p className="lead">{t('portal.signIn.lead')}</p>
      {ended ? <Notice testId="portal-ended">{t(ENDINGS[ended])}</Notice> : null}
      {step === 'contact' ? (
        <form className="card form pt-card" onSubmit={requestCode} noValidate data-testid="portal-contact-form">
          <div className="field">
            <label htmlFor="pt-contact">{t('portal.contact.label')}</label>
            <input
              id="pt-contact"
              ref={contactRef}
              type="text"
              inputMode="email"
              autoComplete="email"
              autoCapitalize="none"
              spellCheck={false}
              value={contact}
              onChange={(event) => {
                setContact(event.target.value);
                setInvalidContact(false);
              }}
              aria-describedby={`pt-contact-hint${sentence ? ' pt-sign-in-error' : ''}`}
              aria-invalid={sentence ? true : undefined}
              data-testid="portal-contact"
            />
            <small id="pt-contact-hint">{t('portal.contact.hint')}</small>
          </div>
          {sentence ? (
            <p className="alert alert-error" role="alert" id="pt-sign-in-error" data-testid="portal-sign-in-error">
              {sentence}
            </p>
          ) : (
            <ErrorMessage error={error} testId="portal-sign-in-error" />
          )}
          <button type="submit" className="button primary pt-wide" disabled={busy} data-testid="portal-send-code">
            {busy ? t('common.working') : t('portal.contact.send')}
          </button>
          <p className="muted small">{t('portal.signIn.newOrReturning')}</p>
        </form>
      ) : (
        <form className="card form pt-card" onSubmit={(event) => void signIn(event)} noValidate data-testid="portal-code-form">
          <p className="pt-sent" role="status" data-testid="portal-code-sent">
            {resent ? t('portal.code.resent') : null} {t(kind === 'phone' ? 'portal.code.sentPhone' : 'portal.code.sentEmail', { contact: contact.trim() })}{' '}
            <strong>{t('portal.code.validity')}</strong>
          </p>
          <div className="field">
            <label htmlFor="pt-code">{t('portal.code.label')}</label>
            <input
              id="pt-code"
              ref={codeRef}
              className="pt-code-input"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={7}
              value={code}
              onChange={(event) => {
                setCode(event.target.value);
                setInvalidCode(false);
              }}
              aria-describedby={`pt-code-hint${sentence ? ' pt-sign-in-error' : ''}`}
              aria-invalid={sentence ? true : undefined}
              data-testid="portal-code"
            />
            <small id="pt-code-hint">{t('portal.code.hint')}</small>
          </div>
          {sentence ? (
            <p className="alert alert-error" role="alert" id="pt-sign-in-error" data-testid="portal-sign-in-error" data-reason={isApiError(error) ? error.reason : undefined}>
              {sentence}
            </p>
          ) : (
            <ErrorMessage error={error} testId="portal-sign-in-error" />
          )}
          <button type="submit" className="button primary pt-wide" disabled={busy} data-testid="portal-sign-in-submit">
            {busy ? t('common.working') : t('portal.code.submit')}
          </button>
          <div className="actions pt-secondary-actions">
            <button type="button" className="button link" onClick={() => void sendCode(true)} disabled={busy} data-testid="portal-resend">
              {t('portal.code.resend')}
            </button>
            <button
              type="button"
              className="button link"
              onClick={() => {
                setStep('contact');
                setError(null);
                setInvalidCode(false);
                setResent(false);
              }}
              data-testid="portal-change-contact"
            >
              {t('portal.code.changeContact')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
