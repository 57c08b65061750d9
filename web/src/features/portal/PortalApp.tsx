// The citizens' portal under /portal, a bundle of its own (main.tsx loads it instead of the console for /portal
// addresses, without any staff session): sign in with an e-mail or phone and a one-time code, then register, or see,
// edit, download and delete one's registration. The same bundle answers /safe/<token>, the one-tap page of a safety
// check, which needs no portal session either (the token is the credential).
import { useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Loading } from '../../shared/ui';
import type { Citizen } from '../../shared/types';
import { EditPage } from './EditPage';
import { MyRegistration } from './MyRegistration';
import { PortalFrame } from './PortalFrame';
import { RegisterPage } from './RegisterPage';
import { PortalSessionProvider, usePortalSession } from './session';
import { SignIn } from './SignIn';
import { SafePage } from '../alerts/safe/SafePage';
import { useI18n } from '../../i18n';
import '../citizens/citizens.css';
import './portal.css';

function Home() {
  const { stage, session, markRegistered } = usePortalSession();
  // The registration just made, shown at once (with a welcome) instead of read again.
  const [registered, setRegistered] = useState<Citizen | null>(null);
  if (stage === 'loading') return <Loading />;
  if (stage === 'signed_out' || !session) return <SignIn />;
  if (!session.registered) {
    return (
      <RegisterPage
        onRegistered={(citizen) => {
          setRegistered(citizen);
          markRegistered();
          window.scrollTo(0, 0);
        }}
      />
    );
  }
  return <MyRegistration registered={registered} />;
}

/** Home, afresh for each session (what was just registered belongs to one session). */
function HomeRoute() {
  const { session } = usePortalSession();
  return <Home key={session?.csrf_token ?? 'signed-out'} />;
}

function Edit() {
  const { stage, session } = usePortalSession();
  if (stage === 'loading') return <Loading />;
  if (!session?.registered) return <Navigate to="/portal" replace />;
  return <EditPage />;
}

function SafeApp() {
  const { t } = useI18n();
  return (
    <BrowserRouter>
      <PortalFrame name={t('safe.name')} rights={false}>
        <Routes>
          <Route path="/safe/:token" element={<SafePage />} />
          {/* "/safe/" without a token: the page says the link is not valid. */}
          <Route path="*" element={<SafePage />} />
        </Routes>
      </PortalFrame>
    </BrowserRouter>
  );
}

export default function PortalApp() {
  // The one-tap page asks nothing about a portal session.
  if (window.location.pathname.startsWith('/safe/')) return <SafeApp />;
  return (
    <BrowserRouter>
      <PortalSessionProvider>
        <PortalFrame>
          <Routes>
            <Route path="/portal" element={<HomeRoute />} />
            <Route path="/portal/edit" element={<Edit />} />
            <Route path="*" element={<Navigate to="/portal" replace />} />
          </Routes>
        </PortalFrame>
      </PortalSessionProvider>
    </BrowserRouter>
  );
}
