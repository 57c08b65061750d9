// The tabs of the monitor's screens.
import { Link } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';

export type MonitorTab = 'overview' | 'live' | 'alerts' | 'queries' | 'sources' | 'articles';

const TABS: { tab: MonitorTab; path: string; label: MessageKey }[] = [
  { tab: 'overview', path: '/monitor', label: 'monitor.tab.overview' },
  { tab: 'live', path: '/monitor/live', label: 'monitor.tab.live' },
  { tab: 'alerts', path: '/monitor/alerts', label: 'monitor.tab.alerts' },
  { tab: 'queries', path: '/monitor/queries', label: 'monitor.tab.queries' },
  { tab: 'sources', path: '/monitor/sources', label: 'monitor.tab.sources' },
  { tab: 'articles', path: '/monitor/articles', label: 'monitor.tab.articles' },
];

export function MonitorNav({ current }: { current: MonitorTab }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('monitor.nav')}>
      <ul className="tabs" data-testid="monitor-tabs">
        {TABS.map(({ tab, path, label }) => (
          <li key={tab}>
            <Link
              to={path}
              className={tab === current ? 'tab active' : 'tab'}
              aria-current={tab === current ? 'page' : undefined}
              data-testid={`monitor-tab-${tab}`}
            >
              {t(label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
