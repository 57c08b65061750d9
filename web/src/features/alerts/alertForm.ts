// The composer's form and the AlertContent it sends, both ways, and the checks made before sending. Inputs are
// named by a pointer in the form ("/texts/en/headline", "/area/polygons/0/corners/2/latitude"); a problem the
// server reports with a pointer into what was sent ("/texts/1/headline", "/area" with "polygon 2: …") is brought
// back to the form's pointer, so it is shown beside the input it is about.
import type {
  Alert,
  AlertContent,
  AlertLanguage,
  AlertText,
  CapCategory,
  CapCertainty,
  CapMessageType,
  CapResponseType,
  CapScope,
  CapSeverity,
  CapStatus,
  CapUrgency,
  Id,
} from '../../shared/types';
import { latitudeInRange, longitudeInRange, parseCircle, parsePolygon, parseTypedNumber, type CapIssue } from './cap';
import { isoToWallTime, wallTimeToIso } from './expiry';
import { circleOfText, circleText, polygonOfText, polygonText, shapeKey, type CircleForm, type PolygonForm } from './shapes';

export interface TextForm {
  event: string;
  headline: string;
  description: string;
  instruction: string;
}

export interface AlertForm {
  unitId: Id | null;
  messageType: CapMessageType;
  referencesId: Id | null;
  /** '' until chosen: whether an alert is real is never assumed. */
  status: CapStatus | '';
  scope: CapScope;
  categories: CapCategory[];
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  texts: Record<AlertLanguage, TextForm>;
  areaDescription: string;
  countries: string[];
  polygons: PolygonForm[];
  circles: CircleForm[];
  /** "YYYY-MM-DDTHH:mm" at the unit's time zone, or ''. */
  expiresAt: string;
  safetyCheck: boolean;
}

const emptyText = (): TextForm => ({ event: '', headline: '', description: '', instruction: '' });

export function emptyAlertForm(unitId: Id | null): AlertForm {
  return {
    unitId,
    messageType: 'Alert',
    referencesId: null,
    status: '',
    scope: 'Public',
    categories: [],
    responseTypes: [],
    urgency: 'Unknown',
    severity: 'Unknown',
    certainty: 'Unknown',
    texts: { vi: emptyText(), en: emptyText() },
    areaDescription: '',
    countries: [],
    polygons: [],
    circles: [],
    expiresAt: '',
    safetyCheck: false,
  };
}

// --- Checks -----------------------------------------------------------------------------------------------------

export type FormIssue =
  | 'unit'
  | 'status'
  | 'references'
  | 'category'
  | 'required'
  | 'number'
  | 'latitude'
  | 'longitude'
  | 'radius'
  | 'corners'
  | 'areaEmpty'
  | 'expiry'
  | 'expiryPast'
  | { cap: CapIssue };

export interface FormProblem {
  pointer: string;
  issue: FormIssue;
}

function hasText(text: TextForm): boolean {
  return Object.values(text).some((value) => value.trim() !== '');
}

function checkCoordinate(value: string, pointer: string, kind: 'latitude' | 'longitude'): FormProblem | null {
  const number = parseTypedNumber(value);
  if (value.trim() === '') return { pointer, issue: 'required' };
  if (number === null) return { pointer, issue: 'number' };
  if (kind === 'latitude' ? !latitudeInRange(number) : !longitudeInRange(number)) return { pointer, issue: kind };
  return null;
}

