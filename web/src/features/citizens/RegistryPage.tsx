// The registry (/citizens?q=&country=): the registrations of the countries the user covers, newest last as the
// server pages them (`next_after`), with "N of M" counts; a search by name, city or reference that ignores accents
// and capitals (or an exact e-mail, phone or passport number); a country filter limited to the covered countries;
// links to register, import and (with citizens_export) export.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, Notice, usePagedList } from '../../shared/ui';
import type { CitizenPage, CitizenSummary } from '../../shared/types';
import { channelLabel } from './ConsentChoices';
import { useCitizenCountries } from './data';
import { noticeOf } from './notice';

const PAGE_SIZE = 50;

export function RegistryPage() {
  const { t, plural, number, dateTime } = useI18n();
  const { me } = useSession();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const country = params.get('country') ?? '';
  const countries = useCitizenCountries('citizens_read');
  const [text, setText] = useState(q);
  const listing = usePagedList<CitizenSummary>(async (after, signal) => {
    const page = await api.get<CitizenPage>('/citizens', { query: { q, country, after, limit: PAGE_SIZE }, signal });
    return { items: page.items, next: page.next_after, total: page.total };
  }, [q, country]);
  const { loading, error } = listing;
  const shown = noticeOf(location.state);

  useEffect(() => setText(q), [q]);

  const apply = (next: { q?: string; country?: string }) => {
    const merged = { q, country, ...next };
    const search = new URLSearchParams();
    if (merged.q.trim()) search.set('q', merged.q.trim());
    if (merged.country) search.set('country', merged.country);
    setParams(search);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply({ q: text });
  };

  const mayWrite = hasPermission(me, 'citizens_write');
  const mayExport = hasPermission(me, 'citizens_export');
  const items = listing.items ?? [];
  const searching = q !== '';
  return (
    <div className="page cz-page" data-testid="citizens-page">
      <div className="page-head">
        <h1>{t('citizens.title')}</h1>
        <div className="actions">
          {mayWrite ? (
            <>
              <Link className="button primary" to="/citizens/new" data-testid="citizen-new">
                {t('citizens.new')}
              </Link>
              <Link className="button" to="/citizens/import" data-testid="citizen-import">
                {t('citizens.import.link')}
              </Link>
            </>
          ) : null}
          {mayExport ? (
            <a className="button" href={`/api/v1/citizens/export${country ? `?country=${country}` : ''}`} download data-testid="citizen-export">
              {country ? t('citizens.exportCountry', { country: countries.nameOf(country) }) : t('citizens.export')}
            </a>
          ) : null}
        </div>
      </div>
      <p className="lead">{t('citizens.lead')}</p>
      {shown ? <Notice testId="citizens-notice">{t(shown.key, shown.params)}</Notice> : null}
      <form className="card cz-filters" role="search" onSubmit={submit} data-testid="citizens-search">
        <div className="toolbar">
          <div className="field cz-search-field">
            <label htmlFor="citizens-q">{t('citizens.search.label')}</label>
            <input id="citizens-q" type="search" value={text} onChange={(event) => setText(event.target.value)} aria-describedby="citizens-q-hint" spellCheck={false} data-testid="citizens-q" />
          </div>
          <div className="field cz-country-field">
            <label htmlFor="citizens-country">{t('citizens.field.country')}</label>
            <select id="citizens-country" value={country} onChange={(event) => apply({ country: event.target.value })} data-testid="citizens-country">
              <option value="">{t('citizens.allMyCountries')}</option>
              {countries.covered.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.name}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="button primary" data-testid="citizens-search-submit">
              {t('common.search')}
            </button>
            {searching ? (
              <button type="button" className="button link" onClick={() => apply({ q: '' })} data-testid="citizens-search-clear">
                {t('citizens.search.clear')}
              </button>
            ) : null}
          </div>
        </div>
        <p id="citizens-q-hint" className="muted small cz-search-hint">
          {t('citizens.search.hint')}
        </p>
      </form>
      <ErrorMessage error={error} testId="citizens-error" />
      <div className="section-head">
        <p className="count" role="status" data-testid="citizens-count">
          {listing.items === null
            ? ''
            : searching
              ? plural('citizens.list.found', items.length, { q })
              : plural('citizens.list.count', listing.total ?? items.length, { shown: number(items.length), total: number(listing.total ?? items.length) })}
        </p>
      </div>
      {listing.items === null && loading ? <Loading /> : null}
      {listing.items !== null && items.length === 0 && listing.next === null ? (
        <p data-testid="citizens-empty">{searching ? t('citizens.list.noMatch', { q }) : t('citizens.list.empty')}</p>
      ) : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table stack-table cz-table" data-testid="citizens-table">
            <caption className="visually-hidden">{t('citizens.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('citizens.field.fullName')}</th>
                <th scope="col">{t('citizens.field.reference')}</th>
                <th scope="col">{t('citizens.field.country')}</th>
                <th scope="col">{t('citizens.field.city')}</th>
                <th scope="col">{t('citizens.field.languageShort')}</th>
                <th scope="col">{t('citizens.field.channels')}</th>
                <th scope="col">{t('citizens.field.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((citizen) => (
                <tr key={citizen.id} data-testid="citizen-row" data-reference={citizen.reference}>
                  <th scope="row" data-label={t('citizens.field.fullName')}>
                    <Link to={`/citizens/${citizen.id}`} data-testid="citizen-link">
                      {citizen.full_name}
                    </Link>
                  </th>
                  <td data-label={t('citizens.field.reference')}>
                    <span className="mono nowrap">{citizen.reference}</span>
                  </td>
                  <td data-label={t('citizens.field.country')}>{countries.nameOf(citizen.residence_country)}</td>
                  <td data-label={t('citizens.field.city')}>
                    <span className="cell">{citizen.city}</span>
                  </td>
                  <td data-label={t('citizens.field.languageShort')}>{citizen.language === 'en' ? t('lang.en') : t('lang.vi')}</td>
                  <td data-label={t('citizens.field.channels')}>
                    {citizen.channels.length === 0 ? (
                      <span className="muted">{t('citizens.noChannels')}</span>
                    ) : (
                      <span className="cz-channels">
                        {citizen.channels.map((channel) => (
                          <span key={channel} className="badge cz-channel">
                            {t(channelLabel(channel))}
                          </span>
                        ))}
                      </span>
                    )}
                  </td>
                  <td data-label={t('citizens.field.updated')}>
                    <span className="nowrap">{dateTime(citizen.updated_at)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {listing.next !== null ? (
        <div className="actions">
          <button type="button" className="button" onClick={listing.more} disabled={loading} data-testid="citizens-more">
            {loading ? t('common.working') : searching ? t('citizens.list.searchFurther') : t('citizens.list.more')}
          </button>
          {searching ? <span className="muted small">{t('citizens.list.searchFurtherHint')}</span> : null}
        </div>
      ) : null}
    </div>
  );
}
