// The frame of every portal page: a skip link, a header with the ministry's name and the language switch
// (Vietnamese by default), the page, and a footer saying what the data is for. Phone first: one column.
import type { ReactNode } from 'react';
import { LOCALES, useI18n } from '../../i18n';

export function PortalLanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((value) => (
        <button key={value} type="button" lang={value} aria-pressed={locale === value} onClick={() => setLocale(value)} data-testid={`lang-${value}`}>
          {t(value === 'vi' ? 'lang.vi' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}

/**
 * `name`: the service's name in the header (the portal's by default); `rights`: the footer's line on seeing and
 * deleting one's data (the portal's, left out of pages that do not lead there).
 */
export function PortalFrame({ children, name, rights = true }: { children: ReactNode; name?: string; rights?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="pt-shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header pt-header">
        <div className="header-inner pt-header-inner">
          <span className="brand pt-brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="pt-brand-text">
              <span className="pt-brand-name">{name ?? t('portal.name')}</span>
              <span className="pt-brand-ministry">{t('portal.ministry')}</span>
            </span>
          </span>
          <PortalLanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main pt-main">
        {children}
      </main>
      <footer className="pt-footer">
        <p>{t('portal.footer.purpose')}</p>
        {rights ? <p>{t('portal.footer.rights')}</p> : null}
      </footer>
    </div>
  );
}
