// The area of an alert: a description in words, whole countries of the unit's jurisdiction, and polygons and
// circles drawn on the map or typed as coordinates. Anyone registered in any of them, who consented to a channel,
// receives the alert.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import type { AlertForm } from './alertForm';
import type { CircleForm, PolygonForm } from './shapes';
import type { LatLon } from './cap';
import { AreaShapes } from './AreaShapes';
import { CheckGroup, FieldMessage, Section, TextField, useField } from './fields';
import { MapEditor } from './MapEditor';

type Change = (update: (form: AlertForm) => AlertForm) => void;

/** Every country, for a headquarters unit: chosen one by one from a list, shown as removable chips. */
function AnyCountries({ chosen, options, onChange }: { chosen: string[]; options: { code: string; name: string }[]; onChange: (codes: string[]) => void }) {
  const { t } = useI18n();
  const field = useField('/area/countries');
  const [pick, setPick] = useState('');
  const nameOf = (code: string) => options.find((option) => option.code === code)?.name ?? code;
  return (
    <div className="field" data-testid="al-area-countries">
      <label htmlFor={field.id}>{t('alerts.field.countries')}</label>
      <div className="toolbar">
        <select id={field.id} value={pick} onChange={(event) => setPick(event.target.value)} aria-invalid={field.invalid || undefined} aria-describedby={field.described}>
          <option value="">{t('alerts.area.chooseCountry')}</option>
          {options
            .filter((option) => !chosen.includes(option.code))
            .map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
        </select>
        <button
          type="button"
          className="button small"
          disabled={!pick}
          onClick={() => {
            onChange([...chosen, pick]);
            setPick('');
          }}
        >
          {t('alerts.area.addCountry')}
        </button>
      </div>
      {chosen.length > 0 ? (
        <ul className="chips al-country-chips">
          {chosen.map((code) => (
            <li key={code} className="chip">
              {nameOf(code)}
              <button type="button" className="button link small" onClick={() => onChange(chosen.filter((item) => item !== code))} aria-label={t('alerts.area.removeCountry', { country: nameOf(code) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <FieldMessage pointer="/area/countries" />
    </div>
  );
}

export function AreaSection({ form, onChange, jurisdiction, countryOptions, unitPoint }: {
  form: AlertForm;
  onChange: Change;
  /** The unit's countries ('world' for HQ). */
  jurisdiction: string[] | 'world';
  /** Choices of countries, by name: the jurisdiction's, or every country for HQ. */
  countryOptions: { code: string; name: string }[];
  unitPoint: LatLon | null;
}) {
  const { t } = useI18n();
  const onPolygons = (update: (polygons: PolygonForm[]) => PolygonForm[]) => onChange((previous) => ({ ...previous, polygons: update(previous.polygons) }));
  const onCircles = (update: (circles: CircleForm[]) => CircleForm[]) => onChange((previous) => ({ ...previous, circles: update(previous.circles) }));
  const setCountries = (countries: string[]) => onChange((previous) => ({ ...previous, countries }));
  return (
    <Section title={t('alerts.form.area')} testId="al-area" hint={t('alerts.form.areaHint')}>
      <div className="al-area-problem" id="al-area" tabIndex={-1}>
        <FieldMessage pointer="/area" />
      </div>
      <TextField
        pointer="/area/description"
        label={t('alerts.field.areaDescription')}
        hint={t('alerts.form.areaDescriptionHint')}
        value={form.areaDescription}
        onChange={(areaDescription) => onChange((previous) => ({ ...previous, areaDescription }))}
      />
      {jurisdiction === 'world' ? (
        <AnyCountries chosen={form.countries} options={countryOptions} onChange={setCountries} />
      ) : countryOptions.length > 0 ? (
        <CheckGroup
          pointer="/area/countries"
          legend={t('alerts.field.countries')}
          hint={t('alerts.form.countriesHint')}
          values={form.countries}
          options={countryOptions.map((option) => ({ value: option.code, label: option.name }))}
          onChange={setCountries}
        />
      ) : null}
      <h3 className="al-subhead">{t('alerts.form.shapes')}</h3>
      <p className="muted small al-map-help">{t('alerts.form.mapHelp')}</p>
      <MapEditor polygons={form.polygons} circles={form.circles} onPolygons={onPolygons} onCircles={onCircles} jurisdiction={jurisdiction} unitPoint={unitPoint} />
      <AreaShapes polygons={form.polygons} circles={form.circles} onPolygons={onPolygons} onCircles={onCircles} />
    </Section>
  );
}
