// Cables and users for the tests of the cable screens' rules.
import type { Cable, Me } from '../../shared/types';

export const DRAFTER = { id: 9, username: 'drafter.fr', display_name: 'Drafter' };
export const CLEARER = { id: 10, username: 'desk.eu', display_name: 'Desk' };

export function me(id: number, permissions: Me['permissions'], unitId = 57): Me {
  return {
    id,
    username: `user${id}`,
    display_name: '',
    locale: 'en',
    unit_id: unitId,
    title: '',
    mfa_enabled: false,
    mfa_required: false,
    session_status: 'full',
    csrf_token: 'x',
    grants: [],
    permissions,
  };
}

export function cable(overrides: Partial<Cable> = {}): Cable {
  return {
    id: 1,
    reference: null,
    state: 'draft',
    precedence: 'routine',
    classification: 'unclassified',
    captions: [],
    originating_unit_id: 57,
    drafter: DRAFTER,
    version: 3,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    subject: 'Visa policy',
    tags: ['visa', 'consular'],
    body: '# Text',
    references: [],
    addressees: [{ role: 'action', niact: true, unit_id: 5 }, { role: 'info', niact: false, collective: 'region:europe' }],
    clearance: { rule: 'all', clearers: [] },
    ...overrides,
  };
}
