// Small pieces the registry's screens pass around: a notice for the next screen (kept as a catalogue key and its
// values in the history state, so that it follows a change of language), and the consents a new registration sends.
import type { MessageKey, Params } from '../../i18n';
import type { ContactChannel } from '../../shared/types';
import type { ConsentForm } from './profileForm';

export interface NoticeState {
  notice: { key: MessageKey; params?: Params };
}

export function notice(key: MessageKey, params?: Params): NoticeState {
  return { notice: { key, params } };
}

/** The notice in a history state, if it holds one. */
export function noticeOf(state: unknown): NoticeState['notice'] | null {
  const found = (state as Partial<NoticeState> | null)?.notice;
  return found && typeof found.key === 'string' ? found : null;
}

/**
 * Only the consents given: a box left unticked on a new registration is no consent yet, not a withdrawal, so the
 * registration shows it as never recorded rather than refused at that time.
 */
export function grantedOnly(consents: ConsentForm): Partial<Record<ContactChannel, boolean>> {
  return Object.fromEntries(Object.entries(consents).filter(([, granted]) => granted)) as Partial<Record<ContactChannel, boolean>>;
}
