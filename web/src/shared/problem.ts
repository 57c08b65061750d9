// Turns any failure into a sentence from the catalogues. The server's own `detail` is added for input errors,
// where it names what is wrong; titles of other problems are replaced by our translated ones.
import { isApiError } from './api';
import type { MessageKey, Params } from '../i18n';

export interface ProblemText {
  key: MessageKey;
  params?: Params;
  detail?: string;
}

export function retryMinutes(seconds: number | null): number {
  if (seconds === null || seconds <= 0) return 1;
  return Math.max(1, Math.ceil(seconds / 60));
}

export function describeError(error: unknown): ProblemText {
  if (!isApiError(error)) return { key: 'error.unknown', params: { status: '?' } };
  const { status, problem } = error;
  if (status === 0) return { key: 'error.network' };
  switch (problem.reason) {
    case 'invalid_credentials':
      return { key: 'login.invalidCredentials' };
    case 'account_locked':
      return { key: 'login.locked', params: { minutes: retryMinutes(error.retryAfterSeconds) } };
    case 'address_throttled':
      return { key: 'login.throttled', params: { minutes: retryMinutes(error.retryAfterSeconds) } };
    case 'invalid_code':
    case 'invalid_mfa_code':
      return { key: 'mfa.invalidCode' };
    case 'csrf':
      return { key: 'error.csrf' };
    case 'mfa_required':
      return { key: 'error.mfaRequired' };
    case 'mfa_enrolment_required':
      return { key: 'error.mfaEnrolmentRequired' };
    case 'session_expired':
    case 'session_required':
      return { key: 'error.unauthorized' };
    case 'step_up_required':
    case 'mfa_step_up_required':
      return { key: 'error.stepUp' };
    case 'own_draft':
      return { key: 'error.ownDraft' };
    case 'not_on_distribution':
      return { key: 'error.notOnDistribution' };
    case 'classification':
      return { key: 'error.classification' };
    case 'invalid_state':
      return { key: 'error.invalidState', detail: problem.detail };
    case 'stale_version':
      return { key: 'error.staleVersion' };
    case 'already_decided':
      return { key: 'error.alreadyDecided' };
    case 'not_a_clearer':
      return { key: 'error.notAClearer' };
    case 'list_archived':
      return { key: 'error.listArchived', detail: problem.detail };
    case 'query_syntax':
      return { key: 'monitor.error.querySyntax', detail: problem.detail };
    case 'name_taken':
      return { key: 'monitor.error.nameTaken', detail: problem.detail };
    case 'topic_not_empty':
      return { key: 'monitor.error.topicNotEmpty', detail: problem.detail };
    case 'address_not_allowed':
      return { key: 'monitor.error.addressNotAllowed', detail: problem.detail };
    case 'push_source':
      return { key: 'monitor.error.pushSource' };
    case 'assignee_cannot_see':
      return { key: 'monitor.error.assigneeCannotSee', detail: problem.detail };
    case 'missing_permission':
      return { key: 'error.forbidden', detail: problem.detail };
    default:
      break;
  }
  if (status === 400 || status === 422) {
    if (problem.field) return { key: 'error.invalidField', params: { field: problem.field }, detail: problem.detail };
    return { key: 'error.invalid', detail: problem.detail };
  }
  if (status === 401) return { key: 'error.unauthorized' };
  if (status === 403) return { key: 'error.forbidden', detail: problem.detail };
  if (status === 404) return { key: 'error.notFound' };
  if (status === 409) return { key: 'error.conflict', detail: problem.detail };
  if (status === 429) return { key: 'error.tooMany', params: { minutes: retryMinutes(error.retryAfterSeconds) } };
  if (status >= 500) return { key: 'error.server' };
  return { key: 'error.unknown', params: { status } };
}
