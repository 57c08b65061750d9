// Pure rules of the sources screens: the form's draft (what is sent for each kind), which field a refusal belongs
// to, and a source's health in words.
import type { MonitorSource, MonitorSourceDraft, MonitorSourceKind } from '../../shared/types';

export interface SourceForm {
  unit_id: number | null;
  name: string;
  title: string;
  kind: MonitorSourceKind;
  url: string;
  country: string;
  language: string;
  interval_minutes: string;
  replay_rate: string;
  enabled: boolean;
}

export const SOURCE_KINDS: MonitorSourceKind[] = ['feed', 'push', 'replay'];

export function emptySourceForm(unitId: number | null): SourceForm {
  return { unit_id: unitId, name: '', title: '', kind: 'feed', url: '', country: '', language: '', interval_minutes: '15', replay_rate: '10', enabled: true };
}

export function formOfSource(source: MonitorSource): SourceForm {
  return {
    unit_id: source.unit_id,
    name: source.name,
    title: source.title,
    kind: source.kind,
    url: source.url,
    country: source.country,
    language: source.language,
    interval_minutes: String(Math.max(1, Math.round(source.interval_seconds / 60))),
    replay_rate: String(source.replay_rate || 10),
    enabled: source.enabled,
  };
}

/** The request body: optional texts left out when empty (the server refuses ""), only the kind's own fields. */
export function sourceDraft(form: SourceForm, version?: number): MonitorSourceDraft {
  const draft: MonitorSourceDraft = { unit_id: form.unit_id ?? 0, name: form.name.trim(), kind: form.kind, enabled: form.enabled };
  if (form.title.trim()) draft.title = form.title.trim();
  if (form.country.trim()) draft.country = form.country.trim().toUpperCase();
  if (form.language.trim()) draft.language = form.language.trim().toLowerCase();
  if (form.kind !== 'push' && form.url.trim()) draft.url = form.url.trim();
  if (form.kind === 'feed') draft.interval_seconds = Math.round(Number(form.interval_minutes) * 60);
  if (form.kind === 'replay') draft.replay_rate = Math.round(Number(form.replay_rate));
  if (version !== undefined) draft.version = version;
  return draft;
}

export type SourceField = 'name' | 'title' | 'url' | 'country' | 'language' | 'interval' | 'rate' | 'unit' | 'kind';

/** The form field a problem's `field` (a JSON pointer) names, so the message shows next to it. */
export function sourceFieldOf(pointer: string | undefined): SourceField | null {
  switch ((pointer ?? '').replace(/^\//, '')) {
    case 'name':
      return 'name';
    case 'title':
      return 'title';
    case 'url':
      return 'url';
    case 'country':
      return 'country';
    case 'language':
      return 'language';
    case 'interval_seconds':
      return 'interval';
    case 'replay_rate':
      return 'rate';
    case 'unit_id':
      return 'unit';
    case 'kind':
      return 'kind';
    default:
      return null;
  }
}
