// Language of the console: Vietnamese by default, English on request. The choice is kept in localStorage and,
// when logged in, on the account (PATCH /me {locale}). Dates and numbers are formatted with Intl in that locale.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { vi, type MessageKey, type Messages } from './vi';
import { en } from './en';
import type { Locale } from '../shared/types';

export type { MessageKey } from './vi';

export const catalogues: Record<Locale, Messages> = { vi, en };
export const LOCALES: Locale[] = ['vi', 'en'];
export const DEFAULT_LOCALE: Locale = 'vi';
export const HQ_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const STORAGE_KEY = 'chancery.locale';

export type Params = Record<string, string | number>;

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  // An unknown key (a kind or region the catalogues do not name yet) comes back as itself.
  return interpolate(catalogues[locale][key] ?? key, params);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'vi' || value === 'en';
}

function intlLocale(locale: Locale): string {
  return locale === 'vi' ? 'vi-VN' : 'en-GB';
}

export function formatDateTime(
  locale: Locale,
  iso: string | null | undefined,
  timeZone: string = HQ_TIME_ZONE,
  style: 'datetime' | 'date' | 'time' = 'datetime',
): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { timeZone };
  if (style !== 'time') Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
  if (style !== 'date') Object.assign(options, { hour: '2-digit', minute: '2-digit' });
  try {
    return new Intl.DateTimeFormat(intlLocale(locale), options).format(date);
  } catch {
    // An unknown time zone from data must not break the page.
    return new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: HQ_TIME_ZONE }).format(date);
  }
}

function readStoredLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be unavailable (private mode); the default applies.
  }
  return DEFAULT_LOCALE;
}

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** Chooses the `.one` / `.other` form of a key by Intl plural rules and fills {count}. */
  plural: (base: string, count: number, params?: Params) => string;
  dateTime: (iso: string | null | undefined, timeZone?: string, style?: 'datetime' | 'date' | 'time') => string;
  number: (value: number) => string;
}

/** The translation functions of one locale (what the provider gives; tests of pure rules use it directly). */
export function createI18n(locale: Locale, setLocale: (locale: Locale) => void = () => undefined): I18n {
  const rules = new Intl.PluralRules(intlLocale(locale));
  const numbers = new Intl.NumberFormat(intlLocale(locale));
  return {
    locale,
    setLocale,
    t: (key, params) => translate(locale, key, params),
    plural: (base, count, params) => {
      const form = rules.select(count) === 'one' ? 'one' : 'other';
      const key = `${base}.${form}` as MessageKey;
      return translate(locale, key, { count: numbers.format(count), ...params });
    },
    dateTime: (iso, timeZone, style) => formatDateTime(locale, iso, timeZone, style),
    number: (value) => numbers.format(value),
  };
}

const I18nContext = createContext<I18n | null>(null);

/** `titleKey`: the page title, in the chosen language (the console's name, or the portal's). */
export function I18nProvider({ children, titleKey = 'app.name' }: { children: ReactNode; titleKey?: MessageKey }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = catalogues[locale][titleKey];
  }, [locale, titleKey]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Ignored: the choice still applies to this page.
    }
  }, []);

  const value = useMemo<I18n>(() => createI18n(locale, setLocale), [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
