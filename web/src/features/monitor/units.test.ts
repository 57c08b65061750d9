import { describe, expect, it } from 'vitest';
import type { Me, Unit } from '../../shared/types';
import { countryCodes, countsByCountry, defaultUnitId, flagOf, unitsWith } from './units';

const unit = (id: number, parent: number | null): Unit => ({
  id, code: `U${id}`, parent_id: parent, kind: 'embassy', name_en: `Unit ${id}`, name_vi: `Đơn vị ${id}`, city: '', country: 'VN',
  region: '', time_zone: 'Asia/Ho_Chi_Minh', languages: [], jurisdiction: [], latitude: null, longitude: null,
});
const units = [unit(1, null), unit(2, 1), unit(3, 2), unit(4, 1)];
const me = (permissions: Me['permissions'], grants: Me['grants'], home = 3): Me => ({
  id: 9, username: 'a', display_name: 'A', locale: 'vi', unit_id: home, title: '', mfa_enabled: false, mfa_required: false,
  session_status: 'ok', csrf_token: '', grants, permissions,
});

describe('monitor units', () => {
  it('takes the granted units, and those below a subtree grant', () => {
    expect(unitsWith(me({ monitor_read: [4] }, [{ id: 1, role: 'analyst', unit_id: 4, include_subtree: false }]), 'monitor_read', units).map((u) => u.id)).toEqual([4]);
    expect(unitsWith(me({ monitor_read: [2] }, [{ id: 1, role: 'analyst', unit_id: 2, include_subtree: true }]), 'monitor_read', units).map((u) => u.id)).toEqual([2, 3]);
    expect(unitsWith(me({ monitor_read: 'all' }, []), 'monitor_read', units)).toHaveLength(4);
    expect(unitsWith(me({}, []), 'monitor_read', units)).toEqual([]);
  });

  it('starts on the home unit when allowed there', () => {
    expect(defaultUnitId(me({}, [], 3), [units[2], units[3]])).toBe(3);
    expect(defaultUnitId(me({}, [], 1), [units[3]])).toBe(4);
    expect(defaultUnitId(me({}, [], 1), [])).toBeNull();
  });
});

describe('countries', () => {
  it('draws flags from ISO codes', () => {
    expect(flagOf('ph')).toBe('🇵🇭');
    expect(flagOf('VN')).toBe('🇻🇳');
    expect(flagOf('')).toBe('');
    expect(flagOf('VNM')).toBe('');
  });

  it('lists each country once, upper case, and drops what is not a code', () => {
    expect(countryCodes(['PH', 'VN', 'vn', '', 'VNM'])).toEqual(['PH', 'VN']);
    expect([...countsByCountry([{ country: 'PH', articles: 3 }, { country: 'vn', articles: 2 }])]).toEqual([['PH', 3], ['VN', 2]]);
  });
});
