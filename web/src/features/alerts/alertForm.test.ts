import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import type { Alert } from '../../shared/types';
import {
  checkAlertForm,
  contentOfForm,
  emptyAlertForm,
  followUpForm,
  formOfContent,
  formPointer,
  type AlertForm,
} from './alertForm';
import { polygonText } from './shapes';
import { isoToWallTime, wallTimeToIso } from './expiry';
import { problemOfCheck, problemOfError } from './problems';

const NOW = Date.parse('2026-12-06T00:00:00Z');
const TOKYO = 'Asia/Tokyo';

function filled(): AlertForm {
  const form = emptyAlertForm(7);
  return {
    ...form,
    status: 'Exercise',
    categories: ['Met'],
    texts: { ...form.texts, vi: { event: 'Bão', headline: 'Bão số 9 đổ bộ Osaka', description: '', instruction: 'Ở trong nhà.' } },
    areaDescription: 'Osaka',
    polygons: [
      {
        key: 1,
        corners: [
          { latitude: '34.55', longitude: '135.35' },
          { latitude: '34,85', longitude: '135.35' },
          { latitude: '34.85', longitude: '135.7' },
          { latitude: '34.55', longitude: '135.7' },
        ],
        draft: null,
      },
    ],
    safetyCheck: true,
  };
}

describe('the composer form → AlertContent', () => {
  it('sends Vietnamese only when nothing is written in English, and the polygon closed', () => {
    const { content, rows } = contentOfForm(filled(), TOKYO);
    expect(content).toMatchObject({
      unit_id: 7,
      message_type: 'Alert',
      status: 'Exercise',
      scope: 'Public',
      references_id: null,
      categories: ['Met'],
      urgency: 'Unknown',
      safety_check: true,
      expires_at: null,
      area: { description: 'Osaka', polygons: ['34.55,135.35 34.85,135.35 34.85,135.7 34.55,135.7 34.55,135.35'], circles: [], countries: [] },
    });
    expect(content.texts).toEqual([{ language: 'vi', event: 'Bão', headline: 'Bão số 9 đổ bộ Osaka', description: '', instruction: 'Ở trong nhà.' }]);
    expect(rows.languages).toEqual(['vi']);
  });

  it('sends English when any English field is written, after Vietnamese', () => {
    const form = filled();
    form.texts.en = { event: 'Typhoon', headline: 'Typhoon no. 9 hits Osaka', description: '', instruction: '' };
    const { content, rows } = contentOfForm(form, TOKYO);
    expect(content.texts.map((text) => text.language)).toEqual(['vi', 'en']);
    expect(rows.languages).toEqual(['vi', 'en']);
  });

  it('leaves out shapes without coordinates and remembers where the others were', () => {
    const form = filled();
    form.polygons = [{ key: 9, corners: [], draft: null }, ...form.polygons];
    form.circles = [{ key: 3, latitude: '34.69', longitude: '135.5', radius: '5', draft: null }];
    const { content, rows } = contentOfForm(form, TOKYO);
    expect(content.area.polygons).toHaveLength(1);
    expect(rows.polygons).toEqual([1]);
    expect(content.area.circles).toEqual(['34.69,135.5 5']);
  });

  it('sends a typed CAP text as typed once it reads as a polygon', () => {
    const form = filled();
    form.polygons[0].draft = '10,20  11,20 11,21 10,20';
    expect(contentOfForm(form, TOKYO).content.area.polygons).toEqual(['10,20  11,20 11,21 10,20']);
  });

  it('sends the expiry typed at the mission as UTC', () => {
    const form = { ...filled(), expiresAt: '2026-12-06T18:00' };
    expect(contentOfForm(form, TOKYO).content.expires_at).toBe('2026-12-06T09:00:00Z');
  });

  it('comes back from a stored alert to the same content', () => {
    const { content } = contentOfForm({ ...filled(), expiresAt: '2026-12-07T08:30', countries: ['JP'] }, TOKYO);
    const again = contentOfForm(formOfContent(content, TOKYO), TOKYO).content;
    expect(again).toEqual(content);
  });
});

