// How a crawler pushes documents into a push source: the endpoint, an API token of scope monitor_sources (created
// on "My security"), and a curl example with a document of every field.
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import type { MonitorSource } from '../../shared/types';

export function PushHelp({ source }: { source: MonitorSource }) {
  const { t } = useI18n();
  const endpoint = `${window.location.origin}/api/v1/monitor/sources/${source.id}/documents`;
  const example = [
    `curl -X POST '${endpoint}' \\`,
    `  -H 'Authorization: Bearer chy_…' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"documents":[{"id":"https://example.org/tin/1","title":"Bão số 9 đổ bộ Đà Nẵng",`,
    `       "text":"…","url":"https://example.org/tin/1","published":"2026-11-28T08:30:00+07:00",`,
    `       "language":"vi","country":"VN","author":"Desk"}]}'`,
  ].join('\n');
  return (
    <section className="card monitor-push-help" aria-labelledby="push-help" data-testid="push-help">
      <h2 id="push-help">{t('monitor.push.title')}</h2>
      <ol className="monitor-steps">
        <li>
          {t('monitor.push.token')} <Link to="/me/security">{t('user.security')}</Link>
        </li>
        <li>
          {t('monitor.push.endpoint')} <code data-testid="push-endpoint">POST {endpoint}</code>
        </li>
        <li>{t('monitor.push.body')}</li>
      </ol>
      <pre className="monitor-code" data-testid="push-curl">
        <code>{example}</code>
      </pre>
      <p className="small muted">{t('monitor.push.answer')}</p>
    </section>
  );
}
