// Finds a unit of the directory (every unit's public facts are visible to every user): a search field that narrows
// a list, and a button that picks the unit chosen in it. The unit part of the addressee picker, on its own.
import { useId, useState } from 'react';
import { useI18n } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { Id, Unit } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { unitMatches } from './model';

export function UnitPicker({
  testIdPrefix,
  searchLabel,
  addLabel,
  exclude,
  onPick,
}: {
  /** "list-unit" gives list-unit-search, list-unit-results and list-unit-add. */
  testIdPrefix: string;
  searchLabel: string;
  addLabel: string;
  exclude: Id[];
  onPick: (unit: Unit) => void;
}) {
  const { t, locale } = useI18n();
  const directory = useDirectory();
  const id = useId();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState('');

  const units = directory.units
    .filter((unit) => !exclude.includes(unit.id))
    .map((unit) => ({ unit, name: unitName(unit, locale) }))
    .filter(({ unit, name }) => unitMatches(unit, query.trim(), name))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const selected = units.find(({ unit }) => String(unit.id) === chosen) ?? units[0];

  const add = () => {
    if (!selected) return;
    onPick(selected.unit);
    setQuery('');
    setChosen('');
  };

  return (
    <div className="toolbar unit-picker">
      <div className="field field-grow">
        <label htmlFor={`${id}-search`}>{searchLabel}</label>
        <input
          id={`${id}-search`}
          type="search"
          value={query}
          placeholder={t('composer.findUnitPlaceholder')}
          autoComplete="off"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
          data-testid={`${testIdPrefix}-search`}
        />
      </div>
      <div className="field field-grow">
        <label htmlFor={`${id}-results`}>{t('userPicker.results')}</label>
        <select
          id={`${id}-results`}
          value={selected ? String(selected.unit.id) : ''}
          disabled={units.length === 0}
          onChange={(event) => setChosen(event.target.value)}
          data-testid={`${testIdPrefix}-results`}
        >
          {units.length === 0 ? (
            <option value="">{directory.ready ? t('composer.noUnitMatch') : t('app.loading')}</option>
          ) : (
            units.map(({ unit, name }) => (
              <option key={unit.id} value={unit.id}>
                {name} ({unit.code})
              </option>
            ))
          )}
        </select>
      </div>
      <button type="button" className="button" onClick={add} disabled={!selected} data-testid={`${testIdPrefix}-add`}>
        {addLabel}
      </button>
    </div>
  );
}
