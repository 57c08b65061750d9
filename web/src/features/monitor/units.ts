// Which units the user works on in the monitor: /me lists, per permission, the units of the grants that carry it
// ("all" for a subtree grant on the root); a grant with include_subtree also covers the units below, which the
// directory knows. The server decides every request; this only fills the pickers.
import { permittedUnits } from '../../shared/permissions';
import type { Id, Me, Permission, Unit } from '../../shared/types';

export function unitsWith(me: Me | null, permission: Permission, units: Unit[]): Unit[] {
  const scope = permittedUnits(me, permission);
  if (scope === 'all') return units;
  const granted = new Set(scope);
  const subtreeRoots = new Set((me?.grants ?? []).filter((grant) => grant.include_subtree && granted.has(grant.unit_id)).map((grant) => grant.unit_id));
  const children = new Map<Id, Unit[]>();
  for (const unit of units) {
    if (unit.parent_id === null) continue;
    const list = children.get(unit.parent_id) ?? [];
    list.push(unit);
    children.set(unit.parent_id, list);
  }
  const allowed = new Set(granted);
  const stack = [...subtreeRoots];
  while (stack.length > 0) {
    const id = stack.pop() as Id;
    for (const child of children.get(id) ?? []) {
      if (allowed.has(child.id)) continue;
      allowed.add(child.id);
      stack.push(child.id);
    }
  }
  return units.filter((unit) => allowed.has(unit.id));
}

/** The unit a monitor screen starts on: the user's home unit when they may use it there, else the first. */
export function defaultUnitId(me: Me | null, allowed: Unit[]): Id | null {
  if (me && allowed.some((unit) => unit.id === me.unit_id)) return me.unit_id;
  return allowed[0]?.id ?? null;
}

/** A unit id from the address (?unit=12), if it is one of `allowed`. */
export function unitFromParam(value: string | null, allowed: Unit[]): Id | null {
  if (!value || !/^\d+$/.test(value)) return null;
  const id = Number(value);
  return allowed.some((unit) => unit.id === id) ? id : null;
}

/** A country's flag from its ISO 3166-1 alpha-2 code (regional indicator letters), or '' for anything else. */
export function flagOf(code: string): string {
  const upper = (code ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return '';
  return String.fromCodePoint(...[...upper].map((letter) => 0x1f1e6 + letter.charCodeAt(0) - 65));
}

/** The article's country and the countries it names, upper case, each once, in order. */
export function countryCodes(codes: readonly string[]): string[] {
  const all = codes.map((code) => (code ?? '').trim().toUpperCase());
  return [...new Set(all.filter((code) => /^[A-Z]{2}$/.test(code)))];
}

/** Articles per country from GET /monitor/activity, as a map for the world map. */
export function countsByCountry(entries: readonly { country: string; articles: number }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    for (const code of countryCodes([entry.country])) counts.set(code, (counts.get(code) ?? 0) + entry.articles);
  }
  return counts;
}
