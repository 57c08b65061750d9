// Creating or changing a distribution list: its owner unit (fixed once created), name, description, and members
// (units found in the directory, people found with the user search or by number). POST /cables/lists, or PUT
// /cables/lists/:id with the version the editor started from (409 stale_version when someone changed it since).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, unitName } from '../../shared/ui';
import type { DistributionList, Unit } from '../../shared/types';
import { useDirectory } from '../directory/data';
import {
  emptyListForm,
  formFromList,
  listFieldLabelKey,
  listFormProblem,
  listPayload,
  MAX_LIST_NAME,
  type ListForm,
} from './lists';
import { userLabel } from './model';
import { UnitPicker } from './UnitPicker';
import { UserPicker } from './UserPicker';

export function ListEditor({
  original,
  ownerUnits,
  onSaved,
  onCancel,
}: {
  /** The list being changed; null for a new one. */
  original: DistributionList | null;
  /** Units the user may own a list for (cable_release). */
  ownerUnits: Unit[];
  onSaved: (list: DistributionList) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const directory = useDirectory();
  const id = useId();
  const [form, setForm] = useState<ListForm>(() => (original ? formFromList(original) : emptyListForm(ownerUnits[0]?.id)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  // The owner units arrive with the directory: a new list starts on the first one.
  useEffect(() => {
    if (form.owner_unit_id || ownerUnits.length === 0) return;
    setForm((previous) => ({ ...previous, owner_unit_id: String(ownerUnits[0].id) }));
  }, [ownerUnits, form.owner_unit_id]);

  const set = <K extends keyof ListForm>(name: K, value: ListForm[K]) => setForm((previous) => ({ ...previous, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const problem = listFormProblem(form);
    setLocalError(problem ? t(problem.key, problem.params) : null);
    if (problem) return;
    setBusy(true);
    try {
      const payload = listPayload(form, original);
      const saved = original
        ? await api.put<DistributionList>(`/cables/lists/${original.id}`, payload)
        : await api.post<DistributionList>('/cables/lists', payload);
      onSaved(saved);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const owner = directory.unitById.get(Number(form.owner_unit_id));
  const fieldLabel = (pointer: string) => {
    const key = listFieldLabelKey(pointer);
    return key ? t(key) : null;
  };

  return (
    <form className="card form list-editor" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} noValidate data-testid="list-editor">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {original ? t('lists.editTitle', { name: original.name }) : t('lists.newTitle')}
      </h2>
      <div className="form-grid">
        <div className="field">
          {original ? (
            <>
              <span className="label">{t('lists.owner')}</span>
              <p className="static-value" data-testid="list-owner-fixed">
                {owner ? `${unitName(owner, locale)} (${owner.code})` : `#${form.owner_unit_id}`}
              </p>
            </>
          ) : (
            <>
            <label htmlFor={`${id}-owner`}>{t('lists.owner')}</label>
            <select
              id={`${id}-owner`}
              value={form.owner_unit_id}
              onChange={(event) => set('owner_unit_id', event.target.value)}
              aria-describedby={`${id}-owner-hint`}
              data-testid="list-owner"
            >
              {ownerUnits.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unitName(unit, locale)} ({unit.code})
                </option>
              ))}
            </select>
            </>
          )}
          <small id={`${id}-owner-hint`}>{t('lists.ownerHint')}</small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('lists.name')}</label>
          <input
            id={`${id}-name`}
            value={form.name}
            maxLength={MAX_LIST_NAME}
            required
            onChange={(event) => set('name', event.target.value)}
            data-testid="list-name"
          />
        </div>
        <div className="field form-grid-full">
          <label htmlFor={`${id}-description`}>
            {t('lists.description')} <span className="muted small">{t('common.optional')}</span>
          </label>
          <textarea
            id={`${id}-description`}
            value={form.description}
            rows={2}
            onChange={(event) => set('description', event.target.value)}
            data-testid="list-description"
          />
        </div>
      </div>
      <fieldset className="field list-members">
        <legend>{t('lists.units')}</legend>
        {form.unit_ids.length === 0 ? (
          <p className="muted">{t('lists.noUnits')}</p>
        ) : (
          <ul className="pick-list" data-testid="list-units">
            {form.unit_ids.map((unitId) => {
              const unit = directory.unitById.get(unitId);
              const name = unit ? `${unitName(unit, locale)} (${unit.code})` : `#${unitId}`;
              return (
                <li key={unitId} data-testid="list-unit-chosen" data-unit-id={unitId}>
                  <span>{name}</span>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => set('unit_ids', form.unit_ids.filter((item) => item !== unitId))}
                    aria-label={t('lists.removeMember', { name })}
                  >
                    {t('common.remove')}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <UnitPicker
          testIdPrefix="list-unit"
          searchLabel={t('lists.findUnit')}
          addLabel={t('lists.addUnit')}
          exclude={form.unit_ids}
          onPick={(unit) => set('unit_ids', [...form.unit_ids, unit.id])}
        />
      </fieldset>
      <fieldset className="field list-members">
        <legend>{t('lists.people')}</legend>
        {form.users.length === 0 ? (
          <p className="muted">{t('lists.noPeople')}</p>
        ) : (
          <ul className="pick-list" data-testid="list-users">
            {form.users.map((user) => {
              const name = userLabel(user) === `#${user.id}` ? t('userPicker.byNumber', { id: user.id }) : userLabel(user);
              return (
                <li key={user.id} data-testid="list-user-chosen" data-user-id={user.id}>
                  <span>
                    {name}
                    {user.username && user.display_name ? <span className="muted"> ({user.username})</span> : null}
                  </span>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => set('users', form.users.filter((item) => item.id !== user.id))}
                    aria-label={t('lists.removeMember', { name })}
                  >
                    {t('common.remove')}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <UserPicker
          testIdPrefix="list-user"
          quietWhenForbidden
          searchLabel={t('composer.findPerson')}
          addLabel={t('lists.addPerson')}
          exclude={form.users.map((user) => user.id)}
          onPick={(user) => set('users', [...form.users, user])}
        />
      </fieldset>
      <p className="muted small">{t('lists.membersHint')}</p>
      {localError ? (
        <div className="alert alert-error" role="alert" data-testid="list-form-error">
          <p>{localError}</p>
        </div>
      ) : null}
      <ErrorMessage error={error} testId="list-save-error" fieldLabel={fieldLabel} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="list-save">
          {busy ? t('common.working') : original ? t('common.save') : t('lists.create')}
        </button>
        <button type="button" className="button link" onClick={onCancel} data-testid="list-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
