// The one-tap page of a safety check (/safe/:token, in the portal's bundle, without any session: the token in the
// link names one delivery, hence one alert and one citizen). It shows the alert's headline and what to do, and two
// large buttons — "I am safe" and "I need help" — each of which sends the answer at once, with the optional message
// and location given above them. The latest answer counts, so it can be changed. Phone first. Opened from a web
// push notification's "I need help" button (?answer=need_help&via=web_push), it asks for the message first, and
// the answer is counted as given by web push.
import { useEffect, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useI18n } from '../../../i18n';
import { isApiError, request } from '../../../shared/api';
import { ErrorMessage, Loading } from '../../../shared/ui';
import type { SafetyAnswer, SafetyLocation, SafetyQuestion, SafetyStatus } from '../../../shared/types';
import './safe.css';

type Phase = { kind: 'loading' } | { kind: 'invalid' } | { kind: 'failed'; error: unknown } | { kind: 'asking' } | { kind: 'answered'; status: SafetyStatus };

type Place = { kind: 'none' } | { kind: 'finding' } | { kind: 'found'; location: SafetyLocation; accuracy: number } | { kind: 'refused' };

const path = (token: string) => `/public/safety/${encodeURIComponent(token)}`;
const publicCall = { csrfToken: null, expectUnauthorized: true } as const;

/** Whether this browser can be asked for its location here (only on a secure page). */
function locationAvailable(): boolean {
  return typeof navigator !== 'undefined' && 'geolocation' in navigator && (typeof window === 'undefined' || window.isSecureContext !== false);
}

