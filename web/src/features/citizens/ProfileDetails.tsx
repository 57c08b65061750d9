// What a registration says, to read: the person, how to reach them, where they live (the map point links to
// OpenStreetMap), then stays, household and emergency contacts. Shared by the staff page and the portal.
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import type { CitizenProfile } from '../../shared/types';
import { formatDay } from './profileForm';

function Value({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <>{children === '' || children === null || children === undefined ? <span className="muted">{t('citizens.notGiven')}</span> : children}</>;
}

/** Days (YYYY-MM-DD) written the reader's way. */
export function useDay(): (day: string) => string {
  const { locale } = useI18n();
  return (day: string) => formatDay(day, locale);
}

export function ProfileDetails({ profile, nameOf, testId = 'citizen-details' }: { profile: CitizenProfile; nameOf: (code: string) => string; testId?: string }) {
  const { t } = useI18n();
  const day = useDay();
  const point = profile.location;
  return (
    <section className="card cz-details" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h2 id={`${testId}-title`}>{t('citizens.details.title')}</h2>
      <dl className="facts">
        <dt>{t('citizens.field.fullName')}</dt>
        <dd data-testid="detail-full_name">{profile.full_name}</dd>
        <dt>{t('citizens.field.dateOfBirth')}</dt>
        <dd data-testid="detail-date_of_birth"><Value>{profile.date_of_birth ? day(profile.date_of_birth) : ''}</Value></dd>
        <dt>{t('citizens.field.passport')}</dt>
        <dd>{profile.passport_number ? <span className="mono">{profile.passport_number}</span> : <Value>{''}</Value>}</dd>
        <dt>{t('citizens.field.email')}</dt>
        <dd data-testid="detail-email"><Value>{profile.email}</Value></dd>
        <dt>{t('citizens.field.phone')}</dt>
        <dd data-testid="detail-phone"><Value>{profile.phone}</Value></dd>
        <dt>{t('citizens.field.residenceCountry')}</dt>
        <dd data-testid="detail-residence_country">{nameOf(profile.residence_country)}</dd>
        <dt>{t('citizens.field.city')}</dt>
        <dd data-testid="detail-city"><Value>{profile.city}</Value></dd>
        <dt>{t('citizens.field.address')}</dt>
        <dd className="cz-multiline"><Value>{profile.address}</Value></dd>
        <dt>{t('citizens.field.mapPoint')}</dt>
        <dd>
          {point ? (
            <a href={`https://www.openstreetmap.org/?mlat=${point.latitude}&mlon=${point.longitude}#map=15/${point.latitude}/${point.longitude}`} target="_blank" rel="noreferrer noopener">
              {t('citizens.mapPointValue', { latitude: point.latitude, longitude: point.longitude })}
            </a>
          ) : (
            <Value>{''}</Value>
          )}
        </dd>
        <dt>{t('citizens.field.language')}</dt>
        <dd>{profile.language === 'en' ? t('lang.en') : t('lang.vi')}</dd>
      </dl>

      <h3>{t('citizens.stays.title')}</h3>
      {profile.stays.length === 0 ? (
        <p className="muted small">{t('citizens.stays.none')}</p>
      ) : (
        <ul className="plain-list cz-entries" data-testid="detail-stays">
          {profile.stays.map((stay, index) => (
            <li key={index}>
              <strong>{[nameOf(stay.country), stay.city].filter(Boolean).join(', ')}</strong>
              <span>{stay.to ? t('citizens.stays.period', { from: day(stay.from), to: day(stay.to) }) : t('citizens.stays.since', { from: day(stay.from) })}</span>
              {stay.note ? <span className="muted">{stay.note}</span> : null}
            </li>
          ))}
        </ul>
      )}

      <h3>{t('citizens.household.title')}</h3>
      {profile.household.length === 0 ? (
        <p className="muted small">{t('citizens.household.none')}</p>
      ) : (
        <ul className="plain-list cz-entries" data-testid="detail-household">
          {profile.household.map((member, index) => (
            <li key={index}>
              <strong>{member.full_name}</strong>
              <span>{[member.relation, member.date_of_birth ? day(member.date_of_birth) : '', member.passport_number].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('citizens.contacts.title')}</h3>
      {profile.emergency_contacts.length === 0 ? (
        <p className="muted small">{t('citizens.contacts.none')}</p>
      ) : (
        <ul className="plain-list cz-entries" data-testid="detail-contacts">
          {profile.emergency_contacts.map((contact, index) => (
            <li key={index}>
              <strong>{contact.full_name}</strong>
              <span>{[contact.relation, contact.phone, contact.email].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
