import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

interface DevelopmentSecrets {
  encryptionKey: string;
  jwtSecret: string;
}

/**
 * Outside production, missing secrets are generated once and kept in `<dataDir>/secrets.json` (git-ignored,
 * mode 0600), so restarts keep sessions valid and stored channel credentials readable.
 */
export function loadDevelopmentSecrets(dataDir: string): DevelopmentSecrets {
  const file = path.join(dataDir, 'secrets.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevelopmentSecrets>;
    if (stored.encryptionKey && stored.jwtSecret) return stored as DevelopmentSecrets;
  } catch {
    // absent or unreadable: generate below
  }
  const secrets: DevelopmentSecrets = {
    encryptionKey: `dev:${crypto.randomBytes(32).toString('base64')}`,
    jwtSecret: crypto.randomBytes(48).toString('base64url'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  try {
    // Two processes starting together must end up with the same secrets: the first link wins.
    fs.linkSync(temporary, file);
  } catch {
    // another process wrote it first
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as DevelopmentSecrets;
}
