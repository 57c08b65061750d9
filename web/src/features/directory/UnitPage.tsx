// A mission's page: public facts, jurisdiction, contacts (directory_read), staff (staff_read), who is on call
// now, and the grant form for roles on this mission. Sections the caller may not see say so (403).
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api, getList, isApiError } from '../../shared/api';
import { useSession } from '../../shared/session';
import { hasPermission } from '../../shared/permissions';
import { ErrorMessage, Loading, unitName, useLoad } from '../../shared/ui';
import type { RosterEntry, StaffMember, UnitDetail } from '../../shared/types';
import { GrantRoleForm } from '../identity/GrantRoleForm';
import { useDirectory } from './data';
import { kindLabel, regionLabel } from './labels';

function Restricted({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (isApiError(error) && error.status === 403) {
    return (
      <p className="muted" data-testid="not-visible">
        {t('unit.notVisible')}
      </p>
    );
  }
  return <ErrorMessage error={error} />;
}

function normaliseOnCall(body: unknown): RosterEntry[] {
  if (Array.isArray(body)) return body as RosterEntry[];
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['items', 'entries', 'on_call']) if (Array.isArray(record[key])) return record[key] as RosterEntry[];
    if ('user_id' in record) return [record as unknown as RosterEntry];
  }
  return [];
}

