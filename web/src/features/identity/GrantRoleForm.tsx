// Grant a role to a user on a unit (POST /users/:id/grants). Used on a user's page (the user is fixed, the unit
// is picked) and on a mission's page (the unit is fixed, the user is searched).
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { api, getList } from '../../shared/api';
import { ErrorMessage, Notice, unitName, useDebounced, useLoad } from '../../shared/ui';
import type { Grant, Id, Page, Role, Unit, User } from '../../shared/types';

export function roleLabel(t: (key: MessageKey) => string, role: string): string {
  const key = `role.${role}` as MessageKey;
  const text = t(key);
  return text === key ? role : text;
}

let rolesPromise: Promise<Role[]> | null = null;
export function loadRoles(): Promise<Role[]> {
  rolesPromise ??= getList<Role>('/roles');
  rolesPromise.catch(() => (rolesPromise = null));
  return rolesPromise;
}

interface Props {
  user?: User;
  unit?: Unit;
  units: Unit[];
  onGranted?: (grant: Grant) => void;
}

export function GrantRoleForm({ user, unit, units, onGranted }: Props) {
  const { t, locale } = useI18n();
  const roles = useLoad(() => loadRoles(), []);
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query);
  const [userId, setUserId] = useState<string>(user ? String(user.id) : '');
  const [role, setRole] = useState('');
  const [unitId, setUnitId] = useState<string>(unit ? String(unit.id) : '');
  const [subtree, setSubtree] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const candidates = useLoad<User[]>(
    async (signal) => {
      if (user) return [user];
      const page = await api.get<Page<User>>('/users', { query: { q: debounced, limit: 50 }, signal });
      return page.items;
    },
    [debounced, user?.id],
  );

  useEffect(() => {
    // Pick the only match of a search so a precise search needs no extra click.
    if (!user && candidates.data && candidates.data.length === 1) setUserId(String(candidates.data[0].id));
  }, [candidates.data, user]);

  const sortedUnits = [...units].sort((a, b) => unitName(a, locale).localeCompare(unitName(b, locale), locale));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const target = Number(userId);
      const grant = await api.post<Grant>(`/users/${target}/grants`, {
        role,
        unit_id: Number(unitId),
        include_subtree: subtree,
      });
      const grantedUser = candidates.data?.find((candidate) => candidate.id === target) ?? user;
      const grantedUnit = units.find((candidate) => candidate.id === Number(unitId)) ?? unit;
      setDone(
        t('grant.done', {
          role: roleLabel(t, role),
          user: grantedUser?.display_name || grantedUser?.username || String(target),
          unit: unitName(grantedUnit, locale),
        }),
      );
      onGranted?.(grant);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const prefix = unit ? `grant-unit-${unit.id}` : `grant-user-${user?.id ?? 'x'}`;
  return (
    <form className="form grant-form" onSubmit={submit} noValidate data-testid="grant-form">
      {!user ? (
        <>
          <div className="field">
            <label htmlFor={`${prefix}-search`}>{t('grant.userSearch')}</label>
            <input
              id={`${prefix}-search`}
              type="search"
              value={query}
              placeholder={t('grant.userSearchPlaceholder')}
              onChange={(event) => setQuery(event.target.value)}
              data-testid="grant-user-search"
            />
          </div>
          <div className="field">
            <label htmlFor={`${prefix}-user`}>{t('grant.user')}</label>
            <select
              id={`${prefix}-user`}
              required
              value={userId}
              onChange={(event) => setUserId(event.target.value)}
              data-testid="grant-user"
            >
              <option value="">{t('grant.userPick')}</option>
              {(candidates.data ?? []).map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.display_name && candidate.display_name !== candidate.username
                    ? `${candidate.display_name} (${candidate.username})`
                    : candidate.username}
                </option>
              ))}
            </select>
          </div>
          <ErrorMessage error={candidates.error} />
        </>
      ) : null}
      <div className="field">
        <label htmlFor={`${prefix}-role`}>{t('grant.role')}</label>
        <select id={`${prefix}-role`} required value={role} onChange={(event) => setRole(event.target.value)} data-testid="grant-role">
          <option value="">{t('grant.rolePick')}</option>
          {(roles.data ?? []).map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {roleLabel(t, candidate.name)}
              {candidate.mfa_required ? ` — ${t('grant.mfaRequired')}` : ''}
            </option>
          ))}
        </select>
        <ErrorMessage error={roles.error} />
      </div>
      {!unit ? (
        <div className="field">
          <label htmlFor={`${prefix}-unit`}>{t('grant.unit')}</label>
          <select id={`${prefix}-unit`} required value={unitId} onChange={(event) => setUnitId(event.target.value)} data-testid="grant-unit">
            <option value="">{t('grant.unitPick')}</option>
            {sortedUnits.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {unitName(candidate, locale)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field field-check">
        <input
          id={`${prefix}-subtree`}
          type="checkbox"
          checked={subtree}
          onChange={(event) => setSubtree(event.target.checked)}
          data-testid="grant-subtree"
        />
        <label htmlFor={`${prefix}-subtree`}>{t('grant.subtree')}</label>
      </div>
      <div aria-live="polite">
        <ErrorMessage error={error} testId="grant-error" />
        {done ? <Notice testId="grant-done">{done}</Notice> : null}
      </div>
      <button type="submit" className="button primary" disabled={busy || !userId || !role || !unitId} data-testid="grant-submit">
        {busy ? t('common.working') : t('grant.submit')}
      </button>
    </form>
  );
}

export function grantUnitLabel(unitById: Map<Id, Unit>, unitId: Id, locale: 'vi' | 'en'): string {
  const unit = unitById.get(unitId);
  return unit ? unitName(unit, locale) : `#${unitId}`;
}
