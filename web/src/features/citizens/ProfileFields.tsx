// The inputs of a registration, shared by the staff form and the citizens' portal: the person, how to reach them,
// where they live (with an optional map point), the language of messages, then stays, household and emergency
// contacts as repeatable groups. The portal locks the contact its session proved (the server uses it anyway).
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import type { CitizenLanguage } from '../../shared/types';
import type { CountryOption } from './countries';
import { FieldsContext, SelectInput, Section, TextArea, TextInput, countryChoices, type FieldsContextValue } from './FormFields';
import { inputId, type ProfileForm } from './profileForm';
import { RepeatableGroups } from './RepeatableGroups';

export type FormUpdate = (update: (form: ProfileForm) => ProfileForm) => void;

export interface ProfileFieldsProps {
  fields: FieldsContextValue;
  form: ProfileForm;
  onChange: FormUpdate;
  residenceCountries: CountryOption[];
  allCountries: CountryOption[];
  /** The portal: the contact of the session, which cannot be changed here. */
  lockedContact?: 'email' | 'phone';
  /** Words for the person filling in about themselves ("your") rather than staff about someone. */
  audience: 'staff' | 'citizen';
}

/** Today as YYYY-MM-DD (the latest date of birth). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function ProfileFields({ fields, form, onChange, residenceCountries, allCountries, lockedContact, audience }: ProfileFieldsProps) {
  const { t } = useI18n();
  const [focusPointer, setFocusPointer] = useState<string | null>(null);
  const set = <K extends keyof ProfileForm>(key: K) => (value: ProfileForm[K]) => onChange((previous) => ({ ...previous, [key]: value }));
  const citizen = audience === 'citizen';

  // A row just added takes the focus on its first input, so keyboard and screen reader users land in it.
  useEffect(() => {
    if (!focusPointer) return;
    document.getElementById(inputId(fields.prefix, focusPointer))?.focus();
    setFocusPointer(null);
  }, [focusPointer, fields.prefix]);

  return (
    <FieldsContext.Provider value={fields}>
      <Section title={citizen ? t('citizens.section.you') : t('citizens.section.person')} testId={`${fields.prefix}-section-person`}>
        <TextInput pointer="/full_name" label={t('citizens.field.fullName')} hint={t('citizens.hint.fullName')} value={form.full_name} onChange={set('full_name')} autoComplete={citizen ? 'name' : 'off'} maxLength={200} />
        <TextInput pointer="/date_of_birth" type="date" label={t('citizens.field.dateOfBirth')} optional value={form.date_of_birth} onChange={set('date_of_birth')} max={today()} autoComplete={citizen ? 'bday' : 'off'} />
        <TextInput pointer="/passport_number" label={t('citizens.field.passport')} optional hint={t('citizens.hint.passport')} value={form.passport_number} onChange={set('passport_number')} maxLength={20} autoCapitalize="characters" spellCheck={false} autoComplete="off" />
      </Section>
      <Section title={t('citizens.section.reach')} hint={citizen ? t('portal.hint.reach') : t('citizens.hint.reach')} testId={`${fields.prefix}-section-reach`}>
        <TextInput
          pointer="/email"
          type="email"
          label={t('citizens.field.email')}
          optional={lockedContact !== 'email'}
          hint={lockedContact === 'email' ? t('portal.hint.lockedEmail') : undefined}
          value={form.email}
          onChange={set('email')}
          readOnly={lockedContact === 'email'}
          autoComplete={citizen ? 'email' : 'off'}
          inputMode="email"
          spellCheck={false}
          autoCapitalize="none"
        />
        <TextInput
          pointer="/phone"
          type="tel"
          label={t('citizens.field.phone')}
          optional={lockedContact !== 'phone'}
          hint={lockedContact === 'phone' ? t('portal.hint.lockedPhone') : t('citizens.hint.phone')}
          value={form.phone}
          onChange={set('phone')}
          readOnly={lockedContact === 'phone'}
          autoComplete={citizen ? 'tel' : 'off'}
          inputMode="tel"
        />
      </Section>
      <Section title={citizen ? t('portal.section.residence') : t('citizens.section.residence')} testId={`${fields.prefix}-section-residence`}>
        <SelectInput
          pointer="/residence_country"
          label={t('citizens.field.residenceCountry')}
          hint={citizen ? t('portal.hint.residenceCountry') : t('citizens.hint.residenceCountry')}
          value={form.residence_country}
          onChange={set('residence_country')}
          options={countryChoices(residenceCountries)}
          placeholder={t('citizens.chooseCountry')}
          autoComplete={citizen ? 'country' : 'off'}
        />
        <TextInput pointer="/city" label={t('citizens.field.city')} optional value={form.city} onChange={set('city')} maxLength={200} autoComplete={citizen ? 'address-level2' : 'off'} />
        <TextArea pointer="/address" className="form-grid-full" label={t('citizens.field.address')} optional value={form.address} onChange={set('address')} maxLength={500} />
        <fieldset className="field form-grid-full cz-map-point" aria-describedby={`${fields.prefix}-map-hint`}>
          <legend>
            {t('citizens.field.mapPoint')} <span className="muted">{t('common.optional')}</span>
          </legend>
          <small id={`${fields.prefix}-map-hint`}>{t('citizens.hint.mapPoint')}</small>
          <div className="cz-pair">
            <TextInput pointer="/location/latitude" label={t('citizens.field.latitude')} value={form.latitude} onChange={set('latitude')} inputMode="decimal" spellCheck={false} autoComplete="off" />
            <TextInput pointer="/location/longitude" label={t('citizens.field.longitude')} value={form.longitude} onChange={set('longitude')} inputMode="decimal" spellCheck={false} autoComplete="off" />
          </div>
        </fieldset>
        <SelectInput
          pointer="/language"
          label={t('citizens.field.language')}
          hint={citizen ? t('portal.hint.language') : undefined}
          value={form.language}
          onChange={(value) => set('language')(value as CitizenLanguage)}
          options={[
            { value: 'vi', label: t('lang.vi') },
            { value: 'en', label: t('lang.en') },
          ]}
        />
      </Section>
      <RepeatableGroups form={form} onChange={onChange} allCountries={allCountries} audience={audience} onAdded={setFocusPointer} />
    </FieldsContext.Provider>
  );
}