/** The first thing to put right before sending, in the order of the form; null when the form may be sent. */
export function checkAlertForm(form: AlertForm, nowMs: number, timeZone: string): FormProblem | null {
  if (form.unitId === null) return { pointer: '/unit_id', issue: 'unit' };
  if (form.messageType !== 'Alert' && form.referencesId === null) return { pointer: '/references_id', issue: 'references' };
  if (form.status === '') return { pointer: '/status', issue: 'status' };
  if (form.categories.length === 0) return { pointer: '/categories', issue: 'category' };
  for (const language of ['vi', 'en'] as const) {
    const text = form.texts[language];
    if (language === 'en' && !hasText(text)) continue;
    if (!text.event.trim()) return { pointer: `/texts/${language}/event`, issue: 'required' };
    if (!text.headline.trim()) return { pointer: `/texts/${language}/headline`, issue: 'required' };
  }
  if (!form.areaDescription.trim()) return { pointer: '/area/description', issue: 'required' };
  for (const [index, polygon] of form.polygons.entries()) {
    const base = `/area/polygons/${index}`;
    if (polygon.draft !== null) {
      const parsed = parsePolygon(polygon.draft);
      if (!parsed.ok) return { pointer: base, issue: { cap: parsed.issue } };
    }
    for (const [corner, value] of polygon.corners.entries()) {
      const latitude = checkCoordinate(value.latitude, `${base}/corners/${corner}/latitude`, 'latitude');
      if (latitude) return latitude;
      const longitude = checkCoordinate(value.longitude, `${base}/corners/${corner}/longitude`, 'longitude');
      if (longitude) return longitude;
    }
    if (polygon.corners.length < 3) return { pointer: base, issue: 'corners' };
    const ring = parsePolygon(polygonText(polygon));
    if (!ring.ok) return { pointer: base, issue: { cap: ring.issue } };
  }
  for (const [index, circle] of form.circles.entries()) {
    const base = `/area/circles/${index}`;
    if (circle.draft !== null) {
      const parsed = parseCircle(circle.draft);
      if (!parsed.ok) return { pointer: base, issue: { cap: parsed.issue } };
    }
    const latitude = checkCoordinate(circle.latitude, `${base}/latitude`, 'latitude');
    if (latitude) return latitude;
    const longitude = checkCoordinate(circle.longitude, `${base}/longitude`, 'longitude');
    if (longitude) return longitude;
    const radius = parseTypedNumber(circle.radius);
    if (radius === null || !(radius > 0)) return { pointer: `${base}/radius`, issue: 'radius' };
  }
  if (form.polygons.length === 0 && form.circles.length === 0 && form.countries.length === 0) return { pointer: '/area', issue: 'areaEmpty' };
  if (form.expiresAt) {
    const iso = wallTimeToIso(form.expiresAt, timeZone);
    if (!iso) return { pointer: '/expires_at', issue: 'expiry' };
    if (Date.parse(iso) <= nowMs) return { pointer: '/expires_at', issue: 'expiryPast' };
  }
  return null;
}

// --- Form ↔ AlertContent ----------------------------------------------------------------------------------------

/** What was sent, to bring the server's pointers back to the form's. */
export interface SentRows {
  /** texts[i] of the content is this language. */
  languages: AlertLanguage[];
  /** polygons[i] of the content is this polygon of the form. */
  polygons: number[];
  circles: number[];
}

export interface AlertDraft {
  content: AlertContent;
  rows: SentRows;
}

function textOf(language: AlertLanguage, text: TextForm): AlertText {
  return {
    language,
    event: text.event.trim(),
    headline: text.headline.trim(),
    description: text.description.trim(),
    instruction: text.instruction.trim(),
  };
}

/** The content to send (call checkAlertForm first). Vietnamese always; English when anything is written in it. */
export function contentOfForm(form: AlertForm, timeZone: string): AlertDraft {
  const languages: AlertLanguage[] = hasText(form.texts.en) ? ['vi', 'en'] : ['vi'];
  const polygons: number[] = [];
  const polygonTexts: string[] = [];
  form.polygons.forEach((polygon, index) => {
    const text = polygon.draft !== null && parsePolygon(polygon.draft).ok ? polygon.draft.trim() : polygonText(polygon);
    if (!text) return;
    polygons.push(index);
    polygonTexts.push(text);
  });
  const circles: number[] = [];
  const circleTexts: string[] = [];
  form.circles.forEach((circle, index) => {
    const text = circleText(circle);
    if (!text) return;
    circles.push(index);
    circleTexts.push(text);
  });
  const content: AlertContent = {
    unit_id: form.unitId as Id,
    message_type: form.messageType,
    status: form.status === '' ? undefined : form.status,
    scope: form.scope,
    references_id: form.messageType === 'Alert' ? null : form.referencesId,
    categories: form.categories,
    response_types: form.responseTypes,
    urgency: form.urgency,
    severity: form.severity,
    certainty: form.certainty,
    texts: languages.map((language) => textOf(language, form.texts[language])),
    area: {
      description: form.areaDescription.trim(),
      polygons: polygonTexts,
      circles: circleTexts,
      countries: form.countries,
    },
    expires_at: form.expiresAt ? wallTimeToIso(form.expiresAt, timeZone) : null,
    safety_check: form.safetyCheck,
  };
  return { content, rows: { languages, polygons, circles } };
}

