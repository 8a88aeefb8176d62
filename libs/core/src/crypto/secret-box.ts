import crypto from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (channel tokens, app secrets). Output: `v1.<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url parts). The key id lets ENCRYPTION_KEY hold several keys: new values use the first, old values
 * stay readable with the key they were written with, and `needsRotation` tells what to re-encrypt.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly current: { id: string; key: Buffer };

  constructor(keys: ReadonlyArray<{ id: string; key: Buffer }>) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one key');
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.current = keys[0];
  }

  encrypt(plaintext: string, associatedData = ''): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      this.current.id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string, associatedData = ''): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !keyId || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error('Not a sealed secret');
    }
    const key = this.keys.get(keyId);
    if (!key)
      throw new Error(`Secret was encrypted with key "${keyId}", which ENCRYPTION_KEY no longer contains`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}

/** Associated data binding a channel's sealed credentials to that channel: a row copied elsewhere won't open. */
export function channelCredentialsAad(channelId: string): string {
  return `channel:${channelId}`;
}
