// The portal session: whether a citizen is signed in (GET /portal/session on load), with which contact, and whether
// they have registered; why the last session ended (signed out, expired, registration deleted), told on the
// sign-in screen. It has nothing to do with the console's staff session.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PortalSession } from '../../shared/types';
import { onPortalSessionEnded, portalApi, setPortalCsrfToken } from './portalApi';

export type PortalStage = 'loading' | 'signed_out' | 'signed_in';
export type PortalEnding = 'signed_out' | 'expired' | 'erased';

export interface PortalSessionState {
  stage: PortalStage;
  session: PortalSession | null;
  ended: PortalEnding | null;
  accept: (session: PortalSession) => void;
  markRegistered: () => void;
  end: (reason: PortalEnding) => void;
  signOut: () => Promise<void>;
}

const PortalSessionContext = createContext<PortalSessionState | null>(null);

export function PortalSessionProvider({ children }: { children: ReactNode }) {
  const [stage, setStage] = useState<PortalStage>('loading');
  const [session, setSession] = useState<PortalSession | null>(null);
  const [ended, setEnded] = useState<PortalEnding | null>(null);

  const accept = useCallback((next: PortalSession) => {
    setPortalCsrfToken(next.csrf_token);
    setSession(next);
    setEnded(null);
    setStage('signed_in');
  }, []);

  const end = useCallback((reason: PortalEnding) => {
    setPortalCsrfToken(null);
    setSession(null);
    setEnded(reason);
    setStage('signed_out');
  }, []);

  const markRegistered = useCallback(() => setSession((previous) => (previous ? { ...previous, registered: true } : previous)), []);

  const signOut = useCallback(async () => {
    try {
      await portalApi.delete('/session', { quiet: true });
    } catch {
      // Signed out here whatever the server said: the cookie is HttpOnly and ends with the session anyway.
    }
    end('signed_out');
  }, [end]);

  useEffect(() => {
    let live = true;
    portalApi
      .get<PortalSession>('/session', { quiet: true })
      .then((found) => live && accept(found))
      // 401: nobody is signed in; anything else (the network) also leaves the sign-in form, which says what fails.
      .catch(() => live && setStage('signed_out'));
    return () => {
      live = false;
    };
  }, [accept]);

  useEffect(() => {
    onPortalSessionEnded(() => end('expired'));
    return () => onPortalSessionEnded(null);
  }, [end]);

  const value = useMemo<PortalSessionState>(
    () => ({ stage, session, ended, accept, markRegistered, end, signOut }),
    [stage, session, ended, accept, markRegistered, end, signOut],
  );
  return <PortalSessionContext.Provider value={value}>{children}</PortalSessionContext.Provider>;
}

export function usePortalSession(): PortalSessionState {
  const value = useContext(PortalSessionContext);
  if (!value) throw new Error('usePortalSession outside PortalSessionProvider');
  return value;
}
