import { describe, expect, it } from 'vitest';
import type { Addressee, DistributionList, Unit } from '../../shared/types';
import { buildDraftPayload, emptyForm, formFromCable, toWireAddressee, withAddressee } from './draft';
import { cable, me } from './fixtures';
import {
  emptyListForm,
  foldText,
  formFromList,
  listFieldLabelKey,
  listFormProblem,
  listMatches,
  listOwnerUnits,
  listPayload,
  mayManageList,
  orderAddressees,
  sortLists,
} from './lists';

function list(overrides: Partial<DistributionList> = {}): DistributionList {
  return {
    id: 4,
    owner_unit_id: 57,
    name: 'Tổ công tác châu Âu',
    description: 'Khủng hoảng lãnh sự',
    unit_ids: [5, 6],
    users: [{ id: 12, username: 'lan.fr', display_name: 'Lan' }],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-02T00:00:00Z',
    version: 2,
    ...overrides,
  };
}

describe('who manages lists', () => {
  const releaser = me(3, { cable_release: [57], cable_draft: [57] });
  const drafter = me(9, { cable_draft: [57] });

  it('offers changes to holders of cable_release on the owner unit only', () => {
    expect(mayManageList(releaser, list())).toBe(true);
    expect(mayManageList(releaser, list({ owner_unit_id: 58 }))).toBe(false);
    expect(mayManageList(drafter, list())).toBe(false);
    expect(mayManageList(me(1, { cable_release: 'all' }), list({ owner_unit_id: 58 }))).toBe(true);
  });

  it('offers as owners the units where the user may release, home unit first', () => {
    const units = [57, 5, 58].map((id) => ({ id, code: `U${id}` }) as Unit);
    expect(listOwnerUnits(releaser, units).map((unit) => unit.id)).toEqual([57]);
    expect(listOwnerUnits(me(1, { cable_release: 'all' }, 58), units).map((unit) => unit.id)).toEqual([58, 5, 57]);
    expect(listOwnerUnits(drafter, units)).toEqual([]);
  });
});

describe('the list form', () => {
  it('sends a new list whole, and a change with the version it started from (the owner unit stays)', () => {
    const form = { ...emptyListForm(57), name: '  EU cell ', description: ' ', unit_ids: [5], users: [{ id: 12, username: 'a', display_name: 'A' }] };
    // An empty description is left out (the server refuses an empty string).
    expect(listPayload(form)).toEqual({ owner_unit_id: 57, name: 'EU cell', unit_ids: [5], user_ids: [12] });
    const original = list();
    const edited = { ...formFromList(original), owner_unit_id: '99', unit_ids: [5] };
    expect(listPayload(edited, original)).toEqual({
      owner_unit_id: 57,
      name: 'Tổ công tác châu Âu',
      description: 'Khủng hoảng lãnh sự',
      unit_ids: [5],
      user_ids: [12],
      version: 2,
    });
  });

  it('finds what the server would refuse', () => {
    const good = { ...emptyListForm(57), name: 'EU cell', unit_ids: [5] };
    expect(listFormProblem(good)).toBeNull();
    expect(listFormProblem({ ...good, users: [{ id: 1, username: null, display_name: null }], unit_ids: [] })).toBeNull();
    expect(listFormProblem({ ...good, owner_unit_id: '' })?.key).toBe('lists.needOwner');
    expect(listFormProblem({ ...good, name: '   ' })?.key).toBe('lists.needName');
    // Characters, not bytes: 100 Vietnamese letters are a valid name.
    expect(listFormProblem({ ...good, name: 'ệ'.repeat(100) })).toBeNull();
    expect(listFormProblem({ ...good, name: 'a'.repeat(101) })).toEqual({ key: 'lists.nameTooLong', params: { max: 100 } });
    // The description is counted in bytes, as the server does: 700 × "ệ" is 2,100 bytes.
    expect(listFormProblem({ ...good, description: 'ệ'.repeat(700) })?.key).toBe('lists.descriptionTooLong');
    expect(listFormProblem({ ...good, unit_ids: [] })?.key).toBe('lists.needMember');
    expect(listFormProblem({ ...good, unit_ids: Array.from({ length: 201 }, (_, index) => index + 1) })?.key).toBe('lists.tooManyMembers');
  });

  it('names the field of a problem', () => {
    expect(listFieldLabelKey('/name')).toBe('lists.name');
    expect(listFieldLabelKey('/members')).toBe('lists.members');
    expect(listFieldLabelKey('/other')).toBeNull();
  });
});

describe('finding lists', () => {
  it('compares without case or Vietnamese diacritics', () => {
    expect(foldText('Đoàn công tác Hà Nội')).toBe('doan cong tac ha noi');
    expect(listMatches(list(), 'chau au')).toBe(true);
    expect(listMatches(list(), 'LANH SU')).toBe(true);
    expect(listMatches(list(), 'chau phi')).toBe(false);
    expect(listMatches(list(), '  ')).toBe(true);
  });

  it('sorts by name', () => {
    expect(sortLists([list({ name: 'Bắc Mỹ' }), list({ name: 'An ninh' }), list({ name: 'Châu Âu' })], 'vi').map((item) => item.name)).toEqual([
      'An ninh',
      'Bắc Mỹ',
      'Châu Âu',
    ]);
  });
});

describe('lists as addressees', () => {
  it('sends a list addressee by id, once', () => {
    let addressees = withAddressee([], { role: 'info', niact: false, list_id: 4 });
    addressees = withAddressee(addressees, { role: 'action', niact: true, list_id: 4 });
    expect(addressees).toEqual([{ role: 'action', niact: true, list_id: 4 }]);
    expect(toWireAddressee(addressees[0])).toEqual({ role: 'action', niact: true, list_id: 4 });
    const form = { ...emptyForm(57), subject: 'S', body: 'B', addressees };
    expect(buildDraftPayload(form)?.addressees).toEqual([{ role: 'action', niact: true, list_id: 4 }]);
  });

  it('reads back a draft’s lists, and never the people the server reached through them', () => {
    const released = cable({
      addressees: [
        { role: 'action', niact: false, list_id: 4 },
        { role: 'action', niact: false, user: { id: 12, username: 'lan.fr', display_name: 'Lan' }, via_list_id: 4 },
      ],
    });
    const form = formFromCable(released);
    expect(form.addressees).toEqual([{ role: 'action', niact: false, list_id: 4, unit_id: undefined, user_id: undefined, collective: undefined, user: undefined }]);
    expect(buildDraftPayload(form, released)).toBeNull();
  });

  it('puts the people reached through a list right after it', () => {
    const person = (id: number, via?: number): Addressee => ({ role: 'info', niact: false, user: { id, username: `u${id}`, display_name: null }, via_list_id: via });
    const addressees: Addressee[] = [
      person(1, 4),
      { role: 'action', niact: false, unit_id: 5 },
      { role: 'info', niact: false, list_id: 4 },
      person(2, 4),
      person(3, 9),
      { role: 'info', niact: false, user_id: 7, user: { id: 7, username: 'x', display_name: null } },
    ];
    const ordered = orderAddressees(addressees);
    expect(ordered.map((entry) => entry.unit_id ?? entry.list_id ?? entry.user?.id)).toEqual([5, 4, 1, 2, 7, 3]);
  });
});
