// What to say next to an input of the registration form: from a check made before sending (profileForm.ts
// checkForm) or from the server's problem, whose `field` is a JSON pointer into what was sent. The server's own words
// (English) are kept as `detail`; the sentence shown is ours, in the reader's language.
import { isApiError } from '../../shared/api';
import type { MessageKey } from '../../i18n';
import { fieldName, formPointer, inputPointer, type FormIssue, type FormProblem, type RowMap } from './profileForm';

export interface FieldProblem {
  /** The form's pointer of the input it is about ("/stays/2/from"). */
  pointer: string;
  key: MessageKey;
  /** The server's explanation, when it came from the server. */
  detail?: string;
}

const ISSUES: Record<FormIssue, MessageKey> = {
  required: 'citizens.error.required',
  contactNeeded: 'citizens.error.contactNeeded',
  mapPoint: 'citizens.error.mapPointHalf',
  number: 'citizens.error.location',
  stayOrder: 'citizens.error.stayOrder',
  contactMeans: 'citizens.error.contactMeans',
};

export function problemOfCheck(found: FormProblem): FieldProblem {
  return { pointer: found.pointer, key: ISSUES[found.issue] };
}

/** The sentence for a refused value, by the kind of field the pointer names. */
function invalidKey(pointer: string): MessageKey {
  const name = fieldName(pointer);
  if (pointer === '/email' || pointer === '/phone') return name === 'email' ? 'citizens.error.email' : 'citizens.error.phone';
  switch (name) {
    case 'full_name':
      return 'citizens.error.name';
    case 'date_of_birth':
    case 'from':
      return 'citizens.error.date';
    case 'to':
      return 'citizens.error.stayEnd';
    case 'email':
      return 'citizens.error.email';
    case 'phone':
      return 'citizens.error.phone';
    case 'residence_country':
    case 'country':
      return 'citizens.error.country';
    case 'latitude':
    case 'longitude':
    case 'location':
      return 'citizens.error.location';
    case 'passport_number':
      return 'citizens.error.passport';
    case 'language':
      return 'citizens.error.language';
    default:
      return 'citizens.error.field';
  }
}

/**
 * The field problem of a failed save, or null when the failure is not about one input (then the screen shows it as
 * a general error). 409 on a contact or passport: it belongs to another registration; 403 on the residence country:
 * the country is outside what the user covers; 400: the value, by kind.
 */
export function problemOfError(error: unknown, rows: RowMap): FieldProblem | null {
  if (!isApiError(error)) return null;
  const sent = error.problem.field;
  if (!sent || !sent.startsWith('/')) return null;
  const pointer = inputPointer(formPointer(sent, rows)) ?? sent;
  const detail = error.problem.detail;
  if (error.status === 409) return { pointer, key: 'citizens.error.taken', detail };
  if (error.status === 403 && pointer === '/residence_country') return { pointer, key: 'citizens.error.countryNotCovered', detail };
  if (error.status === 400 || error.status === 422) return { pointer, key: invalidKey(pointer), detail };
  return null;
}

/**
 * A 409 for the same name and date of birth as another registration (the server points at /full_name): staff may
 * confirm that it is another person and register it anyway.
 */
export function isPossibleDuplicate(error: unknown): boolean {
  return isApiError(error) && error.status === 409 && error.problem.field === '/full_name';
}
