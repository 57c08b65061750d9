// The badges of an alert: its state (draft … sent), and what kind it is — an exercise or a test is marked as such
// everywhere, and a real (Actual) alert in red.
import { useI18n } from '../../i18n';
import type { Alert, AlertState, CapMessageType, CapStatus } from '../../shared/types';
import { stateKey, statusKey, typeKey } from './labels';

export function StateBadge({ state }: { state: AlertState }) {
  const { t } = useI18n();
  return (
    <span className={`badge al-state al-state-${state}`} data-testid="alert-state" data-state={state}>
      {t(stateKey(state))}
    </span>
  );
}

export function StatusBadge({ status }: { status: CapStatus | undefined }) {
  const { t } = useI18n();
  const value = status ?? 'Actual';
  return (
    <span className={`badge al-status al-status-${value.toLowerCase()}`} data-testid="alert-status" data-status={value}>
      {t(statusKey(value))}
    </span>
  );
}

export function TypeBadge({ type }: { type: CapMessageType | undefined }) {
  const { t } = useI18n();
  if (!type || type === 'Alert') return null;
  return <span className="badge al-type">{t(typeKey(type))}</span>;
}

export function AlertBadges({ alert }: { alert: Alert }) {
  return (
    <span className="al-badges">
      <StatusBadge status={alert.status} />
      <TypeBadge type={alert.message_type} />
      <StateBadge state={alert.state} />
    </span>
  );
}
