// Registering on the portal, once signed in with a contact that has no registration yet: why it helps, then the
// form with the consents; afterwards the citizen sees their registration and its reference.
import { useI18n } from '../../i18n';
import type { Citizen } from '../../shared/types';
import { grantedOnly } from '../citizens/notice';
import { emptyProfileForm } from '../citizens/profileForm';
import { portalApi } from './portalApi';
import { PortalProfileForm } from './PortalProfileForm';
import { usePortalSession } from './session';

export function RegisterPage({ onRegistered }: { onRegistered: (citizen: Citizen) => void }) {
  const { t, locale } = useI18n();
  const { session, signOut } = usePortalSession();
  if (!session) return null;
  const initial = emptyProfileForm('', locale);
  if (session.contact_kind === 'email') initial.email = session.contact;
  else initial.phone = session.contact;

  return (
    <div className="pt-page" data-testid="portal-register">
      <h1>{t('portal.register.title')}</h1>
      <p className="lead">{t('portal.register.lead')}</p>
      <p className="pt-signed-in">
        {t('portal.signedInAs', { contact: session.contact })}{' '}
        <button type="button" className="button link" onClick={() => void signOut()} data-testid="portal-sign-out">
          {t('portal.signOut')}
        </button>
      </p>
      <PortalProfileForm
        session={session}
        initial={initial}
        withConsents
        submitLabel={t('portal.register.submit')}
        onSubmit={async (draft, consents) => {
          onRegistered(await portalApi.post<Citizen>('/registration', { ...draft.profile, consents: grantedOnly(consents) }));
        }}
      />
    </div>
  );
}
