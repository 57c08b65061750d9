// The directory: a world map of missions and the list grouped by region, with search (q) and filters (kind,
// region) applied by the server (GET /units?q=&kind=&region=), so accent folding is the server's.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading, unitName, useDebounced, useLoad } from '../../shared/ui';
import type { Unit } from '../../shared/types';
import { isMission, useDirectory } from './data';
import { kindLabel, regionLabel } from './labels';
import { WorldMap } from './WorldMap';

export function DirectoryPage() {
  const { t, locale, plural } = useI18n();
  const directory = useDirectory();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const region = params.get('region') ?? '';
  const debouncedQ = useDebounced(q);

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const filtered = useLoad<Unit[] | null>(
    async (signal) => {
      if (!debouncedQ.trim() && !kind && !region) return null; // No filter: the full list already loaded.
      const page = await api.get<{ items: Unit[] }>('/units', { query: { q: debouncedQ.trim(), kind, region }, signal });
      return page.items;
    },
    [debouncedQ, kind, region],
  );

  const shown = useMemo(() => {
    const source = filtered.data ?? directory.units;
    return source.filter(isMission);
  }, [filtered.data, directory.units]);

  const kinds = useMemo(() => [...new Set(directory.units.filter(isMission).map((unit) => unit.kind))].sort(), [directory.units]);
  const regions = useMemo(
    () => [...new Set(directory.units.filter(isMission).map((unit) => unit.region).filter(Boolean))].sort((a, b) =>
      regionLabel(t, a).localeCompare(regionLabel(t, b), locale),
    ),
    [directory.units, t, locale],
  );

  const groups = useMemo(() => {
    const byRegion = new Map<string, Unit[]>();
    for (const unit of shown) {
      const list = byRegion.get(unit.region ?? '') ?? [];
      list.push(unit);
      byRegion.set(unit.region ?? '', list);
    }
    return [...byRegion.entries()]
      .map(([name, units]) => ({
        name,
        units: units.sort((a, b) => unitName(a, locale).localeCompare(unitName(b, locale), locale)),
      }))
      .sort((a, b) => regionLabel(t, a.name).localeCompare(regionLabel(t, b.name), locale));
  }, [shown, locale, t]);

  const countryName = (code: string) => {
    const country = directory.countryByCode.get(code.toUpperCase());
    if (!country) return code;
    return locale === 'vi' ? country.name_vi : country.name_en;
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('directory.title')}</h1>
        <p className="count" aria-live="polite" data-testid="missions-count">
          {directory.ready ? plural('directory.count', shown.length) : ''}
        </p>
      </div>
      <ErrorMessage error={directory.error} />
      <WorldMap missions={shown} countries={directory.countries} />
      <form className="toolbar" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field field-grow">
          <label htmlFor="directory-q">{t('directory.search')}</label>
          <input
            id="directory-q"
            type="search"
            value={q}
            placeholder={t('directory.searchPlaceholder')}
            onChange={(event) => setParam('q', event.target.value)}
            data-testid="directory-search"
          />
        </div>
        <div className="field">
          <label htmlFor="directory-kind">{t('directory.kind')}</label>
          <select id="directory-kind" value={kind} onChange={(event) => setParam('kind', event.target.value)} data-testid="directory-kind">
            <option value="">{t('common.all')}</option>
            {kinds.map((value) => (
              <option key={value} value={value}>
                {kindLabel(t, value)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="directory-region">{t('directory.region')}</label>
          <select id="directory-region" value={region} onChange={(event) => setParam('region', event.target.value)} data-testid="directory-region">
            <option value="">{t('common.all')}</option>
            {regions.map((value) => (
              <option key={value} value={value}>
                {regionLabel(t, value)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorMessage error={filtered.error} />
      {!directory.ready ? <Loading /> : null}
      <section aria-labelledby="directory-results" data-testid="directory-results">
        <h2 id="directory-results" className="visually-hidden">
          {t('directory.results')}
        </h2>
        {directory.ready && shown.length === 0 && !filtered.loading ? <p>{t('directory.empty')}</p> : null}
        {groups.map((group) => (
          <section key={group.name || 'none'} className="region-group" aria-labelledby={`region-${group.name || 'none'}`}>
            <h3 id={`region-${group.name || 'none'}`}>
              {regionLabel(t, group.name)} <span className="muted">({group.units.length})</span>
            </h3>
            <ul className="unit-list">
              {group.units.map((unit) => (
                <li key={unit.id}>
                  <Link to={`/units/${unit.id}`} className="unit-link" data-testid="unit-link">
                    <span className="unit-name">{unitName(unit, locale)}</span>
                    <span className="unit-meta">
                      {kindLabel(t, unit.kind)} · {unit.city}
                      {unit.city && unit.country ? ', ' : ''}
                      {countryName(unit.country)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </div>
  );
}