describe('the checks before sending', () => {
  it('accept a complete form', () => {
    expect(checkAlertForm(filled(), NOW, TOKYO)).toBeNull();
  });

  it('never assume whether an alert is real', () => {
    expect(checkAlertForm({ ...filled(), status: '' }, NOW, TOKYO)).toEqual({ pointer: '/status', issue: 'status' });
  });

  it('ask for the Vietnamese event and headline, and for English ones once English is started', () => {
    const form = filled();
    form.texts.vi.headline = ' ';
    expect(checkAlertForm(form, NOW, TOKYO)).toEqual({ pointer: '/texts/vi/headline', issue: 'required' });
    const english = filled();
    english.texts.en.instruction = 'Stay inside.';
    expect(checkAlertForm(english, NOW, TOKYO)).toEqual({ pointer: '/texts/en/event', issue: 'required' });
  });

  it('point at the corner that is wrong', () => {
    const form = filled();
    form.polygons[0].corners[2] = { latitude: '95', longitude: '135.7' };
    expect(checkAlertForm(form, NOW, TOKYO)).toEqual({ pointer: '/area/polygons/0/corners/2/latitude', issue: 'latitude' });
    form.polygons[0].corners[2] = { latitude: '34.8', longitude: 'east' };
    expect(checkAlertForm(form, NOW, TOKYO)).toEqual({ pointer: '/area/polygons/0/corners/2/longitude', issue: 'number' });
  });

  it('want three corners, and a ring the server will take', () => {
    const form = filled();
    form.polygons[0].corners = form.polygons[0].corners.slice(0, 2);
    expect(checkAlertForm(form, NOW, TOKYO)).toEqual({ pointer: '/area/polygons/0', issue: 'corners' });
    form.polygons[0].corners = [
      { latitude: '10', longitude: '20' },
      { latitude: '11', longitude: '21' },
      { latitude: '12', longitude: '22' },
    ];
    expect(checkAlertForm(form, NOW, TOKYO)).toEqual({ pointer: '/area/polygons/0', issue: { cap: { kind: 'degenerate' } } });
  });

  it('report a CAP text being typed that does not read, with its pair', () => {
    const form = filled();
    form.polygons[0].draft = '10,20 11,20 11;21 10,20';
    const found = checkAlertForm(form, NOW, TOKYO);
    expect(found).toEqual({ pointer: '/area/polygons/0', issue: { cap: { kind: 'pair', pair: 3 } } });
    expect(problemOfCheck(found!)).toEqual({ pointer: '/area/polygons/0', key: 'alerts.cap.pair', params: { pair: 3 } });
  });

  it('want some area, a radius above 0, and an expiry in the future', () => {
    expect(checkAlertForm({ ...filled(), polygons: [] }, NOW, TOKYO)).toEqual({ pointer: '/area', issue: 'areaEmpty' });
    const circle = { ...filled(), circles: [{ key: 2, latitude: '34.7', longitude: '135.5', radius: '0', draft: null }] };
    expect(checkAlertForm(circle, NOW, TOKYO)).toEqual({ pointer: '/area/circles/0/radius', issue: 'radius' });
    expect(checkAlertForm({ ...filled(), expiresAt: '2026-12-05T10:00' }, NOW, TOKYO)).toEqual({ pointer: '/expires_at', issue: 'expiryPast' });
  });

  it('want the earlier alert of an Update', () => {
    expect(checkAlertForm({ ...filled(), messageType: 'Update' }, NOW, TOKYO)).toEqual({ pointer: '/references_id', issue: 'references' });
  });
});

describe('following an earlier alert', () => {
  const earlier = {
    ...contentOfForm({ ...filled(), status: 'Actual', expiresAt: '2026-12-05T10:00', responseTypes: ['Shelter'] }, TOKYO).content,
    id: 41,
    identifier: 'vn.gov.mofa.alert.41',
    state: 'sent',
    created_by: 3,
    recipients: 12,
    created_at: '2026-12-05T00:00:00Z',
    updated_at: '2026-12-05T00:00:00Z',
    sent_at: '2026-12-05T00:10:00Z',
  } as Alert;

  it('starts an Update from its content and status, without an expiry already past', () => {
    const form = followUpForm(earlier, 'Update', TOKYO, NOW);
    expect(form).toMatchObject({ messageType: 'Update', referencesId: 41, status: 'Actual', expiresAt: '', responseTypes: ['Shelter'] });
    expect(polygonText(form.polygons[0])).toBe(earlier.area.polygons?.[0]);
  });

  it('starts a Cancel with "all clear"', () => {
    expect(followUpForm(earlier, 'Cancel', TOKYO, NOW).responseTypes).toEqual(['AllClear']);
  });
});

describe("the server's pointers", () => {
  const rows = { languages: ['vi', 'en'] as ('vi' | 'en')[], polygons: [1, 2], circles: [0] };

  it('come back to the form: texts by language, shapes by their place in the form', () => {
    expect(formPointer('/texts/1/headline', undefined, rows)).toBe('/texts/en/headline');
    expect(formPointer('/area', 'polygon 2: pair 3 "x": expected "latitude,longitude"', rows)).toBe('/area/polygons/2');
    expect(formPointer('/area', 'circle 1: is empty', rows)).toBe('/area/circles/0');
    expect(formPointer('/area', 'The area needs a polygon, a circle or a country.', rows)).toBe('/area');
    expect(formPointer('/area/countries', 'FR is not in the jurisdiction of the sending unit.', rows)).toBe('/area/countries');
  });

  it('become a sentence beside the input, with the server’s words kept', () => {
    const error = new ApiError({ status: 400, field: '/texts/0/event', detail: 'Say what the event is.' });
    expect(problemOfError(error, rows)).toEqual({ pointer: '/texts/vi/event', key: 'alerts.error.textRequired', detail: 'Say what the event is.' });
    const shape = new ApiError({ status: 400, field: '/area', detail: 'polygon 1: is degenerate' });
    expect(problemOfError(shape, rows)).toMatchObject({ pointer: '/area/polygons/1', key: 'alerts.error.shape' });
    expect(problemOfError(new ApiError({ status: 403, field: '/unit_id' }), rows)).toBeNull();
    expect(problemOfError(new ApiError({ status: 400, field: '/something_else' }), rows)).toBeNull();
  });
});

describe('the expiry at the mission', () => {
  it('turns a wall time in a zone into UTC and back, summer time included', () => {
    expect(wallTimeToIso('2026-12-06T18:00', TOKYO)).toBe('2026-12-06T09:00:00Z');
    expect(wallTimeToIso('2026-07-01T12:00', 'Europe/Paris')).toBe('2026-07-01T10:00:00Z');
    expect(wallTimeToIso('2026-01-15T12:00', 'Europe/Paris')).toBe('2026-01-15T11:00:00Z');
    expect(isoToWallTime('2026-07-01T10:00:00Z', 'Europe/Paris')).toBe('2026-07-01T12:00');
    expect(isoToWallTime('2026-12-06T09:00:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-12-06T16:00');
  });

  it('reads nothing from text that is not a wall time', () => {
    expect(wallTimeToIso('tomorrow', TOKYO)).toBeNull();
    expect(isoToWallTime(null, TOKYO)).toBe('');
  });
});
