// Stays abroad, household members and emergency contacts: groups of inputs that can be added and removed. Each row
// is a fieldset named "Stay 2" (so a screen reader says which one an input belongs to), with its own remove button.
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import type { CountryOption } from './countries';
import { SelectInput, TextInput, countryChoices } from './FormFields';
import { emptyContact, emptyHouseholdMember, emptyStay, type ContactForm, type HouseholdForm, type ListName, type ProfileForm, type StayForm } from './profileForm';
import type { FormUpdate } from './ProfileFields';

interface GroupWords {
  title: MessageKey;
  hint: MessageKey;
  row: MessageKey;
  add: MessageKey;
  remove: MessageKey;
  empty: MessageKey;
}

const WORDS: Record<ListName, GroupWords> = {
  stays: { title: 'citizens.stays.title', hint: 'citizens.stays.hint', row: 'citizens.stays.row', add: 'citizens.stays.add', remove: 'citizens.stays.remove', empty: 'citizens.stays.empty' },
  household: { title: 'citizens.household.title', hint: 'citizens.household.hint', row: 'citizens.household.row', add: 'citizens.household.add', remove: 'citizens.household.remove', empty: 'citizens.household.empty' },
  emergency_contacts: { title: 'citizens.contacts.title', hint: 'citizens.contacts.hint', row: 'citizens.contacts.row', add: 'citizens.contacts.add', remove: 'citizens.contacts.remove', empty: 'citizens.contacts.empty' },
};

const FIRST_INPUT: Record<ListName, string> = { stays: 'country', household: 'full_name', emergency_contacts: 'full_name' };

function Group<T>({ list, items, onAdd, onRemove, renderRow, audience }: {
  list: ListName;
  items: T[];
  onAdd: () => void;
  onRemove: (index: number) => void;
  renderRow: (item: T, index: number) => ReactNode;
  audience: 'staff' | 'citizen';
}) {
  const { t } = useI18n();
  const words = WORDS[list];
  return (
    <fieldset className="cz-section cz-group" data-testid={`group-${list}`}>
      <legend>
        {t(words.title)} <span className="muted">{t('common.optional')}</span>
      </legend>
      <p className="muted small cz-section-hint">{t(audience === 'citizen' ? (`portal.${list}.hint` as MessageKey) : words.hint)}</p>
      {items.length === 0 ? <p className="small cz-group-empty">{t(words.empty)}</p> : null}
      {items.map((item, index) => (
        <fieldset key={index} className="cz-row" data-testid={`${list}-row`}>
          <legend>{t(words.row, { number: index + 1 })}</legend>
          <div className="form-grid">{renderRow(item, index)}</div>
          <button type="button" className="button small danger cz-row-remove" onClick={() => onRemove(index)} data-testid={`${list}-remove-${index}`}>
            {t(words.remove, { number: index + 1 })}
          </button>
        </fieldset>
      ))}
      <button type="button" className="button small" onClick={onAdd} data-testid={`${list}-add`}>
        {t(words.add)}
      </button>
    </fieldset>
  );
}

