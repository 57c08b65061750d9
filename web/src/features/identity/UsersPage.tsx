// Users & roles: the list of users the caller may see, with search and paging, and the form to create one.
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { hasPermission } from '../../shared/permissions';
import { ErrorMessage, Loading, unitName, useDebounced, useLoad } from '../../shared/ui';
import { useDirectory } from '../directory/data';
import type { Page, User } from '../../shared/types';
import { CreateUserForm } from './CreateUserForm';

const PAGE_SIZE = 25;

export function UsersPage() {
  const { t, plural, dateTime, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query);
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);

  const users = useLoad(
    (signal) => api.get<Page<User>>('/users', { query: { q: debounced, limit: PAGE_SIZE, offset }, signal }),
    [debounced, offset],
  );
  const total = users.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.floor(offset / PAGE_SIZE) + 1;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('users.title')}</h1>
        {hasPermission(me, 'users_manage') ? (
          <button
            type="button"
            className="button"
            aria-expanded={creating}
            aria-controls="create-user"
            onClick={() => setCreating((open) => !open)}
            data-testid="users-new"
          >
            {t('users.new')}
          </button>
        ) : null}
      </div>
      {creating ? (
        <section id="create-user" className="card" aria-labelledby="create-user-title">
          <h2 id="create-user-title">{t('users.create.title')}</h2>
          <CreateUserForm units={directory.units} onCreated={() => users.reload()} />
        </section>
      ) : null}
      <div className="toolbar">
        <div className="field field-grow">
          <label htmlFor="users-search">{t('users.search')}</label>
          <input
            id="users-search"
            type="search"
            value={query}
            placeholder={t('users.searchPlaceholder')}
            onChange={(event) => {
              setQuery(event.target.value);
              setOffset(0);
            }}
            data-testid="users-search"
          />
        </div>
        <p className="count" aria-live="polite" data-testid="users-count">
          {users.data ? plural('users.total', total) : ''}
        </p>
      </div>
      <ErrorMessage error={users.error} />
      {users.loading && !users.data ? <Loading /> : null}
      {users.data && users.data.items.length === 0 ? <p>{t('users.empty')}</p> : null}
      {users.data && users.data.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('users.col.username')}</th>
                <th scope="col">{t('users.col.name')}</th>
                <th scope="col">{t('users.col.unit')}</th>
                <th scope="col">{t('users.col.mfa')}</th>
                <th scope="col">{t('users.col.status')}</th>
                <th scope="col">{t('users.col.lastLogin')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/users/${user.id}`}>{user.username}</Link>
                  </td>
                  <td>{user.display_name}</td>
                  <td>{unitName(directory.unitById.get(user.unit_id), locale) || `#${user.unit_id}`}</td>
                  <td>{user.mfa_enabled ? t('security.mfaOn') : t('security.mfaOff')}</td>
                  <td>{user.disabled ? t('users.disabled') : t('users.enabled')}</td>
                  <td>{user.last_login_at ? dateTime(user.last_login_at) : t('common.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {pages > 1 ? (
        <nav className="pager" aria-label={t('common.pageOf', { page, pages })}>
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(offset - PAGE_SIZE)}>
            {t('common.previous')}
          </button>
          <span>{t('common.pageOf', { page, pages })}</span>
          <button type="button" className="button" disabled={page >= pages} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t('common.next')}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