export function SafePage() {
  const { token = '' } = useParams();
  const [search] = useSearchParams();
  const askingForHelp = search.get('answer') === 'need_help';
  const via = search.get('via') === 'web_push' ? 'web_push' : undefined;
  const { t, setLocale, number } = useI18n();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [question, setQuestion] = useState<SafetyQuestion | null>(null);
  const [message, setMessage] = useState('');
  const [place, setPlace] = useState<Place>({ kind: 'none' });
  const [sending, setSending] = useState<SafetyStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const messageBox = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    request<SafetyQuestion>('GET', path(token), { ...publicCall, signal: controller.signal })
      .then((found) => {
        setQuestion(found);
        // The page speaks the language the message was written in; the switch above changes it.
        if (found.language === 'vi' || found.language === 'en') setLocale(found.language);
        setPhase({ kind: 'asking' });
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(caught) && (caught.status === 404 || caught.status === 400)) setPhase({ kind: 'invalid' });
        else setPhase({ kind: 'failed', error: caught });
      });
    return () => controller.abort();
  }, [token, setLocale]);

  useEffect(() => {
    if (phase.kind === 'answered' || phase.kind === 'invalid') heading.current?.focus();
    if (phase.kind === 'asking' && askingForHelp) messageBox.current?.focus();
  }, [phase.kind, askingForHelp]);

  const findPlace = () => {
    if (!locationAvailable()) {
      setPlace({ kind: 'refused' });
      return;
    }
    setPlace({ kind: 'finding' });
    navigator.geolocation.getCurrentPosition(
      (position) =>
        setPlace({
          kind: 'found',
          location: { latitude: position.coords.latitude, longitude: position.coords.longitude },
          accuracy: Math.round(position.coords.accuracy),
        }),
      () => setPlace({ kind: 'refused' }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const answer = async (status: SafetyStatus) => {
    setSending(status);
    setError(null);
    const body: SafetyAnswer = { status };
    if (via) body.via = via;
    if (message.trim()) body.message = message.trim();
    if (place.kind === 'found') body.location = place.location;
    try {
      await request<void>('POST', path(token), { ...publicCall, body });
      setPhase({ kind: 'answered', status });
    } catch (caught) {
      if (isApiError(caught) && caught.status === 404) setPhase({ kind: 'invalid' });
      else setError(caught);
    } finally {
      setSending(null);
    }
  };

  if (phase.kind === 'loading') return <Loading />;
  if (phase.kind === 'invalid') {
    return (
      <div className="pt-page sf-page" data-testid="safe-invalid">
        <h1 tabIndex={-1} ref={heading}>
          {t('safe.invalid.title')}
        </h1>
        <p>{t('safe.invalid.body')}</p>
        <p className="muted">{t('safe.invalid.reply')}</p>
      </div>
    );
  }
  if (phase.kind === 'failed') {
    return (
      <div className="pt-page sf-page">
        <h1>{t('safe.question')}</h1>
        <ErrorMessage error={phase.error} testId="safe-error" />
      </div>
    );
  }
  if (phase.kind === 'answered') {
    const safe = phase.status === 'safe';
    return (
      <div className="pt-page sf-page" data-testid="safe-thanks" data-status={phase.status}>
        <div className={`card sf-thanks ${safe ? 'sf-thanks-safe' : 'sf-thanks-help'}`} role="status">
          <h1 tabIndex={-1} ref={heading}>
            {t(safe ? 'safe.thanks.safeTitle' : 'safe.thanks.helpTitle')}
          </h1>
          <p>{t(safe ? 'safe.thanks.safeBody' : 'safe.thanks.helpBody')}</p>
          {!safe ? <p className="sf-emergency">{t('safe.thanks.emergency')}</p> : null}
        </div>
        <button type="button" className="button link sf-change" onClick={() => setPhase({ kind: 'asking' })} data-testid="safe-change">
          {t('safe.change')}
        </button>
      </div>
    );
  }

  return (
    <div className="pt-page sf-page" data-testid="safe-page">
      <p className="sf-kicker">{t('safe.kicker')}</p>
      <h1 className="sf-headline" data-testid="safe-headline">
        {question?.headline}
      </h1>
      {question?.instruction ? (
        <p className="sf-instruction" data-testid="safe-instruction">
          {question.instruction}
        </p>
      ) : null}
      {question?.answered ? (
        <p className="pt-sent" data-testid="safe-answered">
          {t(question.answered === 'safe' ? 'safe.answered.safe' : 'safe.answered.help')}
        </p>
      ) : null}
      <section className="card sf-card" aria-labelledby="sf-question">
        <h2 id="sf-question">{t('safe.question')}</h2>
        {askingForHelp ? (
          <p className="sf-help-first" data-testid="safe-help-first">
            {t('safe.helpFirst')}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="sf-message">
            {t('safe.message')} <span className="muted">{t('common.optional')}</span>
          </label>
          <textarea ref={messageBox} id="sf-message" rows={3} maxLength={2000} value={message} onChange={(event) => setMessage(event.target.value)} aria-describedby="sf-message-hint" data-testid="safe-message" />
          <small id="sf-message-hint">{t('safe.messageHint')}</small>
        </div>
        <div className="sf-location" aria-live="polite">
          {place.kind === 'found' ? (
            <p data-testid="safe-location">
              {t('safe.location.found', { latitude: place.location.latitude.toFixed(4), longitude: place.location.longitude.toFixed(4), accuracy: number(place.accuracy) })}{' '}
              <button type="button" className="button link" onClick={() => setPlace({ kind: 'none' })}>
                {t('safe.location.remove')}
              </button>
            </p>
          ) : (
            <>
              <button type="button" className="button sf-share" onClick={findPlace} disabled={place.kind === 'finding'} data-testid="safe-share-location">
                {place.kind === 'finding' ? t('safe.location.finding') : t('safe.location.share')}
              </button>
              <small className="muted">{t('safe.location.hint')}</small>
              {place.kind === 'refused' ? <p className="sf-refused">{t('safe.location.refused')}</p> : null}
            </>
          )}
        </div>
        <p className="sf-tap-hint">{t('safe.tapHint')}</p>
        <div className="sf-answers">
          <button type="button" className="button sf-answer sf-safe" onClick={() => void answer('safe')} disabled={sending !== null} data-testid="safe-yes">
            {sending === 'safe' ? t('common.working') : t('safe.safe')}
          </button>
          <button type="button" className="button sf-answer sf-help" onClick={() => void answer('need_help')} disabled={sending !== null} data-testid="safe-help">
            {sending === 'need_help' ? t('common.working') : t('safe.help')}
          </button>
        </div>
        <ErrorMessage error={error} testId="safe-error" />
      </section>
    </div>
  );
}
