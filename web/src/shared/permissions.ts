// What the current user may do, read from GET /me `permissions`. This only hides buttons: the server decides,
// and a 403 from it is shown as a problem.
import type { Id, Me, Permission } from './types';

export function hasPermission(me: Me | null, permission: Permission, unitId?: Id | null): boolean {
  if (!me) return false;
  const scope = me.permissions?.[permission];
  if (scope === 'all') return true;
  if (!Array.isArray(scope) || scope.length === 0) return false;
  if (unitId === undefined || unitId === null) return true;
  return scope.includes(unitId);
}

export function permittedUnits(me: Me | null, permission: Permission): Id[] | 'all' {
  const scope = me?.permissions?.[permission];
  if (scope === 'all') return 'all';
  return Array.isArray(scope) ? scope : [];
}
