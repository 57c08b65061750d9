// Pure rules of the portal's sign-in: what kind of contact was typed, and how many tries of a code are left.
import type { Problem } from '../../shared/types';

/** "email" when the text has an @, "phone" when it starts like an international number, else null. */
export function contactKind(text: string): 'email' | 'phone' | null {
  const value = text.trim();
  if (value.includes('@')) return 'email';
  if (/^(\+|00)[\d\s().-]{6,}$/.test(value)) return 'phone';
  return null;
}

/**
 * The tries of this code still allowed after a wrong one. The server says it only in words ("…; 4 attempts left." or
 * "…, and no attempts are left; …"), so they are read from `detail`; null when it does not say.
 */
export function attemptsLeft(problem: Pick<Problem, 'detail' | 'reason'>): number | null {
  if (problem.reason !== 'code_wrong') return null;
  const detail = problem.detail ?? '';
  if (/no attempts/i.test(detail)) return 0;
  const match = /(\d+)\s+attempts?\s+left/i.exec(detail);
  return match ? Number(match[1]) : null;
}

/** A code as typed ("123 456", "123-456") reduced to its digits. */
export function normaliseCode(text: string): string {
  return text.replace(/\D/g, '').slice(0, 6);
}
