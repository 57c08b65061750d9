// How an addressee is named: a unit by its name in the reader's language, a collective in words, a distribution
// list by its name, a person by name (and, once a cable is released, the list through which they were reached).
import { useI18n } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { Addressee } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { collectiveLabel, userLabel } from './model';
import type { AddresseeEntry } from './draft';
import { useLists } from './useLists';

export function AddresseeName({ entry }: { entry: AddresseeEntry | Addressee }) {
  const { t, locale } = useI18n();
  const directory = useDirectory();
  const { listById, ready: listsReady } = useLists();
  if (entry.unit_id !== undefined) {
    const unit = directory.unitById.get(entry.unit_id);
    return <span className="addressee-name">{unit ? `${unitName(unit, locale)} (${unit.code})` : `#${entry.unit_id}`}</span>;
  }
  if (entry.collective !== undefined) return <span className="addressee-name">{collectiveLabel(t, entry.collective)}</span>;
  if (entry.list_id !== undefined) {
    const list = listById.get(entry.list_id);
    return (
      <span className="addressee-name" data-list-id={entry.list_id}>
        <span className="badge list-badge">{t('lists.badge')}</span>{' '}
        {list ? list.name : t(listsReady ? 'lists.gone' : 'lists.byNumber', { id: entry.list_id })}
      </span>
    );
  }
  const user = entry.user ?? (entry.user_id !== undefined ? { id: entry.user_id, username: null, display_name: null } : undefined);
  if (!user) return null;
  const label = userLabel(user);
  const via = 'via_list_id' in entry ? entry.via_list_id : undefined;
  return (
    <span className="addressee-name">
      {label === `#${user.id}` ? t('userPicker.byNumber', { id: user.id }) : label}
      {user.username && user.display_name ? <span className="muted"> ({user.username})</span> : null}
      {via !== undefined ? (
        <span className="muted via-list" data-testid="addressee-via-list" data-list-id={via}>
          {' '}
          {t('lists.via', { name: listById.get(via)?.name ?? t('lists.byNumber', { id: via }) })}
        </span>
      ) : null}
    </span>
  );
}
