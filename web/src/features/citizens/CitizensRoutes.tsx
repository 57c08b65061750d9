// The registry of citizens abroad under /citizens/*, a chunk of its own loaded the first time one of its pages is
// opened (App.tsx imports this module lazily). Anyone without citizens_read somewhere is told so.
import { Navigate, Route, Routes } from 'react-router';
import { useI18n } from '../../i18n';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { CitizenFormPage } from './CitizenFormPage';
import { CitizenPage } from './CitizenPage';
import { ImportPage } from './ImportPage';
import { RegistryPage } from './RegistryPage';
import './citizens.css';

export default function CitizensRoutes() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!hasPermission(me, 'citizens_read')) {
    return (
      <div className="page">
        <h1>{t('citizens.title')}</h1>
        <p data-testid="citizens-forbidden">{t('citizens.forbidden')}</p>
      </div>
    );
  }
  const mayWrite = hasPermission(me, 'citizens_write');
  return (
    <Routes>
      <Route index element={<RegistryPage />} />
      <Route path="new" element={mayWrite ? <CitizenFormPage /> : <Navigate to="/citizens" replace />} />
      <Route path="import" element={mayWrite ? <ImportPage /> : <Navigate to="/citizens" replace />} />
      <Route path=":id" element={<CitizenPage />} />
      <Route path=":id/edit" element={mayWrite ? <CitizenFormPage /> : <Navigate to="/citizens" replace />} />
      <Route path="*" element={<Navigate to="/citizens" replace />} />
    </Routes>
  );
}
