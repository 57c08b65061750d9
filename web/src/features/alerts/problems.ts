// What to say beside an input of the composer: from a check made before sending (alertForm.ts checkAlertForm) or
// from the server's problem, whose `field` points into what was sent. Our sentence is shown in the reader's
// language; the server's own words (English) are kept as `detail`.
import { isApiError } from '../../shared/api';
import type { MessageKey, Params } from '../../i18n';
import type { CapIssue } from './cap';
import { formPointer, type FormIssue, type FormProblem, type SentRows } from './alertForm';

export interface FieldProblem {
  pointer: string;
  key: MessageKey;
  params?: Params;
  detail?: string;
}

/** The sentence of a CAP text's fault. */
export function capIssueText(issue: CapIssue): { key: MessageKey; params?: Params } {
  switch (issue.kind) {
    case 'empty':
      return { key: 'alerts.cap.empty' };
    case 'pair':
      return { key: 'alerts.cap.pair', params: { pair: issue.pair } };
    case 'latitude':
      return { key: 'alerts.cap.latitude', params: { pair: issue.pair } };
    case 'longitude':
      return { key: 'alerts.cap.longitude', params: { pair: issue.pair } };
    case 'tooFew':
      return { key: 'alerts.cap.tooFew', params: { count: issue.count } };
    case 'notClosed':
      return { key: 'alerts.cap.notClosed' };
    case 'degenerate':
      return { key: 'alerts.cap.degenerate' };
    case 'antimeridian':
      return { key: 'alerts.cap.antimeridian' };
    case 'radius':
      return { key: 'alerts.cap.radius' };
  }
}

const ISSUES: Record<Exclude<FormIssue, { cap: CapIssue }>, MessageKey> = {
  unit: 'alerts.error.unit',
  status: 'alerts.error.status',
  references: 'alerts.error.references',
  category: 'alerts.error.category',
  required: 'alerts.error.required',
  number: 'alerts.error.number',
  latitude: 'alerts.error.latitude',
  longitude: 'alerts.error.longitude',
  radius: 'alerts.error.radius',
  corners: 'alerts.error.corners',
  areaEmpty: 'alerts.error.areaEmpty',
  expiry: 'alerts.error.expiry',
  expiryPast: 'alerts.error.expiryPast',
};

export function problemOfCheck(found: FormProblem): FieldProblem {
  if (typeof found.issue === 'object') return { pointer: found.pointer, ...capIssueText(found.issue.cap) };
  return { pointer: found.pointer, key: ISSUES[found.issue] };
}

/** The sentence for a value the server refused, by the part of the form its pointer names. */
function invalidKey(pointer: string): MessageKey {
  if (/^\/texts\/(vi|en)\/(event|headline)$/.test(pointer)) return 'alerts.error.textRequired';
  if (pointer.startsWith('/texts/')) return 'alerts.error.text';
  if (/^\/area\/(polygons|circles)\/\d+$/.test(pointer)) return 'alerts.error.shape';
  if (pointer === '/area/countries') return 'alerts.error.countries';
  if (pointer === '/area/description') return 'alerts.error.required';
  if (pointer === '/area') return 'alerts.error.area';
  if (pointer === '/categories') return 'alerts.error.category';
  if (pointer === '/references_id') return 'alerts.error.referencesRefused';
  if (pointer === '/expires_at') return 'alerts.error.expiryPast';
  return 'alerts.error.field';
}

/** Pointers the form shows a message beside (anything else is shown as the form's general error). */
const SHOWN = /^\/(unit_id|status|references_id|categories|texts\/(vi|en)\/\w+|area|area\/(description|countries)|area\/(polygons|circles)\/\d+|expires_at)$/;

/** The field problem of a failed save, or null when it is not about one input. */
export function problemOfError(error: unknown, rows: SentRows): FieldProblem | null {
  if (!isApiError(error) || (error.status !== 400 && error.status !== 422)) return null;
  const sent = error.problem.field;
  if (!sent || !sent.startsWith('/')) return null;
  const pointer = formPointer(sent, error.problem.detail, rows);
  if (!SHOWN.test(pointer)) return null;
  return { pointer, key: invalidKey(pointer), detail: error.problem.detail };
}
