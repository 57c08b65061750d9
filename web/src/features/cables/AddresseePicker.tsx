// The addressees of a draft: units of the directory, collectives (all missions, a region's missions) and
// distribution lists in one searchable picker, each for action (optionally NIACT) or information, and named
// individuals when the user may search users.
import { useId, useState } from 'react';
import { useI18n } from '../../i18n';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { unitName } from '../../shared/ui';
import type { AddresseeRole, Id } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { COLLECTIVES, collectiveLabel, unitMatches } from './model';
import { addresseeKey, withAddressee, type AddresseeEntry } from './draft';
import { AddresseeName } from './AddresseeName';
import { listMatches, sortLists } from './lists';
import { useLists } from './useLists';
import { UserPicker } from './UserPicker';

export function AddresseePicker({
  value,
  onChange,
  originatingUnitId,
}: {
  value: AddresseeEntry[];
  onChange: (next: AddresseeEntry[]) => void;
  originatingUnitId: Id | null;
}) {
  const { t, plural, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const { lists: allLists } = useLists();
  const id = useId();
  const [query, setQuery] = useState('');
  const [target, setTarget] = useState('');
  const [role, setRole] = useState<AddresseeRole>('action');
  const [niact, setNiact] = useState(false);
  const mayFindUsers = hasPermission(me, 'users_manage') || hasPermission(me, 'staff_read');

  const taken = new Set(value.map(addresseeKey));
  const units = directory.units
    .filter((unit) => unit.id !== originatingUnitId && !taken.has(`unit:${unit.id}`))
    .map((unit) => ({ unit, name: unitName(unit, locale) }))
    .filter(({ unit, name }) => unitMatches(unit, query.trim(), name))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const collectiveText = (collective: string) => collectiveLabel(t, collective);
  const collectives = COLLECTIVES.filter((collective) => !taken.has(`collective:${collective}`)).filter((collective) => {
    if (!query.trim()) return true;
    return collectiveText(collective).toLocaleLowerCase().includes(query.trim().toLocaleLowerCase());
  });
  const lists = sortLists(
    allLists.filter((list) => !taken.has(`list:${list.id}`) && listMatches(list, query.trim())),
    locale,
  );
  const options = [
    ...collectives.map((collective) => `collective:${collective}`),
    ...lists.map((list) => `list:${list.id}`),
    ...units.map(({ unit }) => `unit:${unit.id}`),
  ];
  const selected = options.includes(target) ? target : (options[0] ?? '');

  const add = () => {
    if (!selected) return;
    const [kind, ...rest] = selected.split(':');
    const ref = rest.join(':');
    const entry: AddresseeEntry =
      kind === 'unit'
        ? { role, niact, unit_id: Number(ref) }
        : kind === 'list'
          ? { role, niact, list_id: Number(ref) }
          : { role, niact, collective: ref };
    onChange(withAddressee(value, entry));
    setNiact(false);
  };

  return (
    <fieldset className="field addressees" data-testid="cable-addressees">
      <legend>{t('cable.addressees')}</legend>
      {value.length === 0 ? (
        <p className="muted" data-testid="addressees-empty">
          {t('composer.noAddressees')}
        </p>
      ) : (
        <ul className="pick-list" data-testid="addressees-list">
          {value.map((entry, index) => (
            <li key={addresseeKey(entry)} data-testid="addressee-chosen" data-addressee={addresseeKey(entry)}>
              <span>
                <AddresseeName entry={entry} />{' '}
                <span className={`badge role-${entry.role}`}>{t(entry.role === 'action' ? 'cable.role.action' : 'cable.role.info')}</span>
                {entry.niact ? <span className="badge niact">{t('cable.niact')}</span> : null}
              </span>
              <button
                type="button"
                className="button small"
                onClick={() => onChange(value.filter((_, position) => position !== index))}
                data-testid={`addressee-remove-${index}`}
              >
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="addressee-adder">
        <div className="toolbar">
          <div className="field field-grow">
            <label htmlFor={`${id}-filter`}>{t('composer.findUnit')}</label>
            <input
              id={`${id}-filter`}
              type="search"
              value={query}
              placeholder={t('composer.findUnitPlaceholder')}
              onChange={(event) => setQuery(event.target.value)}
              data-testid="cable-unit-search"
            />
          </div>
          <div className="field field-grow">
            <label htmlFor={`${id}-unit`}>{t('composer.unitOrCollective')}</label>
            <select
              id={`${id}-unit`}
              value={selected}
              onChange={(event) => setTarget(event.target.value)}
              disabled={options.length === 0}
              data-testid="cable-unit-picker"
            >
              {options.length === 0 ? <option value="">{t('composer.noUnitMatch')}</option> : null}
              {collectives.length > 0 ? (
                <optgroup label={t('composer.collectives')}>
                  {collectives.map((collective) => (
                    <option key={collective} value={`collective:${collective}`}>
                      {collectiveText(collective)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {lists.length > 0 ? (
                <optgroup label={t('lists.title')}>
                  {lists.map((list) => (
                    <option key={list.id} value={`list:${list.id}`}>
                      {plural('lists.option', list.unit_ids.length + list.users.length, { name: list.name })}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {units.length > 0 ? (
                <optgroup label={t('composer.units')}>
                  {units.map(({ unit, name }) => (
                    <option key={unit.id} value={`unit:${unit.id}`}>
                      {name} ({unit.code})
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </div>
        </div>
        <div className="toolbar">
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('composer.role')}</label>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(event) => setRole(event.target.value as AddresseeRole)}
              data-testid="cable-addressee-role"
            >
              <option value="action">{t('cable.role.action')}</option>
              <option value="info">{t('cable.role.info')}</option>
            </select>
          </div>
          <div className="field-check niact-check">
            <input
              id={`${id}-niact`}
              type="checkbox"
              checked={role === 'action' && niact}
              disabled={role !== 'action'}
              onChange={(event) => setNiact(event.target.checked)}
              data-testid="cable-addressee-niact"
            />
            <label htmlFor={`${id}-niact`}>{t('composer.niact')}</label>
          </div>
          <button type="button" className="button" onClick={add} disabled={!selected} data-testid="cable-addressee-add">
            {t('composer.addAddressee')}
          </button>
        </div>
        <p className="muted small">{t('composer.niactHint')}</p>
      </div>
      {mayFindUsers ? (
        <div className="addressee-adder">
          <h3>{t('composer.individuals')}</h3>
          <UserPicker
            testIdPrefix="addressee-user"
            quietWhenForbidden
            searchLabel={t('composer.findPerson')}
            addLabel={t('composer.addPerson')}
            exclude={value.filter((entry) => entry.user_id !== undefined).map((entry) => entry.user_id as Id)}
            onPick={(user) => onChange(withAddressee(value, { role, niact, user_id: user.id, user }))}
          />
        </div>
      ) : null}
    </fieldset>
  );
}
