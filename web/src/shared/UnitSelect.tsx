// A select of units by name (in the reader's language) and code, sorted by name: with `allowAll` an "All" choice
// (a filter), else a prompt until a unit is chosen (a form).
import { useMemo } from 'react';
import { useI18n } from '../i18n';
import type { Id, Unit } from './types';
import { unitName } from './ui';

export function UnitSelect({ units, value, onChange, label, testId, allowAll = false, placeholder }: {
  units: Unit[];
  value: Id | null;
  onChange: (unit: Id | null) => void;
  label: string;
  testId: string;
  allowAll?: boolean;
  /** The prompt while nothing is chosen (without allowAll); "Choose a unit" by default. */
  placeholder?: string;
}) {
  const { t, locale } = useI18n();
  const sorted = useMemo(() => [...units].sort((a, b) => unitName(a, locale).localeCompare(unitName(b, locale), locale)), [units, locale]);
  return (
    <div className="field">
      <label htmlFor={`${testId}-select`}>{label}</label>
      <select
        id={`${testId}-select`}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value ? Number(event.target.value) : null)}
        data-testid={testId}
      >
        {allowAll ? <option value="">{t('common.all')}</option> : null}
        {!allowAll && value === null ? <option value="">{placeholder ?? t('common.chooseUnit')}</option> : null}
        {sorted.map((unit) => (
          <option key={unit.id} value={unit.id}>
            {unitName(unit, locale)} ({unit.code})
          </option>
        ))}
      </select>
    </div>
  );
}
