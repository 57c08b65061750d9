// The session of the console: who is logged in and how far (anonymous, waiting for an MFA code, required to
// enrol MFA, or fully logged in). It keeps the CSRF token for the API client and follows the account's locale.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, isApiError, onUnauthorized, setCsrfToken } from './api';
import type { LoginResponse, Me } from './types';
import { isLocale, useI18n } from '../i18n';

export type SessionStage = 'loading' | 'anonymous' | 'mfa_required' | 'mfa_enrolment_required' | 'active';

export interface Session {
  stage: SessionStage;
  me: Me | null;
  /** Why the last session ended, shown on the login page. */
  endedReason: 'logged_out' | 'expired' | null;
  login: (username: string, password: string) => Promise<LoginResponse>;
  acceptLogin: (response: { csrf_token: string; me: Me; status?: string }) => void;
  refresh: () => Promise<void>;
  logout: (everywhere?: boolean) => Promise<void>;
  ended: (reason: 'logged_out' | 'expired') => void;
  setMe: (me: Me) => void;
}

const SessionContext = createContext<Session | null>(null);

/** Maps a login status or a /me session_status to the stage of the console. */
export function stageOf(status: string | undefined, me: Me): SessionStage {
  if (status === 'mfa_required' || status === 'mfa_pending' || status === 'partial_mfa') return 'mfa_required';
  if (status === 'mfa_enrolment_required' || status === 'partial_enrolment') return 'mfa_enrolment_required';
  if (status === 'partial') return me.mfa_enabled ? 'mfa_required' : 'mfa_enrolment_required';
  return 'active';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useI18n();
  const [stage, setStage] = useState<SessionStage>('loading');
  const [me, setMeState] = useState<Me | null>(null);
  const [endedReason, setEndedReason] = useState<Session['endedReason']>(null);

  const setMe = useCallback((next: Me) => {
    setMeState(next);
    if (next.csrf_token) setCsrfToken(next.csrf_token);
  }, []);

  const acceptLogin = useCallback(
    (response: { csrf_token: string; me: Me; status?: string }) => {
      setCsrfToken(response.csrf_token);
      setMeState({ ...response.me, csrf_token: response.csrf_token });
      const next = stageOf(response.status ?? response.me.session_status, response.me);
      setStage(next);
      setEndedReason(null);
      if (next === 'active' && isLocale(response.me.locale)) setLocale(response.me.locale);
    },
    [setLocale],
  );

  const ended = useCallback((reason: 'logged_out' | 'expired') => {
    setCsrfToken(null);
    setMeState(null);
    setStage('anonymous');
    setEndedReason(reason);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const current = await api.get<Me>('/me', { expectUnauthorized: true });
      acceptLogin({ csrf_token: current.csrf_token, me: current });
    } catch (error) {
      if (isApiError(error) && error.status === 401) {
        setCsrfToken(null);
        setMeState(null);
        setStage('anonymous');
        return;
      }
      throw error;
    }
  }, [acceptLogin]);

  useEffect(() => {
    refresh().catch(() => setStage('anonymous'));
  }, [refresh]);

  useEffect(() => {
    onUnauthorized(() => ended('expired'));
    return () => onUnauthorized(null);
  }, [ended]);

  const login = useCallback(
    async (username: string, password: string) => {
      const response = await api.post<LoginResponse>('/auth/login', { username, password }, { expectUnauthorized: true });
      acceptLogin(response);
      return response;
    },
    [acceptLogin],
  );

  const logout = useCallback(
    async (everywhere = false) => {
      try {
        await api.post<void>(everywhere ? '/auth/logout-all' : '/auth/logout', undefined, { expectUnauthorized: true });
      } finally {
        ended('logged_out');
      }
    },
    [ended],
  );

  const value = useMemo<Session>(
    () => ({ stage, me, endedReason, login, acceptLogin, refresh, logout, ended, setMe }),
    [stage, me, endedReason, login, acceptLogin, refresh, logout, ended, setMe],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
