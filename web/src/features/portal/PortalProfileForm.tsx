// The portal's registration form: the same fields as the staff form, in words for the citizen, with the contact
// the session proved locked (the server uses it whatever the form says), and, when registering, the consents per
// channel. Problems are shown beside their inputs in the reader's language.
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { ErrorMessage } from '../../shared/ui';
import type { PortalSession } from '../../shared/types';
import { ConsentChoices } from '../citizens/ConsentChoices';
import { countryOptions, intlCountryName, ISO_COUNTRY_CODES } from '../citizens/countries';
import { ProblemSummary } from '../citizens/FormFields';
import { ProfileFields } from '../citizens/ProfileFields';
import { noConsents, type ConsentForm, type ProfileDraft, type ProfileForm } from '../citizens/profileForm';
import { useProfileSave } from '../citizens/useProfileSave';

/** The channels a citizen chooses on the portal (web push needs this browser's subscription, not offered yet). */
export const PORTAL_CHANNELS = ['zalo', 'sms', 'email'] as const;

/** Every country but Viet Nam, by name in the reader's language (the portal cannot read the staff directory). */
export function usePortalCountries() {
  const { locale } = useI18n();
  return useMemo(() => {
    const nameOf = (code: string) => intlCountryName(code, locale);
    return { nameOf, options: countryOptions(ISO_COUNTRY_CODES.filter((code) => code !== 'VN'), nameOf, locale) };
  }, [locale]);
}

export function PortalProfileForm({ session, initial, withConsents, submitLabel, onSubmit, extraActions }: {
  session: PortalSession;
  initial: ProfileForm;
  withConsents: boolean;
  submitLabel: string;
  onSubmit: (draft: ProfileDraft, consents: ConsentForm) => Promise<void>;
  extraActions?: ReactNode;
}) {
  const { t } = useI18n();
  const countries = usePortalCountries();
  const [form, setForm] = useState<ProfileForm>(initial);
  const [consents, setConsents] = useState<ConsentForm>(noConsents);
  const saving = useProfileSave('pt');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saving.save(form, (draft) => onSubmit(draft, consents));
  };

  return (
    <form className="card form pt-card pt-form cz-form" onSubmit={submit} noValidate data-testid="portal-form">
      <p className="muted small">{t('citizens.form.required')}</p>
      <ProfileFields
        fields={{ prefix: 'pt', problem: saving.problem, showDetail: false }}
        form={form}
        onChange={(update) => setForm(update)}
        residenceCountries={countries.options}
        allCountries={countries.options}
        lockedContact={session.contact_kind}
        audience="citizen"
      />
      {withConsents ? <ConsentChoices value={consents} onChange={setConsents} channels={PORTAL_CHANNELS} audience="citizen" prefix="pt" /> : null}
      <ErrorMessage error={saving.error} testId="portal-form-error" />
      <ProblemSummary prefix="pt" problem={saving.problem} testId="portal-form-problem" />
      <div className="actions">
        <button type="submit" className="button primary pt-wide" disabled={saving.busy} data-testid="portal-save">
          {saving.busy ? t('common.working') : submitLabel}
        </button>
        {extraActions}
      </div>
    </form>
  );
}
