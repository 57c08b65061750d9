// How an addressee is named: a unit by its name in the reader's language, a collective in words, a person by name.
import { useI18n } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { Addressee } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { collectiveLabel, userLabel } from './model';
import type { AddresseeEntry } from './draft';

export function AddresseeName({ entry }: { entry: AddresseeEntry | Addressee }) {
  const { t, locale } = useI18n();
  const directory = useDirectory();
  if (entry.unit_id !== undefined) {
    const unit = directory.unitById.get(entry.unit_id);
    return <span className="addressee-name">{unit ? `${unitName(unit, locale)} (${unit.code})` : `#${entry.unit_id}`}</span>;
  }
  if (entry.collective !== undefined) return <span className="addressee-name">{collectiveLabel(t, entry.collective)}</span>;
  const user = entry.user ?? (entry.user_id !== undefined ? { id: entry.user_id, username: null, display_name: null } : undefined);
  if (!user) return null;
  const label = userLabel(user);
  return (
    <span className="addressee-name">
      {label === `#${user.id}` ? t('userPicker.byNumber', { id: user.id }) : label}
      {user.username && user.display_name ? <span className="muted"> ({user.username})</span> : null}
    </span>
  );
}
