import { describe, expect, it } from 'vitest';
import { attemptsLeft, contactKind, normaliseCode } from './signIn';

describe('portal sign-in', () => {
  it('tells an e-mail address from an international phone number', () => {
    expect(contactKind(' lan@example.com ')).toBe('email');
    expect(contactKind('+81 90 1234 5678')).toBe('phone');
    expect(contactKind('0084 912 345 678')).toBe('phone');
    expect(contactKind('0912345678')).toBeNull();
    expect(contactKind('lan')).toBeNull();
  });

  it('reads the tries left from the server’s words on a wrong code', () => {
    expect(attemptsLeft({ reason: 'code_wrong', detail: 'This code is not right; 4 attempts left.' })).toBe(4);
    expect(attemptsLeft({ reason: 'code_wrong', detail: 'This code is not right; 1 attempt left.' })).toBe(1);
    expect(attemptsLeft({ reason: 'code_wrong', detail: 'This code is not right, and no attempts are left; ask for a new one.' })).toBe(0);
    expect(attemptsLeft({ reason: 'code_wrong', detail: 'Wrong.' })).toBeNull();
    expect(attemptsLeft({ reason: 'code_expired', detail: '3 attempts left' })).toBeNull();
  });

  it('keeps the digits of a typed code', () => {
    expect(normaliseCode('123 456')).toBe('123456');
    expect(normaliseCode('12-34-567')).toBe('123456');
  });
});
