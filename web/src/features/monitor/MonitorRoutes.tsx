// The monitor's screens under /monitor/*, one chunk loaded the first time a monitor page is opened (App.tsx
// imports this module lazily; the chart library is a further chunk of its own, loaded by the overview).
import { Navigate, Route, Routes } from 'react-router';
import { useI18n } from '../../i18n';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { AlertPage } from './AlertPage';
import { AlertsPage } from './AlertsPage';
import { ArticlesPage } from './ArticlesPage';
import { LivePage } from './LivePage';
import { OverviewPage } from './OverviewPage';
import { QueriesPage } from './QueriesPage';
import { QueryEditorPage } from './QueryEditorPage';
import { SourceFormPage } from './SourceFormPage';
import { SourcesPage } from './SourcesPage';
import './monitor.css';

export default function MonitorRoutes() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!hasPermission(me, 'monitor_read')) {
    return (
      <div className="page">
        <h1>{t('monitor.title')}</h1>
        <p data-testid="monitor-forbidden">{t('monitor.forbidden')}</p>
      </div>
    );
  }
  return (
    <Routes>
      <Route index element={<OverviewPage />} />
      <Route path="live" element={<LivePage />} />
      <Route path="alerts" element={<AlertsPage />} />
      <Route path="alerts/:id" element={<AlertPage />} />
      <Route path="queries" element={<QueriesPage />} />
      <Route path="queries/new" element={<QueryEditorPage />} />
      <Route path="queries/:id" element={<QueryEditorPage />} />
      <Route path="sources" element={<SourcesPage />} />
      <Route path="sources/new" element={<SourceFormPage />} />
      <Route path="sources/:id" element={<SourceFormPage />} />
      <Route path="articles" element={<ArticlesPage />} />
      <Route path="*" element={<Navigate to="/monitor" replace />} />
    </Routes>
  );
}
