// One registration (/citizens/:id): the person, how to reach them, where they live, their stays, household and
// emergency contacts; each channel's consent with the time it last changed (holders of citizens_write record consent
// given or withdrawn outside the portal); whether Zalo is linked; Edit, and Erase after a confirmation that says it
// cannot be undone. Every read is audited by the server. A registration outside the user's countries is a 404.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, Notice, useLoad } from '../../shared/ui';
import { CONTACT_CHANNELS, type Citizen, type ContactChannel } from '../../shared/types';
import { channelLabel } from './ConsentChoices';
import { useCitizenCountries } from './data';
import { notice, noticeOf } from './notice';
import { ProfileDetails } from './ProfileDetails';

export function CitizenPage() {
  const { id } = useParams();
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const countries = useCitizenCountries('citizens_write');
  const loaded = useLoad((signal) => api.get<Citizen>(`/citizens/${id}`, { signal }), [id]);
  const citizen = loaded.data;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const shown = noticeOf(location.state);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (loaded.error) {
    const missing = isApiError(loaded.error) && loaded.error.status === 404;
    return (
      <div className="page cz-page">
        <p className="breadcrumb">
          <Link to="/citizens">{t('citizens.title')}</Link>
        </p>
        {missing ? (
          <p className="alert alert-error" role="alert" data-testid="citizen-missing">
            {t('citizens.missing')}
          </p>
        ) : (
          <ErrorMessage error={loaded.error} />
        )}
      </div>
    );
  }
  if (!citizen) return <Loading />;

  const mayWrite = hasPermission(me, 'citizens_write') && countries.scope.codes.includes(citizen.residence_country);

  const setConsent = async (channel: ContactChannel, granted: boolean) => {
    setBusy(channel);
    setError(null);
    try {
      const updated = await api.put<Citizen>(`/citizens/${citizen.id}/consents/${channel}`, { granted });
      loaded.setData(() => updated);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const erase = async () => {
    setBusy('erase');
    setError(null);
    try {
      await api.delete(`/citizens/${citizen.id}`);
      navigate('/citizens', { replace: true, state: notice('citizens.erased', { reference: citizen.reference }) });
    } catch (caught) {
      setError(caught);
      setBusy(null);
    }
  };

  return (
    <div className="page cz-page" data-testid="citizen-page" data-reference={citizen.reference}>
      <p className="breadcrumb">
        <Link to="/citizens">{t('citizens.title')}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1 data-testid="citizen-name">{citizen.full_name}</h1>
          <p className="cz-reference">
            {t('citizens.field.reference')}: <span className="mono" data-testid="citizen-reference">{citizen.reference}</span>
            {citizen.origin ? <span className="badge cz-origin">{t(`citizens.origin.${citizen.origin}`)}</span> : null}
          </p>
        </div>
        {mayWrite ? (
          <div className="actions">
            <Link className="button primary" to={`/citizens/${citizen.id}/edit`} data-testid="citizen-edit">
              {t('citizens.edit')}
            </Link>
            <button type="button" className="button danger" onClick={() => setConfirming(true)} aria-expanded={confirming} aria-controls="citizen-erase-confirm" data-testid="citizen-erase">
              {t('citizens.erase')}
            </button>
          </div>
        ) : null}
      </div>
      {shown ? <Notice testId="citizen-notice">{t(shown.key, shown.params)}</Notice> : null}
      {confirming ? (
        <section id="citizen-erase-confirm" className="card cz-danger-zone" aria-labelledby="citizen-erase-title" data-testid="citizen-erase-confirm">
          <h2 id="citizen-erase-title" tabIndex={-1} ref={confirmRef}>
            {t('citizens.eraseConfirm.title', { name: citizen.full_name })}
          </h2>
          <p>{t('citizens.eraseConfirm.body', { reference: citizen.reference })}</p>
          <p className="cz-warning">{t('citizens.eraseConfirm.undo')}</p>
          <div className="actions">
            <button type="button" className="button primary cz-danger" onClick={() => void erase()} disabled={busy === 'erase'} data-testid="citizen-erase-yes">
              {busy === 'erase' ? t('common.working') : t('citizens.eraseConfirm.yes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} data-testid="citizen-erase-no">
              {t('common.cancel')}
            </button>
          </div>
        </section>
      ) : null}
      <ErrorMessage error={error} testId="citizen-error" />
      <div className="columns">
        <ProfileDetails profile={citizen} nameOf={countries.nameOf} />
        <section className="card" aria-labelledby="citizen-consents" data-testid="citizen-consents">
          <h2 id="citizen-consents">{t('citizens.consents.title')}</h2>
          <ul className="plain-list cz-consent-states">
            {CONTACT_CHANNELS.map((channel) => {
              const consent = citizen.consents[channel];
              return (
                <li key={channel} data-testid={`consent-${channel}`} data-granted={consent.granted}>
                  <div className="cz-consent-state">
                    <strong>{t(channelLabel(channel))}</strong>
                    <span className={`badge ${consent.granted ? 'cz-granted' : 'cz-withheld'}`}>{consent.granted ? t('citizens.consent.granted') : t('citizens.consent.notGranted')}</span>
                  </div>
                  <span className="muted small">
                    {consent.changed_at ? t('citizens.consent.changedAt', { at: dateTime(consent.changed_at) }) : t('citizens.consent.never')}
                  </span>
                  {mayWrite ? (
                    <button type="button" className="button small" onClick={() => void setConsent(channel, !consent.granted)} disabled={busy === channel} data-testid={`consent-${channel}-toggle`}>
                      {consent.granted ? t('citizens.consent.recordWithdrawn') : t('citizens.consent.recordGranted')}
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <dl className="facts cz-links">
            <dt>{t('citizens.zaloLinked')}</dt>
            <dd data-testid="citizen-zalo-linked">{citizen.zalo_linked ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('citizens.webPushSubscribed')}</dt>
            <dd>{citizen.web_push_subscribed ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('citizens.field.created')}</dt>
            <dd>{dateTime(citizen.created_at)}</dd>
            <dt>{t('citizens.field.updated')}</dt>
            <dd>{dateTime(citizen.updated_at)}</dd>
          </dl>
        </section>
      </div>
    </div>
  );
}
