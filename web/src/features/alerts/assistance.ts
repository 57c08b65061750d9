// Assistance cases (/api/v1/assistance): a citizen who answered a safety check "I need help", the mission's work
// on it, and its trail. Every read is audited on the server, so lists are read on request, never polled.
import type { I18n } from '../../i18n';
import { api } from '../../shared/api';
import type { AssistanceCase, CaseEntry, CaseState, Id } from '../../shared/types';
import { channelLabel } from './labels';

export type { AssistanceCase, CaseEntry, CaseState };

export interface CasePage {
  items: AssistanceCase[];
  next_before: Id | null;
}

export type StateFilter = CaseState | 'all';
export type AssignedFilter = '' | 'me' | 'none';

export function listCases(
  filter: { state: StateFilter; assigned: AssignedFilter; alertId?: Id; before?: Id | null },
  signal?: AbortSignal,
): Promise<CasePage> {
  return api.get<CasePage>('/assistance', {
    query: {
      state: filter.state,
      assigned: filter.assigned || null,
      alert_id: filter.alertId ?? null,
      before: filter.before ?? null,
      limit: 100,
    },
    signal,
  });
}

export const getCase = (id: Id, signal?: AbortSignal) => api.get<AssistanceCase>(`/assistance/${id}`, { signal });
export const assignCase = (id: Id, userId: Id | null) => api.post<AssistanceCase>(`/assistance/${id}/assign`, { user_id: userId });
export const noteCase = (id: Id, text: string) => api.post<AssistanceCase>(`/assistance/${id}/notes`, { text });
export const resolveCase = (id: Id, text: string) => api.post<AssistanceCase>(`/assistance/${id}/resolve`, { text });
export const reopenCase = (id: Id, text: string) => api.post<AssistanceCase>(`/assistance/${id}/reopen`, { text });

export const NOTE_MAX_BYTES = 4000;

/** What a trail entry says, in the reader's language. */
export function entryTitle(t: I18n['t'], entry: CaseEntry): string {
  switch (entry.kind) {
    case 'opened':
    case 'answered_safe':
    case 'answered_need_help':
      return t(`assistance.entry.${entry.kind}`, { channel: channelLabel(t, entry.channel) });
    case 'assigned':
      return t('assistance.entry.assigned', { assignee: entry.assignee_name || `#${entry.assignee_id}` });
    default:
      return t(`assistance.entry.${entry.kind}`);
  }
}
