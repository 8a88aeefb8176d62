import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { SecretBox } from './secret-box';

const key = (id: string) => ({ id, key: crypto.randomBytes(32) });

test('round trip, with no plaintext in the sealed value', () => {
  const box = new SecretBox([key('k1')]);
  const sealed = box.encrypt('EAAG-token-123', 'channel:1');
  assert.ok(!sealed.includes('EAAG'));
  assert.equal(box.decrypt(sealed, 'channel:1'), 'EAAG-token-123');
  assert.throws(() => box.decrypt(sealed, 'channel:2'), /unable to authenticate|Unsupported state/);
});

test('rotation: old values stay readable with the old key and are flagged for re-encryption', () => {
  const old = key('old');
  const sealed = new SecretBox([old]).encrypt('secret');
  const rotated = new SecretBox([key('new'), old]);
  assert.equal(rotated.decrypt(sealed), 'secret');
  assert.equal(rotated.needsRotation(sealed), true);
  assert.equal(rotated.needsRotation(rotated.encrypt('x')), false);
  assert.throws(() => new SecretBox([key('other')]).decrypt(sealed), /no longer contains/);
});
