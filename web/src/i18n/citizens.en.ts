// English strings of citizens abroad (features/citizens), merged into en.ts: exactly the keys of citizens.vi.ts.
import type { citizensVi } from './citizens.vi';

export const citizensEn: Record<keyof typeof citizensVi, string> = {
  'perm.citizens_read': 'Read the registrations of citizens in the jurisdiction',
  'perm.citizens_write': 'Register, edit and erase citizens',
  'perm.citizens_export': 'Export the citizens registry',
  'perm.alerts_send': 'Compose and send crisis alerts',
  'perm.alerts_approve': 'Approve crisis alerts',
};
