import { describe, expect, it } from 'vitest';
import {
  decryptMfaSecret,
  deriveMfaKey,
  encryptMfaSecret,
  generateRecoveryCodes,
  hashRecoveryCode,
} from '../../../server/modules/auth/mfa-secrets';
import {
  decodeBase32,
  encodeBase32,
  hotp,
  matchTotp,
  otpauthUri,
  timeStepAt,
  totp,
} from '../../../server/modules/auth/totp';

// The shared secrets of the RFCs' test vectors: ASCII "1234567890" repeated to the hash's key length.
const SHA1_SECRET = Buffer.from('12345678901234567890');
const SHA256_SECRET = Buffer.from('12345678901234567890123456789012');
const SHA512_SECRET = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

describe('HOTP (RFC 4226 appendix D)', () => {
  it('gives the ten published codes for counters 0 to 9', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, counter) => hotp(SHA1_SECRET, counter))).toEqual(expected);
  });
});

describe('TOTP (RFC 6238 appendix B, 8 digits)', () => {
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(vectors)('at %i s: SHA-1 %s, SHA-256 %s, SHA-512 %s', (seconds, sha1, sha256, sha512) => {
    expect(totp(SHA1_SECRET, seconds * 1000, 8, 'sha1')).toBe(sha1);
    expect(totp(SHA256_SECRET, seconds * 1000, 8, 'sha256')).toBe(sha256);
    expect(totp(SHA512_SECRET, seconds * 1000, 8, 'sha512')).toBe(sha512);
  });

  it('6-digit codes are the last 6 digits of the same truncation', () => {
    expect(totp(SHA1_SECRET, 59_000)).toBe('287082');
    expect(totp(SHA1_SECRET, 1111111109_000)).toBe('081804');
  });
});

describe('matchTotp', () => {
  const now = 1_700_000_000_000;
  const step = timeStepAt(now);

  it('accepts the current step and one step either side, nothing further', () => {
    expect(matchTotp(SHA1_SECRET, hotp(SHA1_SECRET, step), now, null)).toBe(step);
    expect(matchTotp(SHA1_SECRET, hotp(SHA1_SECRET, step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(SHA1_SECRET, hotp(SHA1_SECRET, step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(SHA1_SECRET, hotp(SHA1_SECRET, step - 2), now, null)).toBeNull();
    expect(matchTotp(SHA1_SECRET, hotp(SHA1_SECRET, step + 2), now, null)).toBeNull();
  });

  it('refuses a step at or before the last one used (no replay)', () => {
    expect(matchTotp(SHA1_SECRET, hotp(SHA1_SECRET, step), now, step)).toBeNull();
    expect(matchTotp(SHA1_SECRET, hotp(SHA1_SECRET, step - 1), now, step - 1)).toBeNull();
    expect(matchTotp(SHA1_SECRET, hotp(SHA1_SECRET, step), now, step - 1)).toBe(step);
  });

  it('refuses anything that is not six digits', () => {
    expect(matchTotp(SHA1_SECRET, '12345', now, null)).toBeNull();
    expect(matchTotp(SHA1_SECRET, '1234567', now, null)).toBeNull();
    expect(matchTotp(SHA1_SECRET, 'abcdef', now, null)).toBeNull();
  });
});

describe('base32 and otpauth URI', () => {
  it('round-trips and matches RFC 4648 test vectors', () => {
    expect(encodeBase32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(decodeBase32('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(encodeBase32(SHA1_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('names issuer and account, SHA1, 6 digits, 30 s', () => {
    const uri = otpauthUri('GEZDGNBVGY3TQOJQ', 'manager1', 'Pet Products POS');
    expect(uri).toBe(
      'otpauth://totp/Pet%20Products%20POS%3Amanager1?secret=GEZDGNBVGY3TQOJQ&issuer=Pet+Products+POS&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('secret encryption and recovery codes', () => {
  it('encrypts with a random IV; only the same key decrypts; tampering is detected', () => {
    const key = deriveMfaKey('a-test-key-that-is-long-enough-0123456789');
    const a = encryptMfaSecret(key, SHA1_SECRET);
    const b = encryptMfaSecret(key, SHA1_SECRET);
    expect(a).not.toBe(b);
    expect(a).not.toContain(SHA1_SECRET.toString('base64url'));
    expect(decryptMfaSecret(key, a)).toEqual(SHA1_SECRET);
    expect(() => decryptMfaSecret(deriveMfaKey('another-key-that-is-long-enough-0123456789'), a)).toThrow();
    const parts = a.split('.');
    parts[3] = `${parts[3]!.slice(0, -2)}AA`;
    expect(() => decryptMfaSecret(key, parts.join('.'))).toThrow();
  });

  it('ten distinct codes; the hash ignores case and dashes and depends on the user', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    }
    const code = codes[0]!;
    expect(hashRecoveryCode('u1', code)).toBe(hashRecoveryCode('u1', code.toUpperCase().replace('-', '')));
    expect(hashRecoveryCode('u1', code)).not.toBe(hashRecoveryCode('u2', code));
  });
});
