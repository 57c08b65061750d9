// The frame of every logged-in screen: skip link, header (name, navigation, language, account menu) and main.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { useI18n } from '../i18n';
import { useSession } from './session';
import { hasPermission } from './permissions';
import { LanguageSwitch } from './LanguageSwitch';
import { forgetDirectory } from '../features/directory/data';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { maySeeCables } from '../features/cables/model';
import { forgetLists } from '../features/cables/useLists';
import { forgetMonitorNames } from '../features/monitor/data';

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { me, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setNavOpen(false);
    setMenuOpen(false);
  }, [location.pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onPointer = (event: MouseEvent) => {
      if (menuRef.current && !menuRef.current.contains(event.target as Node)) setMenuOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [menuOpen]);

  const showUsers = hasPermission(me, 'users_manage') || hasPermission(me, 'roles_grant') || hasPermission(me, 'staff_read');
  const showAudit = hasPermission(me, 'audit_read');
  const showCables = maySeeCables(me);
  const showMonitor = hasPermission(me, 'monitor_read');
  const showCitizens = hasPermission(me, 'citizens_read');
  const showAlerts = hasPermission(me, 'alerts_send') || hasPermission(me, 'alerts_approve');

  const doLogout = async (everywhere: boolean) => {
    if (everywhere && !window.confirm(t('user.logoutAllConfirm'))) return;
    forgetDirectory();
    forgetLists();
    forgetMonitorNames();
    await logout(everywhere).catch(() => undefined);
    navigate('/login', { replace: true });
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <NavLink to="/directory" className="brand" aria-label={t('app.name')}>
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">{t('app.name')}</span>
          </NavLink>
          <NotificationBell />
          <button
            type="button"
            className="nav-toggle"
            aria-expanded={navOpen}
            aria-controls="main-nav"
            onClick={() => setNavOpen((open) => !open)}
            data-testid="nav-toggle"
          >
            <span className="nav-toggle-bars" aria-hidden="true" />
            {t('nav.menu')}
          </button>
          <div id="main-nav" className={`header-nav${navOpen ? ' open' : ''}`}>
            <nav aria-label={t('nav.label')}>
              <ul className="nav-list">
                <li>
                  <NavLink to="/directory" data-testid="nav-directory">
                    {t('nav.directory')}
                  </NavLink>
                </li>
                {showCables ? (
                  <li>
                    <NavLink to="/cables" data-testid="nav-cables">
                      {t('nav.cables')}
                    </NavLink>
                  </li>
                ) : null}
                {showMonitor ? (
                  <li>
                    <NavLink to="/monitor" data-testid="nav-monitor">
                      {t('nav.monitor')}
                    </NavLink>
                  </li>
                ) : null}
                {showCitizens ? (
                  <li>
                    <NavLink to="/citizens" data-testid="nav-citizens">
                      {t('nav.citizens')}
                    </NavLink>
                  </li>
                ) : null}
                {showAlerts ? (
                  <li>
                    <NavLink to="/alerts" data-testid="nav-alerts">
                      {t('nav.alerts')}
                    </NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/channels" data-testid="nav-channels">
                    {t('nav.channels')}
                  </NavLink>
                </li>
                {showUsers ? (
                  <li>
                    <NavLink to="/users" data-testid="nav-users">
                      {t('nav.users')}
                    </NavLink>
                  </li>
                ) : null}
                {showAudit ? (
                  <li>
                    <NavLink to="/audit" data-testid="nav-audit">
                      {t('nav.audit')}
                    </NavLink>
                  </li>
                ) : null}
              </ul>
            </nav>
            <div className="header-tools">
              <LanguageSwitch />
              <div className="user-menu" ref={menuRef}>
                <button
                  type="button"
                  className="user-menu-button"
                  aria-haspopup="true"
                  aria-expanded={menuOpen}
                  aria-controls="user-menu-list"
                  aria-label={`${t('user.menu')}: ${me?.display_name || me?.username || ''}`}
                  onClick={() => setMenuOpen((open) => !open)}
                  data-testid="user-menu"
                >
                  <span aria-hidden="true">{me?.display_name || me?.username}</span>
                </button>
                {menuOpen ? (
                  <ul id="user-menu-list" className="user-menu-list">
                    <li>
                      <NavLink to="/me/security" data-testid="menu-security">
                        {t('user.security')}
                      </NavLink>
                    </li>
                    <li>
                      <button type="button" onClick={() => void doLogout(false)} data-testid="menu-logout">
                        {t('user.logout')}
                      </button>
                    </li>
                    <li>
                      <button type="button" onClick={() => void doLogout(true)} data-testid="menu-logout-all">
                        {t('user.logoutAll')}
                      </button>
                    </li>
                  </ul>
                ) : null}
              </div>
            </div>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main">
        {children}
      </main>
    </>
  );
}
