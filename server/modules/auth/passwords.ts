import bcrypt from 'bcrypt';

const BCRYPT_MAX_BYTES = 72;

export function hashSecret(secret: string, rounds: number): Promise<string> {
  return bcrypt.hash(secret, rounds);
}

/** bcrypt ignores bytes past 72; such a password can never be one we stored, so it never matches. */
export async function secretMatches(secret: string, hash: string): Promise<boolean> {
  if (Buffer.byteLength(secret, 'utf8') > BCRYPT_MAX_BYTES) {
    return false;
  }
  return bcrypt.compare(secret, hash);
}

let dummyHash: { rounds: number; hash: string } | undefined;

/** Spends the same time as a real check, so response times do not reveal whether a username exists. */
export async function spendComparisonTime(secret: string, rounds: number): Promise<void> {
  if (dummyHash?.rounds !== rounds) {
    dummyHash = { rounds, hash: await bcrypt.hash('not-a-real-password', rounds) };
  }
  await bcrypt.compare(secret.slice(0, BCRYPT_MAX_BYTES), dummyHash.hash);
}
