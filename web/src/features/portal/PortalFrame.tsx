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

export function PortalFrame({ children }: { children: ReactNode }) {
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
              <span className="pt-brand-name">{t('portal.name')}</span>
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
        <p>{t('portal.footer.rights')}</p>
      </footer>
    </div>
  );
}
