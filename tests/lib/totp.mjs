// RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret, for tests that log in like a person with an
// authenticator app. Checked against the RFC 4226 / RFC 6238 vectors by tests/e2e/totp.test.mjs.
import { createHmac } from 'node:crypto';

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) continue;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

// RFC 4226 HOTP of a raw key (Buffer) and a counter.
export function hotp(key, counter, digits = 6) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

export function totp(secret, { time = Date.now(), step = 30, digits = 6 } = {}) {
  return hotp(base32Decode(secret), Math.floor(time / 1000 / step), digits);
}

// Seconds left in the current time step (a code typed near its end may expire before the server checks it).
export function secondsLeftInStep(time = Date.now(), step = 30) {
  return step - (Math.floor(time / 1000) % step);
}
