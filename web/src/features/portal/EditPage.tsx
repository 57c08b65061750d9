// Editing one's registration on the portal (/portal/edit): the saved details in the form, sent whole (PUT); then
// back to "my registration", which says it was saved.
import { Link, useNavigate } from 'react-router';
import { useI18n } from '../../i18n';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Citizen } from '../../shared/types';
import { formOfProfile } from '../citizens/profileForm';
import { portalApi } from './portalApi';
import { PortalProfileForm } from './PortalProfileForm';
import { usePortalSession } from './session';

export function EditPage() {
  const { t } = useI18n();
  const { session } = usePortalSession();
  const navigate = useNavigate();
  const loaded = useLoad((signal) => portalApi.get<Citizen>('/registration', { signal }), []);
  if (!session) return null;
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  return (
    <div className="pt-page" data-testid="portal-edit">
      <p className="breadcrumb">
        <Link to="/portal">{t('portal.mine.title')}</Link>
      </p>
      <h1>{t('portal.edit.title')}</h1>
      <PortalProfileForm
        session={session}
        initial={formOfProfile(loaded.data)}
        withConsents={false}
        submitLabel={t('portal.edit.submit')}
        onSubmit={async (draft) => {
          await portalApi.put<Citizen>('/registration', draft.profile);
          navigate('/portal', { state: { notice: 'saved' } });
        }}
        extraActions={
          <Link className="button" to="/portal">
            {t('common.cancel')}
          </Link>
        }
      />
    </div>
  );
}
