// Crisis alerts under /alerts/*, a chunk of its own loaded the first time one of its pages is opened (App.tsx
// imports this module lazily; the world atlas of the maps is a further chunk). Anyone without alerts_send or
// alerts_approve somewhere is told so; composing needs alerts_send.
import { Navigate, Route, Routes } from 'react-router';
import { useI18n } from '../../i18n';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { AlertComposer } from './AlertComposer';
import { AlertPage } from './AlertPage';
import { AlertsPage } from './AlertsPage';
import { AssistanceCasePage } from './AssistanceCasePage';
import { AssistancePage } from './AssistancePage';
import { maySeeAlerts } from './data';
import { WebhooksPage } from '../webhooks/WebhooksPage';
import './alerts.css';

export default function AlertsRoutes() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!maySeeAlerts(me)) {
    return (
      <div className="page">
        <h1>{t('alerts.title')}</h1>
        <p data-testid="alerts-forbidden">{t('alerts.forbidden')}</p>
      </div>
    );
  }
  const maySend = hasPermission(me, 'alerts_send');
  return (
    <Routes>
      <Route index element={<AlertsPage />} />
      <Route path="assistance" element={<AssistancePage />} />
      <Route path="assistance/:id" element={<AssistanceCasePage />} />
      <Route path="webhooks" element={<WebhooksPage />} />
      <Route path="new" element={maySend ? <AlertComposer /> : <Navigate to="/alerts" replace />} />
      <Route path=":id" element={<AlertPage />} />
      <Route path=":id/edit" element={maySend ? <AlertComposer /> : <Navigate to="/alerts" replace />} />
      <Route path="*" element={<Navigate to="/alerts" replace />} />
    </Routes>
  );
}
