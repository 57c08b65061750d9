import { describe, expect, it } from 'vitest';
import type { Unit } from '../../shared/types';
import {
  buildDraftPayload,
  draftProblem,
  draftingUnits,
  emptyForm,
  fieldLabelKey,
  formFromCable,
  invalidTags,
  parseTags,
  toWireAddressee,
  userNumberIn,
  withAddressee,
} from './draft';
import { cable, me } from './fixtures';

const drafter = me(9, { cable_read: [57], cable_draft: [57], cable_acknowledge: [57] });

describe('composer payload', () => {
  it('builds a whole new draft from the form', () => {
    const form = {
      ...emptyForm(57),
      subject: '  Visa policy ',
      body: 'Text',
      tags: 'visa, consular visa,, urgent',
      precedence: 'flash' as const,
      classification: 'restricted' as const,
      exdis: true,
      addressees: [
        { role: 'action' as const, niact: true, unit_id: 5 },
        { role: 'info' as const, niact: true, collective: 'all_missions' },
        { role: 'info' as const, niact: false, user_id: 12, user: { id: 12, username: 'a', display_name: 'A' } },
      ],
    };
    expect(buildDraftPayload(form)).toEqual({
      originating_unit_id: 57,
      subject: 'Visa policy',
      body: 'Text',
      tags: ['visa', 'consular', 'urgent'],
      precedence: 'flash',
      classification: 'restricted',
      captions: ['exdis'],
      addressees: [
        { role: 'action', niact: true, unit_id: 5 },
        { role: 'info', niact: false, collective: 'all_missions' },
        { role: 'info', niact: false, user_id: 12 },
      ],
      references: [],
      attachments: [],
    });
  });

  it('sends only what changed in an edit, with the version it started from', () => {
    const original = cable();
    const form = formFromCable(original);
    expect(buildDraftPayload(form, original)).toBeNull();
    expect(buildDraftPayload({ ...form, subject: 'New subject', nodis: true }, original)).toEqual({
      subject: 'New subject',
      captions: ['nodis'],
      version: 3,
    });
    expect(buildDraftPayload({ ...form, tags: 'visa,consular' }, original)).toBeNull();
  });

  it('sends the draft’s files as ids, and in an edit only when the set changed', () => {
    const file = (id: number) => ({ id, filename: `f${id}.pdf`, media_type: 'application/pdf', size_bytes: 1, sha256: '', created_at: '', url: `/api/v1/cables/1/attachments/${id}` });
    const original = cable({ attachments: [file(5), file(6)] });
    const form = formFromCable(original);
    expect(form.attachments).toEqual([5, 6]);
    expect(buildDraftPayload(form, original)).toBeNull();
    // Removing one and adding an upload: the draft's files become exactly the list sent.
    expect(buildDraftPayload({ ...form, attachments: [6, 9] }, original)).toEqual({ attachments: [6, 9], version: 3 });
    expect(buildDraftPayload({ ...emptyForm(57), subject: 'S', body: 'B', attachments: [9] })?.attachments).toEqual([9]);
  });

  it('reads individual addressees back from the server’s user objects', () => {
    const original = cable({ addressees: [{ role: 'info', niact: false, user: { id: 12, username: 'a', display_name: 'A' } }] });
    const form = formFromCable(original);
    expect(form.addressees[0].user_id).toBe(12);
    expect(toWireAddressee(form.addressees[0])).toEqual({ role: 'info', niact: false, user_id: 12 });
    expect(buildDraftPayload(form, original)).toBeNull();
  });

  it('parses and checks tags', () => {
    expect(parseTags(' a, b  c,a ')).toEqual(['a', 'b', 'c']);
    expect(parseTags('')).toEqual([]);
    expect(invalidTags('ok, thị-thực, x_y')).toEqual(['thị-thực']);
  });

  it('adds an addressee once, and NIACT only for action', () => {
    let list = withAddressee([], { role: 'info', niact: true, unit_id: 5 });
    expect(list).toEqual([{ role: 'info', niact: false, unit_id: 5 }]);
    list = withAddressee(list, { role: 'action', niact: true, unit_id: 5 });
    expect(list).toEqual([{ role: 'action', niact: true, unit_id: 5 }]);
    list = withAddressee(list, { role: 'info', niact: false, collective: 'region:asia' });
    expect(list).toHaveLength(2);
  });

  it('offers the units the user may draft for, home unit first', () => {
    const units = [57, 5, 58].map((id) => ({ id, code: `U${id}` }) as Unit);
    expect(draftingUnits(drafter, units).map((unit) => unit.id)).toEqual([57]);
    expect(draftingUnits(me(3, { cable_draft: 'all' }, 58), units).map((unit) => unit.id)).toEqual([58, 5, 57]);
    expect(draftingUnits(me(3, {}), units)).toEqual([]);
  });

  it('reads a user number typed in a search', () => {
    expect(userNumberIn('10')).toBe(10);
    expect(userNumberIn(' #42 ')).toBe(42);
    expect(userNumberIn('0')).toBeNull();
    expect(userNumberIn('desk.eu')).toBeNull();
  });

  it('finds what the server would refuse in a draft', () => {
    const good = { ...emptyForm(57), subject: 'S', body: 'B', addressees: [{ role: 'action' as const, niact: false, unit_id: 5 }] };
    expect(draftProblem(good)).toBeNull();
    expect(draftProblem({ ...good, originating_unit_id: '' })?.key).toBe('composer.needUnit');
    expect(draftProblem({ ...good, subject: ' ' })?.key).toBe('composer.needSubject');
    expect(draftProblem({ ...good, body: '\n' })?.key).toBe('composer.needBody');
    expect(draftProblem({ ...good, tags: 'ok, bad tag!' })).toEqual({ key: 'composer.badTags', params: { tags: 'tag!' } });
    expect(draftProblem({ ...good, tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') })?.key).toBe('composer.tooManyTags');
    expect(draftProblem({ ...good, addressees: [{ role: 'info', niact: false, unit_id: 5 }] })?.key).toBe('composer.needActionAddressee');
  });

  it('names the field of a problem', () => {
    expect(fieldLabelKey('/subject')).toBe('cable.subject');
    expect(fieldLabelKey('/addressees/2/unit_id')).toBe('cable.addressees');
    expect(fieldLabelKey('/clearers/0')).toBe('cable.clearers');
    expect(fieldLabelKey('/nonsense')).toBeNull();
    expect(fieldLabelKey(undefined)).toBeNull();
  });
});
