// Create a user (POST /users); the server checks users_manage on the home unit.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Notice, unitName } from '../../shared/ui';
import type { Locale, NewUser, Unit, User } from '../../shared/types';

export function CreateUserForm({ units, onCreated }: { units: Unit[]; onCreated: (user: User) => void }) {
  const { t, locale } = useI18n();
  const empty = { username: '', display_name: '', unit_id: '', title: '', email: '', phone: '', password: '', locale: 'vi' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<User | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof empty) => (event: { target: { value: string } }) =>
    setForm((previous) => ({ ...previous, [name]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    const body: NewUser = {
      username: form.username.trim(),
      display_name: form.display_name.trim(),
      unit_id: Number(form.unit_id),
      locale: form.locale as Locale,
    };
    if (form.title.trim()) body.title = form.title.trim();
    if (form.email.trim()) body.email = form.email.trim();
    if (form.phone.trim()) body.phone = form.phone.trim();
    if (form.password) body.password = form.password;
    try {
      const user = await api.post<User>('/users', body);
      setCreated(user);
      setForm(empty);
      onCreated(user);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const sorted = [...units].sort((a, b) => unitName(a, locale).localeCompare(unitName(b, locale), locale));
  return (
    <form className="form form-grid" onSubmit={submit} noValidate data-testid="create-user-form">
      <div className="field">
        <label htmlFor="cu-username">{t('users.create.username')}</label>
        <input id="cu-username" required autoCapitalize="none" spellCheck={false} aria-describedby="cu-username-hint" value={form.username} onChange={set('username')} />
        <small id="cu-username-hint">{t('users.create.usernameHint')}</small>
      </div>
      <div className="field">
        <label htmlFor="cu-name">{t('users.create.displayName')}</label>
        <input id="cu-name" required value={form.display_name} onChange={set('display_name')} />
      </div>
      <div className="field">
        <label htmlFor="cu-unit">{t('users.create.unit')}</label>
        <select id="cu-unit" required value={form.unit_id} onChange={set('unit_id')}>
          <option value="">{t('grant.unitPick')}</option>
          {sorted.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unitName(unit, locale)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="cu-title">
          {t('users.create.title_')} <span className="muted">{t('common.optional')}</span>
        </label>
        <input id="cu-title" value={form.title} onChange={set('title')} />
      </div>
      <div className="field">
        <label htmlFor="cu-email">
          {t('users.create.email')} <span className="muted">{t('common.optional')}</span>
        </label>
        <input id="cu-email" type="email" autoComplete="off" value={form.email} onChange={set('email')} />
      </div>
      <div className="field">
        <label htmlFor="cu-phone">
          {t('users.create.phone')} <span className="muted">{t('common.optional')}</span>
        </label>
        <input id="cu-phone" type="tel" autoComplete="off" value={form.phone} onChange={set('phone')} />
      </div>
      <div className="field">
        <label htmlFor="cu-password">
          {t('users.create.password')} <span className="muted">{t('common.optional')}</span>
        </label>
        <input id="cu-password" type="password" autoComplete="new-password" aria-describedby="cu-password-hint" value={form.password} onChange={set('password')} />
        <small id="cu-password-hint">{t('users.create.passwordHint')}</small>
      </div>
      <div className="field">
        <label htmlFor="cu-locale">{t('users.create.locale')}</label>
        <select id="cu-locale" value={form.locale} onChange={set('locale')}>
          <option value="vi">{t('lang.vi')}</option>
          <option value="en">{t('lang.en')}</option>
        </select>
      </div>
      <div className="form-grid-full" aria-live="polite">
        <ErrorMessage error={error} testId="create-user-error" />
        {created ? (
          <Notice testId="create-user-done">
            <Link to={`/users/${created.id}`}>{t('users.create.done', { username: created.username })}</Link>
          </Notice>
        ) : null}
      </div>
      <div className="form-grid-full">
        <button type="submit" className="button primary" disabled={busy || !form.username || !form.display_name || !form.unit_id}>
          {busy ? t('common.working') : t('users.create.submit')}
        </button>
      </div>
    </form>
  );
}