/** The current time at the mission, refreshed every half minute. */
function useNow(): string {
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date().toISOString()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

export function UnitPage() {
  const { id } = useParams();
  const unitId = Number(id);
  const { t, locale, dateTime } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const now = useNow();
  const detail = useLoad((signal) => api.get<UnitDetail>(`/units/${unitId}`, { signal }), [unitId]);
  const staff = useLoad((signal) => getList<StaffMember>(`/units/${unitId}/staff`, { signal }), [unitId]);
  const onCall = useLoad(async (signal) => normaliseOnCall(await api.get<unknown>(`/units/${unitId}/on-call`, { signal })), [unitId]);

  // Without directory_read the detail is 403, but the public facts are in the list every user sees.
  const unit = detail.data ?? directory.unitById.get(unitId);
  if (!unit) {
    if (detail.loading || !directory.ready) return <Loading />;
    return (
      <div className="page">
        <h1>{t('unit.notFound')}</h1>
        <ErrorMessage error={isApiError(detail.error) && detail.error.status === 403 ? null : detail.error} />
        <Link to="/directory">{t('app.backHome')}</Link>
      </div>
    );
  }

  const parent = unit.parent_id !== null ? directory.unitById.get(unit.parent_id) : undefined;
  const countryName = (code: string) => {
    const country = directory.countryByCode.get(code.toUpperCase());
    if (!country) return code;
    return locale === 'vi' ? country.name_vi : country.name_en;
  };
  const canGrant = hasPermission(me, 'roles_grant', unit.id);
  const contacts = detail.data?.contacts;

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/directory">{t('nav.directory')}</Link>
      </p>
      <h1 data-testid="unit-title">{unitName(unit, locale)}</h1>
      <p className="lead">{locale === 'vi' ? unit.name_en : unit.name_vi}</p>
      <div className="columns">
        <section className="card" aria-labelledby="unit-facts">
          <h2 id="unit-facts">{t('unit.facts')}</h2>
          <dl className="facts">
            <dt>{t('unit.code')}</dt>
            <dd>{unit.code}</dd>
            <dt>{t('unit.kind')}</dt>
            <dd>{kindLabel(t, unit.kind)}</dd>
            <dt>{t('unit.city')}</dt>
            <dd>{unit.city}</dd>
            <dt>{t('unit.country')}</dt>
            <dd>{countryName(unit.country)}</dd>
            <dt>{t('unit.region')}</dt>
            <dd>{regionLabel(t, unit.region)}</dd>
            <dt>{t('unit.timeZone')}</dt>
            <dd>{unit.time_zone}</dd>
            <dt>{t('unit.localTime')}</dt>
            <dd data-testid="unit-local-time">{dateTime(now, unit.time_zone || undefined)}</dd>
            <dt>{t('unit.languages')}</dt>
            <dd>{(unit.languages ?? []).join(', ')}</dd>
            {parent ? (
              <>
                <dt>{t('unit.parent')}</dt>
                <dd>
                  <Link to={`/units/${parent.id}`}>{unitName(parent, locale)}</Link>
                </dd>
              </>
            ) : null}
            {detail.data && detail.data.staff_count !== undefined ? (
              <>
                <dt>{t('unit.staffCount')}</dt>
                <dd>{detail.data.staff_count}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="unit-jurisdiction">
          <h2 id="unit-jurisdiction">{t('unit.jurisdiction')}</h2>
          {(unit.jurisdiction ?? []).length === 0 ? <p>{t('unit.jurisdictionEmpty')}</p> : null}
          <ul className="chips" data-testid="jurisdiction">
            {(unit.jurisdiction ?? []).map((entry) => (
              <li key={entry.country} className={entry.primary ? 'chip chip-primary' : 'chip'}>
                {countryName(entry.country)} <span className="chip-note">({entry.primary ? t('unit.primary') : t('unit.secondary')})</span>
              </li>
            ))}
          </ul>
          <h2 id="unit-contacts">{t('unit.contacts')}</h2>
          {detail.error ? <Restricted error={detail.error} /> : null}
          {contacts ? (
            <dl className="facts">
              {contacts.address ? (
                <>
                  <dt>{t('unit.address')}</dt>
                  <dd>{contacts.address}</dd>
                </>
              ) : null}
              {contacts.phone ? (
                <>
                  <dt>{t('unit.phone')}</dt>
                  <dd>
                    <a href={`tel:${contacts.phone.replace(/\s+/g, '')}`}>{contacts.phone}</a>
                  </dd>
                </>
              ) : null}
              {contacts.email ? (
                <>
                  <dt>{t('unit.email')}</dt>
                  <dd>
                    <a href={`mailto:${contacts.email}`}>{contacts.email}</a>
                  </dd>
                </>
              ) : null}
              {contacts.website ? (
                <>
                  <dt>{t('unit.website')}</dt>
                  <dd>
                    <a href={contacts.website} rel="noopener noreferrer">
                      {contacts.website}
                    </a>
                  </dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </section>
      </div>
      <div className="columns">
        <section className="card" aria-labelledby="unit-oncall">
          <h2 id="unit-oncall">{t('unit.onCall')}</h2>
          {onCall.error ? <Restricted error={onCall.error} /> : null}
          {onCall.data && onCall.data.length === 0 ? <p>{t('unit.onCallEmpty')}</p> : null}
          {onCall.data && onCall.data.length > 0 ? (
            <ul data-testid="on-call">
              {onCall.data.map((entry) => (
                <li key={`${entry.id}-${entry.user_id}`}>
                  <strong>{entry.display_name}</strong> ({entry.role === 'backup' ? t('unit.rosterBackup') : t('unit.rosterPrimary')})
                  {entry.ends_at ? ` — ${t('unit.until', { time: dateTime(entry.ends_at, unit.time_zone || undefined) })}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section className="card card-wide" aria-labelledby="unit-staff">
          <h2 id="unit-staff">{t('unit.staff')}</h2>
          {staff.error ? <Restricted error={staff.error} /> : null}
          {staff.data && staff.data.length === 0 ? <p>{t('unit.staffEmpty')}</p> : null}
          {staff.data && staff.data.length > 0 ? (
            <div className="table-wrap">
              <table className="table" data-testid="staff-table">
                <thead>
                  <tr>
                    <th scope="col">{t('users.col.name')}</th>
                    <th scope="col">{t('users.create.title_')}</th>
                    <th scope="col">{t('unit.email')}</th>
                    <th scope="col">{t('unit.phone')}</th>
                  </tr>
                </thead>
                <tbody>
                  {staff.data.map((member) => (
                    <tr key={member.user_id}>
                      <td>
                        {hasPermission(me, 'users_manage') ? <Link to={`/users/${member.user_id}`}>{member.display_name}</Link> : member.display_name}
                      </td>
                      <td>{member.title}</td>
                      <td>{member.email}</td>
                      <td>{member.phone}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      </div>
      {canGrant ? (
        <section className="card" aria-labelledby="unit-grant">
          <h2 id="unit-grant">{t('unit.grantHere')}</h2>
          <GrantRoleForm unit={unit} units={directory.units} />
        </section>
      ) : null}
    </div>
  );
}
