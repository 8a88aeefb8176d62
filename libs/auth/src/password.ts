import argon2 from 'argon2';

/**
 * argon2id with OWASP's second recommended profile (19 MiB, 2 iterations, 1 lane): ~20 ms here, which is
 * slow for an attacker with a stolen table and fine for a login endpoint that is throttled anyway.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
