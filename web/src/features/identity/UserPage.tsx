// One user: account facts, roles (grants) with revoke, the grant form, MFA reset and enable/disable.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api, getList, isApiError } from '../../shared/api';
import { useSession } from '../../shared/session';
import { hasPermission } from '../../shared/permissions';
import { ErrorMessage, Loading, Notice, unitName, useLoad } from '../../shared/ui';
import { useDirectory } from '../directory/data';
import type { Grant, UserDetail } from '../../shared/types';
import { GrantRoleForm, grantUnitLabel, roleLabel } from './GrantRoleForm';

export function UserPage() {
  const { id } = useParams();
  const userId = Number(id);
  const { t, dateTime, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const user = useLoad((signal) => api.get<UserDetail>(`/users/${userId}`, { signal }), [userId]);
  const grants = useLoad((signal) => getList<Grant>(`/users/${userId}/grants`, { signal }), [userId]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setActionError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done);
    } catch (caught) {
      setActionError(caught);
    }
  };

  if (user.loading && !user.data) return <Loading />;
  if (!user.data) {
    const hidden = isApiError(user.error) && (user.error.status === 404 || user.error.status === 403);
    return (
      <div className="page">
        {hidden ? <h1>{t('user.notFound')}</h1> : <ErrorMessage error={user.error} />}
        <Link to="/users">{t('common.back')}</Link>
      </div>
    );
  }
  const account = user.data;
  const canManage = hasPermission(me, 'users_manage', account.unit_id) || hasPermission(me, 'users_manage');
  const canGrant = hasPermission(me, 'roles_grant');

  const revoke = (grant: Grant) => {
    const unit = grantUnitLabel(directory.unitById, grant.unit_id, locale);
    if (!window.confirm(t('grant.revokeConfirm', { role: roleLabel(t, grant.role), unit }))) return;
    void act(async () => {
      await api.delete(`/grants/${grant.id}`);
      grants.setData((list) => list?.filter((item) => item.id !== grant.id));
    }, t('grant.revoked'));
  };

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/users">{t('users.title')}</Link>
      </p>
      <h1>
        {account.display_name} <span className="muted">({account.username})</span>
      </h1>
      <div aria-live="polite">
        <ErrorMessage error={actionError} testId="user-action-error" />
        {notice ? <Notice testId="user-action-done">{notice}</Notice> : null}
      </div>
      <div className="columns">
        <section className="card" aria-labelledby="user-details">
          <h2 id="user-details">{t('user.details')}</h2>
          <dl className="facts">
            <dt>{t('users.col.unit')}</dt>
            <dd>
              <Link to={`/units/${account.unit_id}`}>{unitName(directory.unitById.get(account.unit_id), locale) || `#${account.unit_id}`}</Link>
            </dd>
            {account.title ? (
              <>
                <dt>{t('users.create.title_')}</dt>
                <dd>{account.title}</dd>
              </>
            ) : null}
            {account.email ? (
              <>
                <dt>{t('users.create.email')}</dt>
                <dd>{account.email}</dd>
              </>
            ) : null}
            {account.phone ? (
              <>
                <dt>{t('unit.phone')}</dt>
                <dd>{account.phone}</dd>
              </>
            ) : null}
            <dt>{t('users.col.status')}</dt>
            <dd>{account.disabled ? t('users.disabled') : t('users.enabled')}</dd>
            <dt>{t('user.mfa')}</dt>
            <dd>{account.mfa_enabled ? t('security.mfaOn') : t('security.mfaOff')}</dd>
            <dt>{t('user.created')}</dt>
            <dd>{dateTime(account.created_at)}</dd>
            <dt>{t('user.lastLogin')}</dt>
            <dd>{account.last_login_at ? dateTime(account.last_login_at) : t('common.never')}</dd>
          </dl>
          {canManage ? (
            <div className="actions">
              <button
                type="button"
                className="button"
                data-testid="reset-mfa"
                onClick={() => {
                  if (!window.confirm(t('user.resetMfaConfirm', { username: account.username }))) return;
                  void act(async () => {
                    await api.post(`/users/${account.id}/mfa/reset`);
                    user.reload();
                  }, t('user.resetMfaDone'));
                }}
              >
                {t('user.resetMfa')}
              </button>
              <button
                type="button"
                className="button"
                onClick={() =>
                  void act(async () => {
                    await api.patch(`/users/${account.id}`, { disabled: !account.disabled });
                    user.reload();
                  }, account.disabled ? t('users.enabled') : t('users.disabled'))
                }
              >
                {account.disabled ? t('user.enable') : t('user.disable')}
              </button>
            </div>
          ) : null}
        </section>
        <section className="card" aria-labelledby="user-grants">
          <h2 id="user-grants">{t('user.grants')}</h2>
          <ErrorMessage error={grants.error} />
          {grants.data && grants.data.length === 0 ? <p>{t('user.grantsEmpty')}</p> : null}
          {grants.data && grants.data.length > 0 ? (
            <div className="table-wrap">
              <table className="table" data-testid="grants-table">
                <thead>
                  <tr>
                    <th scope="col">{t('grant.col.role')}</th>
                    <th scope="col">{t('grant.col.unit')}</th>
                    <th scope="col">{t('grant.col.subtree')}</th>
                    {canGrant ? <th scope="col">{t('grant.col.actions')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {grants.data.map((grant) => (
                    <tr key={grant.id}>
                      <td>{roleLabel(t, grant.role)}</td>
                      <td>
                        <Link to={`/units/${grant.unit_id}`}>{grantUnitLabel(directory.unitById, grant.unit_id, locale)}</Link>
                      </td>
                      <td>{grant.include_subtree ? t('common.yes') : t('common.no')}</td>
                      {canGrant ? (
                        <td>
                          <button type="button" className="button small" onClick={() => revoke(grant)}>
                            {t('grant.revoke')}
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {canGrant ? (
            <>
              <h3>{t('grant.title')}</h3>
              <GrantRoleForm user={account} units={directory.units} onGranted={() => grants.reload()} />
            </>
          ) : null}
        </section>
      </div>
    </div>
  );
}
