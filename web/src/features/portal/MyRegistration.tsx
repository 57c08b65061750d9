// "My registration" on the portal: the reference and the details (with Edit), each channel's consent as a switch
// explained in plain words, alerts on this device (web push), linking Zalo (a code to send to the embassy's Zalo Official Account), downloading
// everything held (JSON), signing out, and deleting the registration after a clear confirmation.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useI18n } from '../../i18n';
import { ErrorMessage, Loading, Notice, useLoad } from '../../shared/ui';
import type { Citizen, ContactChannel } from '../../shared/types';
import { channelLabel, consentHelp } from '../citizens/ConsentChoices';
import { ProfileDetails } from '../citizens/ProfileDetails';
import { DevicePush } from './DevicePush';
import { EXPORT_URL, portalApi } from './portalApi';
import { PORTAL_CHANNELS, usePortalCountries } from './PortalProfileForm';
import { usePortalSession } from './session';
import { ZaloLink } from './ZaloLink';

export function MyRegistration({ registered }: { registered: Citizen | null }) {
  const { t, dateTime } = useI18n();
  const { session, signOut, end } = usePortalSession();
  const location = useLocation();
  const countries = usePortalCountries();
  const loaded = useLoad((signal) => (registered ? Promise.resolve(registered) : portalApi.get<Citizen>('/registration', { signal })), [registered]);
  const citizen = loaded.data;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const saved = (location.state as { notice?: string } | null)?.notice === 'saved';

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!citizen) return <Loading />;

  // The switch moves at once; the server's answer (with the time of the change) replaces it, a failure puts it back.
  const setConsent = async (channel: ContactChannel, granted: boolean) => {
    const before = citizen.consents[channel];
    const withConsent = (consent: typeof before) => (previous: Citizen | undefined) =>
      previous ? { ...previous, consents: { ...previous.consents, [channel]: consent } } : previous;
    setBusy(channel);
    setError(null);
    loaded.setData(withConsent({ ...before, granted }));
    try {
      const updated = await portalApi.put<Citizen>(`/registration/consents/${channel}`, { granted });
      loaded.setData(() => updated);
    } catch (caught) {
      loaded.setData(withConsent(before));
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const erase = async () => {
    setBusy('erase');
    setError(null);
    try {
      await portalApi.delete('/registration');
      end('erased');
    } catch (caught) {
      setError(caught);
      setBusy(null);
    }
  };

  return (
    <div className="pt-page" data-testid="portal-mine">
      <h1>{t('portal.mine.title')}</h1>
      <p className="pt-signed-in">
        {t('portal.signedInAs', { contact: session?.contact ?? '' })}{' '}
        <button type="button" className="button link" onClick={() => void signOut()} data-testid="portal-sign-out">
          {t('portal.signOut')}
        </button>
      </p>
      {registered ? (
        <Notice testId="portal-registered">
          <p>{t('portal.mine.registered')}</p>
        </Notice>
      ) : null}
      {saved ? <Notice testId="portal-saved">{t('portal.mine.saved')}</Notice> : null}
      <p className="pt-reference">
        {t('portal.mine.reference')} <strong className="mono" data-testid="portal-reference">{citizen.reference}</strong>
      </p>
      <p className="muted small">{t('portal.mine.referenceHint')}</p>
      <ErrorMessage error={error} testId="portal-error" />

      <ProfileDetails profile={citizen} nameOf={countries.nameOf} testId="portal-details" />
      <div className="actions">
        <Link className="button primary" to="/portal/edit" data-testid="portal-edit-link">
          {t('portal.mine.edit')}
        </Link>
      </div>

      <section className="card pt-card" aria-labelledby="pt-consents" data-testid="portal-consents">
        <h2 id="pt-consents">{t('portal.consents.title')}</h2>
        <p className="muted small">{t('portal.consents.changeHint')}</p>
        <ul className="cz-consent-list">
          {PORTAL_CHANNELS.map((channel) => {
            const consent = citizen.consents[channel];
            return (
              <li key={channel} className="field-check cz-consent">
                <input
                  type="checkbox"
                  role="switch"
                  id={`pt-switch-${channel}`}
                  checked={consent.granted}
                  aria-busy={busy === channel || undefined}
                  onChange={(event) => {
                    // Not disabled while saving (the focus would be lost); a second change waits for the first.
                    if (busy !== channel) void setConsent(channel, event.target.checked);
                  }}
                  aria-describedby={`pt-switch-${channel}-help pt-switch-${channel}-state`}
                  data-testid={`portal-switch-${channel}`}
                />
                <span>
                  <label htmlFor={`pt-switch-${channel}`}>{t(channelLabel(channel))}</label>
                  <small id={`pt-switch-${channel}-help`} className="cz-consent-help">
                    {t(consentHelp(channel, 'citizen'))}
                  </small>
                  <small id={`pt-switch-${channel}-state`} className="pt-consent-state" data-testid={`portal-consent-${channel}-state`}>
                    {consent.granted
                      ? t('portal.consent.onSince', { at: dateTime(consent.changed_at) })
                      : consent.changed_at
                        ? t('portal.consent.offSince', { at: dateTime(consent.changed_at) })
                        : t('portal.consent.off')}
                  </small>
                </span>
              </li>
            );
          })}
        </ul>
        <DevicePush citizen={citizen} onChange={(updated) => loaded.setData(() => updated)} />
      </section>

      <ZaloLink linked={citizen.zalo_linked} />

      <section className="card pt-card" aria-labelledby="pt-data">
        <h2 id="pt-data">{t('portal.data.title')}</h2>
        <p>{t('portal.data.body')}</p>
        <a className="button" href={EXPORT_URL} download="my-registration.json" data-testid="portal-download">
          {t('portal.data.download')}
        </a>
      </section>

      <section className="card pt-card cz-danger-zone" aria-labelledby="pt-delete" data-testid="portal-delete">
        <h2 id="pt-delete">{t('portal.delete.title')}</h2>
        <p>{t('portal.delete.lead')}</p>
        {!confirming ? (
          <button type="button" className="button danger" onClick={() => setConfirming(true)} aria-expanded={false} data-testid="portal-delete-start">
            {t('portal.delete.start')}
          </button>
        ) : (
          <div className="pt-confirm" data-testid="portal-delete-confirm">
            <h3 tabIndex={-1} ref={confirmRef}>
              {t('portal.delete.confirmTitle')}
            </h3>
            <ul>
              <li>{t('portal.delete.point1')}</li>
              <li>{t('portal.delete.point2')}</li>
              <li>{t('portal.delete.point3')}</li>
            </ul>
            <p className="cz-warning">{t('portal.delete.undo')}</p>
            <div className="actions">
              <button type="button" className="button primary cz-danger" onClick={() => void erase()} disabled={busy === 'erase'} data-testid="portal-delete-yes">
                {busy === 'erase' ? t('common.working') : t('portal.delete.yes')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)} data-testid="portal-delete-no">
                {t('portal.delete.keep')}
              </button>
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
