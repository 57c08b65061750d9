// My security: MFA status, my roles, password change and API tokens (the new token is shown once).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import { api, getList } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Notice, useLoad } from '../../shared/ui';
import { PERMISSIONS, type ApiToken, type CreatedApiToken, type Permission } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { grantUnitLabel, roleLabel } from './GrantRoleForm';

export function SecurityPage() {
  const { t, dateTime, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const tokens = useLoad((signal) => getList<ApiToken>('/me/tokens', { signal }), []);
  const myPermissions = PERMISSIONS.filter((permission) => {
    const scope = me?.permissions?.[permission];
    return scope === 'all' || (Array.isArray(scope) && scope.length > 0);
  });

  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Permission[]>([]);
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [tokenError, setTokenError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [passwordError, setPasswordError] = useState<unknown>(null);
  const [passwordDone, setPasswordDone] = useState(false);

  const createToken = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setTokenError(null);
    setCreated(null);
    setCopied(false);
    try {
      const token = await api.post<CreatedApiToken>('/me/tokens', { name: name.trim(), scopes, expires_in_days: Number(days) });
      setCreated(token);
      setName('');
      setScopes([]);
      tokens.reload();
    } catch (caught) {
      setTokenError(caught);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    if (!window.confirm(t('security.tokenRevokeConfirm', { name: token.name }))) return;
    setTokenError(null);
    try {
      await api.delete(`/me/tokens/${token.id}`);
      tokens.reload();
    } catch (caught) {
      setTokenError(caught);
    }
  };

  const changePassword = async (event: FormEvent) => {
    event.preventDefault();
    setPasswordError(null);
    setPasswordDone(false);
    try {
      await api.post('/me/password', { current_password: currentPassword, new_password: newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setPasswordDone(true);
    } catch (caught) {
      setPasswordError(caught);
    }
  };

  return (
    <div className="page">
      <h1>{t('security.title')}</h1>
      <div className="columns">
        <section className="card" aria-labelledby="sec-mfa">
          <h2 id="sec-mfa">{t('security.mfa')}</h2>
          <p data-testid="mfa-status">
            <strong>{me?.mfa_enabled ? t('security.mfaOn') : t('security.mfaOff')}</strong>
            {me?.mfa_required ? ` — ${t('security.mfaRequired')}` : ''}
          </p>
          {!me?.mfa_enabled ? (
            <Link className="button" to="/mfa/enrol">
              {t('security.mfaSetUp')}
            </Link>
          ) : null}
          <h2>{t('security.grants')}</h2>
          {me && me.grants.length > 0 ? (
            <ul>
              {me.grants.map((grant) => (
                <li key={grant.id}>
                  {roleLabel(t, grant.role)} — {grantUnitLabel(directory.unitById, grant.unit_id, locale)}
                  {grant.include_subtree ? ` ${t('grant.withSubtree')}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('user.grantsEmpty')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="sec-password">
          <h2 id="sec-password">{t('security.password')}</h2>
          <form className="form" onSubmit={changePassword} noValidate>
            <input type="text" name="username" autoComplete="username" value={me?.username ?? ''} readOnly hidden />
            <div className="field">
              <label htmlFor="pw-current">{t('security.currentPassword')}</label>
              <input id="pw-current" type="password" autoComplete="current-password" value={currentPassword} onChange={(event) => setCurrentPassword(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="pw-new">{t('security.newPassword')}</label>
              <input id="pw-new" type="password" autoComplete="new-password" minLength={12} value={newPassword} onChange={(event) => setNewPassword(event.target.value)} />
            </div>
            <div aria-live="polite">
              <ErrorMessage error={passwordError} />
              {passwordDone ? <Notice>{t('security.passwordChanged')}</Notice> : null}
            </div>
            <button type="submit" className="button primary" disabled={!currentPassword || newPassword.length < 12}>
              {t('common.save')}
            </button>
          </form>
        </section>
      </div>
      <section className="card" aria-labelledby="sec-tokens">
        <h2 id="sec-tokens">{t('security.tokens')}</h2>
        <p className="muted">{t('security.tokensIntro')}</p>
        <div aria-live="polite">
          <ErrorMessage error={tokenError ?? tokens.error} testId="token-error" />
          {created ? (
            <Notice testId="token-created">
              <p>{t('security.tokenCreated')}</p>
              <p className="token-row">
                <label htmlFor="new-token">{t('security.tokenValue')}</label>
                <input id="new-token" readOnly value={created.token} className="mono" onFocus={(event) => event.target.select()} />
                <button
                  type="button"
                  className="button small"
                  onClick={() => void navigator.clipboard?.writeText(created.token).then(() => setCopied(true))}
                >
                  {copied ? t('common.copied') : t('common.copy')}
                </button>
              </p>
            </Notice>
          ) : null}
        </div>
        {tokens.data && tokens.data.length === 0 ? <p>{t('security.tokensEmpty')}</p> : null}
        {tokens.data && tokens.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="tokens-table">
              <thead>
                <tr>
                  <th scope="col">{t('security.col.name')}</th>
                  <th scope="col">{t('security.col.scopes')}</th>
                  <th scope="col">{t('security.col.created')}</th>
                  <th scope="col">{t('security.col.expires')}</th>
                  <th scope="col">{t('security.col.lastUsed')}</th>
                  <th scope="col">{t('security.col.status')}</th>
                  <th scope="col">{t('security.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>{token.scopes.map((scope) => t(`perm.${scope}` as MessageKey)).join(', ')}</td>
                    <td>{dateTime(token.created_at)}</td>
                    <td>{token.expires_at ? dateTime(token.expires_at) : t('common.never')}</td>
                    <td>{token.last_used_at ? dateTime(token.last_used_at) : t('common.never')}</td>
                    <td>{token.revoked ? t('security.tokenRevoked') : t('security.tokenActive')}</td>
                    <td>
                      {!token.revoked ? (
                        <button type="button" className="button small" onClick={() => void revoke(token)}>
                          {t('security.tokenRevoke')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <form className="form" onSubmit={createToken} noValidate data-testid="token-form">
          <div className="field">
            <label htmlFor="token-name">{t('security.tokenName')}</label>
            <input id="token-name" required value={name} onChange={(event) => setName(event.target.value)} />
          </div>
          <fieldset className="field">
            <legend>{t('security.tokenScopes')}</legend>
            <div className="checks">
              {myPermissions.map((permission) => (
                <div className="field-check" key={permission}>
                  <input
                    id={`scope-${permission}`}
                    type="checkbox"
                    checked={scopes.includes(permission)}
                    onChange={(event) =>
                      setScopes((list) => (event.target.checked ? [...list, permission] : list.filter((item) => item !== permission)))
                    }
                  />
                  <label htmlFor={`scope-${permission}`}>{t(`perm.${permission}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="token-days">{t('security.tokenExpires')}</label>
            <input id="token-days" type="number" min={1} max={365} value={days} onChange={(event) => setDays(event.target.value)} />
          </div>
          <button type="submit" className="button primary" disabled={busy || !name.trim() || scopes.length === 0}>
            {busy ? t('common.working') : t('security.tokenCreate')}
          </button>
        </form>
      </section>
    </div>
  );
}