/** The form of a stored alert (a draft to edit, or an earlier alert to follow with an Update or a Cancel). */
export function formOfContent(content: AlertContent, timeZone: string): AlertForm {
  const texts: Record<AlertLanguage, TextForm> = { vi: emptyText(), en: emptyText() };
  for (const text of content.texts ?? []) {
    if (text.language !== 'vi' && text.language !== 'en') continue;
    texts[text.language] = {
      event: text.event ?? '',
      headline: text.headline ?? '',
      description: text.description ?? '',
      instruction: text.instruction ?? '',
    };
  }
  const polygons = (content.area?.polygons ?? []).map((text) => {
    const key = shapeKey();
    // A text the console cannot read is kept as typed, to be corrected beside it.
    return polygonOfText(key, text) ?? { key, corners: [], draft: text };
  });
  const circles = (content.area?.circles ?? []).map((text) => {
    const key = shapeKey();
    return circleOfText(key, text) ?? { key, latitude: '', longitude: '', radius: '', draft: text };
  });
  return {
    unitId: content.unit_id,
    messageType: content.message_type ?? 'Alert',
    referencesId: content.references_id ?? null,
    status: content.status ?? '',
    scope: content.scope ?? 'Public',
    categories: [...(content.categories ?? [])],
    responseTypes: [...(content.response_types ?? [])],
    urgency: content.urgency,
    severity: content.severity,
    certainty: content.certainty,
    texts,
    areaDescription: content.area?.description ?? '',
    countries: [...(content.area?.countries ?? [])],
    polygons,
    circles,
    expiresAt: isoToWallTime(content.expires_at, timeZone),
    safetyCheck: content.safety_check ?? false,
  };
}

/**
 * A new Update or Cancel of an earlier alert: its content (texts, area, classification) to start from, the same
 * status (an Update of an exercise is an exercise), pointing at it. An expiry already past is left out.
 */
export function followUpForm(earlier: Alert, messageType: Exclude<CapMessageType, 'Alert'>, timeZone: string, nowMs: number): AlertForm {
  const form = formOfContent(earlier, timeZone);
  const expired = earlier.expires_at ? Date.parse(earlier.expires_at) <= nowMs : false;
  return {
    ...form,
    messageType,
    referencesId: earlier.id,
    expiresAt: expired ? '' : form.expiresAt,
    responseTypes: messageType === 'Cancel' ? ['AllClear'] : form.responseTypes,
  };
}

/** Whether an alert may be followed by an Update or a Cancel: it was sent (sending or sent). */
export function mayFollow(alert: Alert): boolean {
  return (alert.state === 'sending' || alert.state === 'sent') && !!alert.sent_at;
}

// --- Pointers -------------------------------------------------------------------------------------------------

/**
 * The form's pointer of a pointer into the content that was sent: texts by language, shapes by their place in the
 * form; an area problem names its shape in the detail ("polygon 2: pair 3 …").
 */
export function formPointer(sent: string, detail: string | undefined, rows: SentRows): string {
  const text = /^\/texts\/(\d+)(\/.*)?$/.exec(sent);
  if (text) {
    const language = rows.languages[Number(text[1])];
    return language ? `/texts/${language}${text[2] ?? ''}` : '/texts/vi/event';
  }
  if (sent === '/texts') return '/texts/vi/event';
  if (sent === '/area' && detail) {
    const shape = /^(polygon|circle|country) (\d+)/.exec(detail);
    if (shape) {
      const index = Number(shape[2]) - 1;
      if (shape[1] === 'polygon' && rows.polygons[index] !== undefined) return `/area/polygons/${rows.polygons[index]}`;
      if (shape[1] === 'circle' && rows.circles[index] !== undefined) return `/area/circles/${rows.circles[index]}`;
      if (shape[1] === 'country') return '/area/countries';
    }
  }
  return sent;
}

/** The element id of a pointer's input ("al-texts-vi-headline"). */
export function inputId(pointer: string): string {
  return `al${pointer.replace(/\//g, '-')}`;
}
