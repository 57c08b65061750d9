// The shared TOTP helper (tests/lib/totp.mjs) against the RFC 6238 appendix B test vectors (SHA-1, 8 digits) and
// RFC 4226 HOTP vectors, so a failure of an MFA step in the browser or API tests can never be the helper's fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, hotp, secondsLeftInStep, totp } from '../lib/totp.mjs';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

test('base32 decodes RFC 4648 examples', () => {
  assert.equal(base32Decode('MZXW6YTBOI======').toString('ascii'), 'foobar');
  assert.equal(base32Decode('mzxw 6ytb oi').toString('ascii'), 'foobar');
});

test('HOTP matches RFC 4226 appendix D', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, counter) => assert.equal(hotp(RFC_SECRET, counter), code));
});

test('TOTP matches RFC 6238 appendix B (SHA-1)', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of "12345678901234567890"
  const vectors = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) assert.equal(totp(secret, { time: seconds * 1000, digits: 8 }), code);
  assert.equal(totp(secret, { time: 59 * 1000 }), '287082');
});

test('seconds left in the 30-second step', () => {
  assert.equal(secondsLeftInStep(0), 30);
  assert.equal(secondsLeftInStep(29_999), 1);
  assert.equal(secondsLeftInStep(45_000), 15);
});
