// Tiếng Việt / English. When logged in the choice is also saved on the account (PATCH /me {locale}).
import { LOCALES, useI18n } from '../i18n';
import { api } from './api';
import { useSession } from './session';
import type { Locale, Me } from './types';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const { stage, setMe } = useSession();

  const choose = (next: Locale) => {
    if (next === locale) return;
    setLocale(next);
    if (stage === 'active') {
      api
        .patch<Me>('/me', { locale: next })
        .then((me) => me && setMe(me))
        .catch(() => undefined); // The local choice still applies; the account keeps its old language.
    }
  };

  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((value) => (
        <button
          key={value}
          type="button"
          lang={value}
          aria-pressed={locale === value}
          onClick={() => choose(value)}
          data-testid={`lang-${value}`}
        >
          {t(value === 'vi' ? 'lang.vi' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
