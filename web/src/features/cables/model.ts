// Pure rules of the cable screens: labels of the server's values, which actions a user is offered on a cable, how
// the acknowledgement matrix reads. Only hints: the server decides every action. The composer's are in draft.ts.
import type { MessageKey, Params } from '../../i18n';
import { hasPermission } from '../../shared/permissions';
import type { Cable, CableBox, Classification, Id, Me, Precedence, Recipient, Unit, UserRef } from '../../shared/types';

/** Regions a collective may name (`region:<region>`), as the server accepts them. */
export const COLLECTIVE_REGIONS = ['asia', 'europe', 'americas', 'africa', 'oceania', 'middle_east', 'international'] as const;
export const COLLECTIVES = ['all_missions', ...COLLECTIVE_REGIONS.map((region) => `region:${region}`)];

/** A unit matches a search when every word is in its code, names (`name`: as shown), city or country. */
export function unitMatches(unit: Unit, query: string, name: string): boolean {
  if (!query) return true;
  const haystack = `${unit.code} ${name} ${unit.name_en} ${unit.name_vi} ${unit.city} ${unit.country}`.toLocaleLowerCase();
  return query
    .toLocaleLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

export function isCableBox(value: string | null | undefined): value is CableBox {
  return value === 'inbox' || value === 'drafts' || value === 'clearance' || value === 'release' || value === 'sent';
}

// --- Labels ------------------------------------------------------------------------------------------------------

export function boxKey(box: CableBox): MessageKey {
  return `cables.box.${box}` as MessageKey;
}

export function boxHintKey(box: CableBox): MessageKey {
  return `cables.boxHint.${box}` as MessageKey;
}

export function precedenceKey(precedence: Precedence | string): MessageKey {
  return `cable.precedence.${precedence}` as MessageKey;
}

export function classificationKey(classification: Classification | string): MessageKey {
  return `cable.classification.${classification}` as MessageKey;
}

export function stateKey(state: string): MessageKey {
  return `cable.state.${state}` as MessageKey;
}

/** A collective ("all_missions", "region:asia") in words, with the catalogue's `t`. */
export function collectiveLabel(t: (key: MessageKey, params?: Params) => string, collective: string): string {
  if (collective === 'all_missions') return t('cable.collective.allMissions');
  if (collective.startsWith('region:')) {
    const region = collective.slice('region:'.length);
    return t('cable.collective.region', { region: t(`region.${region}` as MessageKey) });
  }
  return collective;
}

/** Escalation level of a matrix row: 0 nothing yet, 1 the unit's duty officer, 2 the HQ watch desk. */
export function escalationKey(level: number | null | undefined): MessageKey {
  if (!level || level <= 0) return 'cable.escalation.none';
  if (level === 1) return 'cable.escalation.dutyOfficer';
  return 'cable.escalation.watchDesk';
}

export function userLabel(user: UserRef | null | undefined): string {
  if (!user) return '';
  return user.display_name || user.username || `#${user.id}`;
}

// --- Actions -----------------------------------------------------------------------------------------------------

export interface CableActions {
  edit: boolean;
  submit: boolean;
  withdraw: boolean;
  /** The user is a clearer with a decision still to give. */
  decide: boolean;
  release: boolean;
  /** Addressee units the user may still acknowledge for, in matrix order. */
  acknowledge: Id[];
}

export function availableActions(cable: Cable, me: Me | null): CableActions {
  const none: CableActions = { edit: false, submit: false, withdraw: false, decide: false, release: false, acknowledge: [] };
  if (!me) return none;
  const origin = cable.originating_unit_id;
  const drafting = hasPermission(me, 'cable_draft', origin);
  const isDrafter = cable.drafter?.id === me.id;
  const pendingClearer = cable.clearance?.clearers?.some((clearer) => clearer.user?.id === me.id && clearer.decision === 'pending') ?? false;
  return {
    edit: cable.state === 'draft' && drafting,
    submit: cable.state === 'draft' && drafting,
    withdraw: (cable.state === 'in_clearance' || cable.state === 'cleared') && drafting,
    decide: cable.state === 'in_clearance' && pendingClearer && !isDrafter && hasPermission(me, 'cable_clear'),
    release: cable.state === 'cleared' && !isDrafter && hasPermission(me, 'cable_release', origin),
    acknowledge:
      cable.state === 'transmitted'
        ? (cable.recipients ?? [])
            .filter((recipient) => !recipient.acknowledged_at && hasPermission(me, 'cable_acknowledge', recipient.unit_id))
            .map((recipient) => recipient.unit_id)
        : [],
  };
}

export function mayCompose(me: Me | null): boolean {
  return hasPermission(me, 'cable_draft');
}

export function maySeeCables(me: Me | null): boolean {
  return hasPermission(me, 'cable_read') || hasPermission(me, 'cable_draft');
}
// --- Matrix ------------------------------------------------------------------------------------------------------

export function isOverdue(recipient: Recipient, now: number = Date.now()): boolean {
  if (recipient.acknowledged_at || !recipient.deadline_at) return false;
  const deadline = Date.parse(recipient.deadline_at);
  return !Number.isNaN(deadline) && deadline < now;
}

export interface MatrixSummary {
  total: number;
  received: number;
  acknowledged: number;
  overdue: number;
}

export function matrixSummary(recipients: Recipient[], now: number = Date.now()): MatrixSummary {
  return {
    total: recipients.length,
    received: recipients.filter((recipient) => recipient.received_at).length,
    acknowledged: recipients.filter((recipient) => recipient.acknowledged_at).length,
    overdue: recipients.filter((recipient) => isOverdue(recipient, now)).length,
  };
}
