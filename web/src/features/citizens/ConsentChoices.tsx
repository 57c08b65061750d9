// The consent of each channel as checkboxes, each explained in plain words: what we would send, and where. Staff
// read how to record consent given on paper; citizens read what they agree to. Nothing is ticked by default.
import { useI18n, type MessageKey } from '../../i18n';
import type { ContactChannel } from '../../shared/types';
import type { ConsentForm } from './profileForm';

export function channelLabel(channel: ContactChannel): MessageKey {
  return `citizens.channel.${channel}` as MessageKey;
}

export function consentHelp(channel: ContactChannel, audience: 'staff' | 'citizen'): MessageKey {
  return (audience === 'citizen' ? `portal.consent.${channel}` : `citizens.consent.${channel}`) as MessageKey;
}

export function ConsentChoices({ value, onChange, channels, audience, prefix }: {
  value: ConsentForm;
  onChange: (value: ConsentForm) => void;
  channels: readonly ContactChannel[];
  audience: 'staff' | 'citizen';
  prefix: string;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="cz-section" data-testid={`${prefix}-consents`}>
      <legend>{audience === 'citizen' ? t('portal.consents.title') : t('citizens.consents.title')}</legend>
      <p className="muted small cz-section-hint">{audience === 'citizen' ? t('portal.consents.hint') : t('citizens.consents.hint')}</p>
      <ul className="cz-consent-list">
        {channels.map((channel) => (
          <li key={channel} className="field-check cz-consent">
            <input
              type="checkbox"
              id={`${prefix}-consent-${channel}`}
              checked={value[channel]}
              onChange={(event) => onChange({ ...value, [channel]: event.target.checked })}
              aria-describedby={`${prefix}-consent-${channel}-help`}
              data-testid={`${prefix}-consent-${channel}`}
            />
            <span>
              <label htmlFor={`${prefix}-consent-${channel}`}>{t(channelLabel(channel))}</label>
              <small id={`${prefix}-consent-${channel}-help`} className="cz-consent-help">
                {t(consentHelp(channel, audience))}
              </small>
            </span>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