export function RepeatableGroups({ form, onChange, allCountries, audience, onAdded }: {
  form: ProfileForm;
  onChange: FormUpdate;
  allCountries: CountryOption[];
  audience: 'staff' | 'citizen';
  /** Called with the pointer of the first input of a row just added. */
  onAdded: (pointer: string) => void;
}) {
  const { t } = useI18n();
  const countries = countryChoices(allCountries);

  const add = <K extends ListName>(list: K, row: ProfileForm[K][number]) => {
    onChange((previous) => ({ ...previous, [list]: [...previous[list], row] }));
    onAdded(`/${list}/${form[list].length}/${FIRST_INPUT[list]}`);
  };
  const remove = (list: ListName) => (index: number) =>
    onChange((previous) => ({ ...previous, [list]: previous[list].filter((_, at) => at !== index) }));
  const setStay = (index: number, key: keyof StayForm) => (value: string) =>
    onChange((previous) => ({ ...previous, stays: previous.stays.map((stay, at) => (at === index ? { ...stay, [key]: value } : stay)) }));
  const setMember = (index: number, key: keyof HouseholdForm) => (value: string) =>
    onChange((previous) => ({ ...previous, household: previous.household.map((member, at) => (at === index ? { ...member, [key]: value } : member)) }));
  const setContact = (index: number, key: keyof ContactForm) => (value: string) =>
    onChange((previous) => ({
      ...previous,
      emergency_contacts: previous.emergency_contacts.map((contact, at) => (at === index ? { ...contact, [key]: value } : contact)),
    }));

  return (
    <>
      <Group
        list="stays"
        audience={audience}
        items={form.stays}
        onAdd={() => add('stays', emptyStay())}
        onRemove={remove('stays')}
        renderRow={(stay, index) => (
          <>
            <SelectInput pointer={`/stays/${index}/country`} label={t('citizens.field.country')} value={stay.country} onChange={setStay(index, 'country')} options={countries} placeholder={t('citizens.chooseCountry')} />
            <TextInput pointer={`/stays/${index}/city`} label={t('citizens.field.city')} optional value={stay.city} onChange={setStay(index, 'city')} maxLength={200} />
            <TextInput pointer={`/stays/${index}/from`} type="date" label={t('citizens.field.from')} value={stay.from} onChange={setStay(index, 'from')} />
            <TextInput pointer={`/stays/${index}/to`} type="date" label={t('citizens.field.to')} optional hint={t('citizens.hint.stayTo')} value={stay.to} onChange={setStay(index, 'to')} />
            <TextInput pointer={`/stays/${index}/note`} className="form-grid-full" label={t('citizens.field.note')} optional value={stay.note} onChange={setStay(index, 'note')} maxLength={500} />
          </>
        )}
      />
      <Group
        list="household"
        audience={audience}
        items={form.household}
        onAdd={() => add('household', emptyHouseholdMember())}
        onRemove={remove('household')}
        renderRow={(member, index) => (
          <>
            <TextInput pointer={`/household/${index}/full_name`} label={t('citizens.field.fullName')} value={member.full_name} onChange={setMember(index, 'full_name')} maxLength={200} autoComplete="off" />
            <TextInput pointer={`/household/${index}/relation`} label={t('citizens.field.relation')} optional hint={t('citizens.hint.relation')} value={member.relation} onChange={setMember(index, 'relation')} maxLength={200} />
            <TextInput pointer={`/household/${index}/date_of_birth`} type="date" label={t('citizens.field.dateOfBirth')} optional value={member.date_of_birth} onChange={setMember(index, 'date_of_birth')} />
            <TextInput pointer={`/household/${index}/passport_number`} label={t('citizens.field.passport')} optional value={member.passport_number} onChange={setMember(index, 'passport_number')} maxLength={20} autoCapitalize="characters" spellCheck={false} autoComplete="off" />
          </>
        )}
      />
      <Group
        list="emergency_contacts"
        audience={audience}
        items={form.emergency_contacts}
        onAdd={() => add('emergency_contacts', emptyContact())}
        onRemove={remove('emergency_contacts')}
        renderRow={(contact, index) => (
          <>
            <TextInput pointer={`/emergency_contacts/${index}/full_name`} label={t('citizens.field.fullName')} value={contact.full_name} onChange={setContact(index, 'full_name')} maxLength={200} autoComplete="off" />
            <TextInput pointer={`/emergency_contacts/${index}/relation`} label={t('citizens.field.relation')} optional hint={t('citizens.hint.relation')} value={contact.relation} onChange={setContact(index, 'relation')} maxLength={200} />
            <TextInput pointer={`/emergency_contacts/${index}/phone`} type="tel" label={t('citizens.field.phone')} hint={t('citizens.hint.contactMeans')} value={contact.phone} onChange={setContact(index, 'phone')} inputMode="tel" autoComplete="off" />
            <TextInput pointer={`/emergency_contacts/${index}/email`} type="email" label={t('citizens.field.email')} value={contact.email} onChange={setContact(index, 'email')} inputMode="email" spellCheck={false} autoCapitalize="none" autoComplete="off" />
          </>
        )}
      />
    </>
  );
}
