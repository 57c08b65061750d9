// Catalogue keys of the values the alert screens show: CAP's vocabularies, the states of an alert and of its
// deliveries, channels. A value the catalogues do not name (a channel added on the server) is shown as sent.
import type { I18n, MessageKey } from '../../i18n';
import { catalogues } from '../../i18n';
import type {
  AlertState,
  CapCategory,
  CapCertainty,
  CapMessageType,
  CapResponseType,
  CapScope,
  CapSeverity,
  CapStatus,
  CapUrgency,
} from '../../shared/types';

export const statusKey = (value: CapStatus) => `alerts.status.${value}` as const;
export const statusHintKey = (value: CapStatus) => `alerts.status.${value}.hint` as const;
export const typeKey = (value: CapMessageType) => `alerts.type.${value}` as const;
export const scopeKey = (value: CapScope) => `alerts.scope.${value}` as const;
export const scopeHintKey = (value: CapScope) => `alerts.scope.${value}.hint` as const;
export const categoryKey = (value: CapCategory) => `alerts.category.${value}` as const;
export const responseKey = (value: CapResponseType) => `alerts.response.${value}` as const;
export const urgencyKey = (value: CapUrgency) => `alerts.urgency.${value}` as const;
export const severityKey = (value: CapSeverity) => `alerts.severity.${value}` as const;
export const certaintyKey = (value: CapCertainty) => `alerts.certainty.${value}` as const;
export const stateKey = (value: AlertState) => `alerts.state.${value}` as const;

function known(key: string): key is MessageKey {
  return key in catalogues.vi;
}

/** A delivery channel ("zalo_message", "email", …) or a safety answer's channel ("link", "sms", "zalo"). */
export function channelLabel(t: I18n['t'], channel: string | null | undefined): string {
  if (!channel) return '';
  const key = `alerts.channel.${channel}`;
  return known(key) ? t(key) : channel;
}

/** A delivery state ("delivered", "awaiting_receipt", …). */
export function deliveryStateLabel(t: I18n['t'], state: string): string {
  const key = `alerts.delivery.${state}`;
  return known(key) ? t(key) : state;
}

export function languageLabel(t: I18n['t'], language: string): string {
  if (language === 'vi') return t('lang.vi');
  if (language === 'en') return t('lang.en');
  return language;
}
