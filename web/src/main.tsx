// Two applications share this page: the citizens' portal under /portal, with the one-tap page of a safety check
// under /safe (public, no staff session: GET /me is never asked there), and the staff console everywhere else. Each
// is a bundle of its own, so a citizen on a phone does not download the console.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n';
import { Loading } from './shared/ui';
import './shared/styles.css';

const ConsoleApp = lazy(() => import('./app/ConsoleApp'));
const PortalApp = lazy(() => import('./features/portal/PortalApp'));

function isPortalPath(pathname: string): boolean {
  return pathname === '/portal' || pathname.startsWith('/portal/') || pathname.startsWith('/safe/');
}

const portal = isPortalPath(window.location.pathname);
const safe = window.location.pathname.startsWith('/safe/');

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <I18nProvider titleKey={safe ? 'safe.title' : portal ? 'portal.title' : 'app.name'}>
      <Suspense fallback={<Loading />}>{portal ? <PortalApp /> : <ConsoleApp />}</Suspense>
    </I18nProvider>
  </StrictMode>,
);
