// How a channel is named on screen: a topic by its name, a unit's channel by its name or the unit's, a direct
// channel by the other person (from the channel's members, fetched by useChannels).
import { useCallback } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { ChannelDetail, ChannelSummary, Id } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { directPartner, memberName } from './model';

export type TitleOf = (channel: Pick<ChannelSummary, 'id' | 'kind' | 'name' | 'unit_id'>) => string;

export function useChannelTitle(me: Id, details: Record<Id, ChannelDetail>): TitleOf {
  const { t, locale } = useI18n();
  const directory = useDirectory();
  return useCallback<TitleOf>(
    (channel) => {
      if (channel.kind === 'direct') {
        const partner = directPartner(details[channel.id], me);
        return partner ? memberName(partner) : t('channels.directUnnamed', { id: channel.id });
      }
      if (channel.name.trim()) return channel.name;
      if (channel.kind === 'unit' && channel.unit_id !== null) {
        const unit = directory.unitById.get(channel.unit_id);
        if (unit) return unitName(unit, locale);
      }
      return t('channels.unnamed', { id: channel.id });
    },
    [details, me, t, locale, directory.unitById],
  );
}

const KIND_KEYS: Record<ChannelSummary['kind'], MessageKey> = {
  unit: 'channels.kind.unit',
  topic: 'channels.kind.topic',
  direct: 'channels.kind.direct',
};
const KIND_ONE_KEYS: Record<ChannelSummary['kind'], MessageKey> = {
  unit: 'channels.kindOne.unit',
  topic: 'channels.kindOne.topic',
  direct: 'channels.kindOne.direct',
};

/** The catalogue key naming a kind of channel: the group in the list ("Topic channels"), or one ("Topic channel"). */
export function kindKey(kind: ChannelSummary['kind'], form: 'group' | 'one' = 'group'): MessageKey {
  return (form === 'one' ? KIND_ONE_KEYS : KIND_KEYS)[kind] ?? 'channels.kind.topic';
}

/** A message's time as chat shows it: the time alone today (Hanoi time), the date and time before. */
export function useShortTime(): (iso: string) => string {
  const { dateTime } = useI18n();
  return useCallback(
    (iso: string) => (dateTime(iso, undefined, 'date') === dateTime(new Date().toISOString(), undefined, 'date') ? dateTime(iso, undefined, 'time') : dateTime(iso)),
    [dateTime],
  );
}
