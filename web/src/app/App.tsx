// Routes of the console and the guards that send each session stage to its screen.
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useI18n } from '../i18n';
import { useSession } from '../shared/session';
import { Layout } from '../shared/Layout';
import { Loading } from '../shared/ui';
import { LoginPage } from '../features/identity/LoginPage';
import { MfaCodePage } from '../features/identity/MfaCodePage';
import { MfaEnrolmentPage } from '../features/identity/MfaEnrolmentPage';
import { SecurityPage } from '../features/identity/SecurityPage';
import { UsersPage } from '../features/identity/UsersPage';
import { UserPage } from '../features/identity/UserPage';
import { DirectoryPage } from '../features/directory/DirectoryPage';
import { UnitPage } from '../features/directory/UnitPage';
import { AuditPage } from '../features/audit/AuditPage';
import { CablesPage } from '../features/cables/CablesPage';
import { CableComposer } from '../features/cables/CableComposer';
import { CableReader } from '../features/cables/CableReader';
import { CableSearchPage } from '../features/cables/CableSearchPage';
import { DistributionListsPage } from '../features/cables/DistributionListsPage';
import { ChannelsPage } from '../features/channels/ChannelsPage';
import { NotificationsPage } from '../features/notifications/NotificationsPage';

// The monitor is a chunk of its own, loaded when one of its pages is first opened.
const MonitorRoutes = lazy(() => import('../features/monitor/MonitorRoutes'));
// So is the registry of citizens abroad.
const CitizensRoutes = lazy(() => import('../features/citizens/CitizensRoutes'));
// And crisis alerts.
const AlertsRoutes = lazy(() => import('../features/alerts/AlertsRoutes'));

function RequireActive({ children }: { children: ReactNode }) {
  const { stage } = useSession();
  const location = useLocation();
  if (stage === 'loading') return <Loading />;
  if (stage === 'mfa_required') return <Navigate to="/login/mfa" replace state={{ from: location.pathname + location.search }} />;
  if (stage === 'mfa_enrolment_required') return <Navigate to="/mfa/enrol" replace state={{ from: location.pathname + location.search }} />;
  if (stage !== 'active') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Layout>{children}</Layout>;
}

function OnlyStage({ stages, children }: { stages: string[]; children: ReactNode }) {
  const { stage } = useSession();
  const location = useLocation();
  if (stage === 'loading') return <Loading />;
  if (!stages.includes(stage)) {
    const from = (location.state as { from?: string } | null)?.from;
    if (stage === 'active') return <Navigate to={from ?? '/directory'} replace />;
    if (stage === 'mfa_required') return <Navigate to="/login/mfa" replace state={location.state} />;
    if (stage === 'mfa_enrolment_required') return <Navigate to="/mfa/enrol" replace state={location.state} />;
    return <Navigate to="/login" replace />;
  }
  return <>{children}</>;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t('app.notFound')}</h1>
    </div>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<OnlyStage stages={['anonymous']}><LoginPage /></OnlyStage>} />
      <Route path="/login/mfa" element={<OnlyStage stages={['mfa_required']}><MfaCodePage /></OnlyStage>} />
      <Route path="/mfa/enrol" element={<OnlyStage stages={['mfa_enrolment_required', 'active']}><MfaEnrolmentPage /></OnlyStage>} />
      <Route path="/" element={<Navigate to="/directory" replace />} />
      <Route path="/directory" element={<RequireActive><DirectoryPage /></RequireActive>} />
      <Route path="/units/:id" element={<RequireActive><UnitPage /></RequireActive>} />
      <Route path="/users" element={<RequireActive><UsersPage /></RequireActive>} />
      <Route path="/users/:id" element={<RequireActive><UserPage /></RequireActive>} />
      <Route path="/audit" element={<RequireActive><AuditPage /></RequireActive>} />
      <Route path="/cables" element={<RequireActive><CablesPage /></RequireActive>} />
      <Route path="/cables/new" element={<RequireActive><CableComposer /></RequireActive>} />
      <Route path="/cables/search" element={<RequireActive><CableSearchPage /></RequireActive>} />
      <Route path="/cables/lists" element={<RequireActive><DistributionListsPage /></RequireActive>} />
      <Route path="/cables/:id" element={<RequireActive><CableReader /></RequireActive>} />
      <Route path="/cables/:id/edit" element={<RequireActive><CableComposer /></RequireActive>} />
      <Route path="/channels/:id?" element={<RequireActive><ChannelsPage /></RequireActive>} />
      <Route path="/monitor/*" element={<RequireActive><Suspense fallback={<Loading />}><MonitorRoutes /></Suspense></RequireActive>} />
      <Route path="/citizens/*" element={<RequireActive><Suspense fallback={<Loading />}><CitizensRoutes /></Suspense></RequireActive>} />
      <Route path="/alerts/*" element={<RequireActive><Suspense fallback={<Loading />}><AlertsRoutes /></Suspense></RequireActive>} />
      <Route path="/notifications" element={<RequireActive><NotificationsPage /></RequireActive>} />
      <Route path="/me/security" element={<RequireActive><SecurityPage /></RequireActive>} />
      <Route path="*" element={<RequireActive><NotFound /></RequireActive>} />
    </Routes>
  );
}
