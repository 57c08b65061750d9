// Distribution lists as the console handles them (GET/POST /cables/lists, GET/PUT/DELETE /cables/lists/:id): who
// is offered to manage which list, the form of a list and what it sends, the checks the server would make first,
// and finding a list by name. Only hints: the server decides.
import type { MessageKey, Params } from '../../i18n';
import { hasPermission, permittedUnits } from '../../shared/permissions';
import type { Addressee, DistributionList, DistributionListDraft, Id, Me, Unit, UserRef } from '../../shared/types';

/** As the server counts them: a name of at most 100 characters, a description of at most 2,000 bytes. */
export const MAX_LIST_NAME = 100;
export const MAX_LIST_DESCRIPTION_BYTES = 2000;
/** Units and people together. */
export const MAX_LIST_MEMBERS = 200;

/** Lists are kept by holders of cable_release on their owner unit. */
export function mayManageList(me: Me | null, list: Pick<DistributionList, 'owner_unit_id'>): boolean {
  return hasPermission(me, 'cable_release', list.owner_unit_id);
}

/** Units the user may own a new list for (cable_release), the home unit first. */
export function listOwnerUnits(me: Me | null, units: Unit[]): Unit[] {
  const scope = permittedUnits(me, 'cable_release');
  const allowed = scope === 'all' ? units : units.filter((unit) => scope.includes(unit.id));
  return [...allowed].sort((a, b) => (a.id === me?.unit_id ? -1 : b.id === me?.unit_id ? 1 : a.code.localeCompare(b.code)));
}

export interface ListForm {
  owner_unit_id: string;
  name: string;
  description: string;
  unit_ids: Id[];
  /** People with what to show for them (the server's UserRef or a search result). */
  users: UserRef[];
}

export function emptyListForm(ownerUnitId?: Id | null): ListForm {
  return { owner_unit_id: ownerUnitId ? String(ownerUnitId) : '', name: '', description: '', unit_ids: [], users: [] };
}

export function formFromList(list: DistributionList): ListForm {
  return {
    owner_unit_id: String(list.owner_unit_id),
    name: list.name,
    description: list.description,
    unit_ids: [...list.unit_ids],
    users: [...list.users],
  };
}

/** The body of POST /cables/lists, or of PUT /cables/lists/:id (the whole list, with the version edited). */
export function listPayload(form: ListForm, original?: DistributionList | null): DistributionListDraft {
  const payload: DistributionListDraft = {
    owner_unit_id: original ? original.owner_unit_id : Number(form.owner_unit_id),
    name: form.name.trim(),
    unit_ids: form.unit_ids,
    user_ids: form.users.map((user) => user.id),
  };
  // The server refuses an empty description ("must not be empty"); left out, the list has none.
  const description = form.description.trim();
  if (description) payload.description = description;
  if (original) payload.version = original.version;
  return payload;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** What the server would refuse in the form, as a catalogue message; null when nothing is known to be wrong. */
export function listFormProblem(form: ListForm): { key: MessageKey; params?: Params } | null {
  if (!form.owner_unit_id) return { key: 'lists.needOwner' };
  const name = form.name.trim();
  if (!name) return { key: 'lists.needName' };
  if ([...name].length > MAX_LIST_NAME) return { key: 'lists.nameTooLong', params: { max: MAX_LIST_NAME } };
  if (utf8Length(form.description.trim()) > MAX_LIST_DESCRIPTION_BYTES) {
    return { key: 'lists.descriptionTooLong', params: { max: MAX_LIST_DESCRIPTION_BYTES } };
  }
  const members = form.unit_ids.length + form.users.length;
  if (members === 0) return { key: 'lists.needMember' };
  if (members > MAX_LIST_MEMBERS) return { key: 'lists.tooManyMembers', params: { max: MAX_LIST_MEMBERS } };
  return null;
}

/** A JSON pointer of the server (`/name`, `/members`) to the catalogue key of the field it names. */
export function listFieldLabelKey(pointer: string | undefined): MessageKey | null {
  const head = (pointer ?? '').replace(/^\//, '').split('/')[0];
  const keys: Record<string, MessageKey> = {
    owner_unit_id: 'lists.owner',
    name: 'lists.name',
    description: 'lists.description',
    members: 'lists.members',
    unit_ids: 'lists.units',
    user_ids: 'lists.people',
  };
  return keys[head] ?? null;
}

/** Text compared without case or Vietnamese diacritics ("ha noi" finds "Hà Nội", "d" finds "đ"). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLocaleLowerCase('en');
}

/** Every word of the query appears in the list's name or description. */
export function listMatches(list: Pick<DistributionList, 'name' | 'description'>, query: string): boolean {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = foldText(`${list.name} ${list.description}`);
  return words.every((word) => haystack.includes(word));
}

/** Lists by name in the reader's language order. */
export function sortLists<T extends Pick<DistributionList, 'name'>>(lists: T[], locale: string): T[] {
  return [...lists].sort((a, b) => a.name.localeCompare(b.name, locale === 'vi' ? 'vi' : 'en'));
}

/**
 * A released cable's addressees in reading order: each as drafted, the people reached through a list right after
 * that list (`via_list_id`), and any such person whose list is not among them last.
 */
export function orderAddressees(addressees: Addressee[]): Addressee[] {
  const drafted = addressees.filter((addressee) => addressee.via_list_id === undefined);
  const reached = addressees.filter((addressee) => addressee.via_list_id !== undefined);
  const placed = new Set<Addressee>();
  const ordered: Addressee[] = [];
  for (const addressee of drafted) {
    ordered.push(addressee);
    if (addressee.list_id === undefined) continue;
    for (const person of reached) {
      if (person.via_list_id === addressee.list_id && !placed.has(person)) {
        placed.add(person);
        ordered.push(person);
      }
    }
  }
  return [...ordered, ...reached.filter((person) => !placed.has(person))];
}
