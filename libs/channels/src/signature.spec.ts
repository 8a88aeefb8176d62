import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metaJson, signBody, whatsappTextPayload } from '@cria/testing';
import { sign, verifySignature } from './signature';

const SECRET = 'app-secret-123';

test('a valid signature over the raw bytes passes', () => {
  const body = Buffer.from('{"object":"page","entry":[]}');
  assert.deepEqual(verifySignature(body, sign(body, SECRET), SECRET), { ok: true });
  assert.equal(sign(body, SECRET), signBody(body, SECRET), 'the library and the test helper agree');
  assert.match(sign(body, SECRET), /^sha256=[0-9a-f]{64}$/);
});

test('missing, malformed and mismatching signatures are told apart', () => {
  const body = Buffer.from('{"object":"page","entry":[]}');
  const good = sign(body, SECRET);
  assert.deepEqual(verifySignature(body, undefined, SECRET), { ok: false, reason: 'missing' });
  assert.deepEqual(verifySignature(body, '', SECRET), { ok: false, reason: 'missing' });
  assert.deepEqual(verifySignature(body, good.slice('sha256='.length), SECRET), {
    ok: false,
    reason: 'malformed',
  });
  assert.deepEqual(verifySignature(body, `sha1=${'a'.repeat(40)}`, SECRET), {
    ok: false,
    reason: 'malformed',
  });
  assert.deepEqual(verifySignature(body, 'sha256=zz', SECRET), { ok: false, reason: 'malformed' });
  assert.deepEqual(verifySignature(body, `${good}00`, SECRET), { ok: false, reason: 'malformed' });
  assert.deepEqual(verifySignature(body, sign(body, 'other-secret'), SECRET), {
    ok: false,
    reason: 'mismatch',
  });
  assert.deepEqual(verifySignature(Buffer.from(`${body.toString()} `), good, SECRET), {
    ok: false,
    reason: 'mismatch',
  });
  assert.deepEqual(verifySignature(body, [good, good], SECRET), { ok: false, reason: 'malformed' });
  assert.deepEqual(verifySignature(body, [good], SECRET), { ok: true });
});

test('upper-case hex and rotated secrets are accepted', () => {
  const body = Buffer.from('{}');
  const upper = `sha256=${sign(body, SECRET).slice(7).toUpperCase()}`;
  assert.deepEqual(verifySignature(body, upper, SECRET), { ok: true });
  assert.deepEqual(verifySignature(body, sign(body, 'old-secret'), [SECRET, 'old-secret']), { ok: true });
  assert.throws(() => verifySignature(body, upper, ''), /No app secret/);
});

test('non-ASCII bodies: the escaped bytes verify, a re-serialised body does not', () => {
  const hook = whatsappTextPayload({
    phoneNumberId: '106540352242922',
    from: '5511999999999',
    text: 'Olá! Café às 9h? 😀 https://x.y/z',
  });
  const raw = hook.body.toString('utf8');
  assert.ok(raw.includes('Ol\\u00e1'), 'Meta escapes non-ASCII as \\uXXXX');
  assert.ok(raw.includes('\\ud83d\\ude00'), 'emoji become surrogate escapes');
  assert.ok(raw.includes('https:\\/\\/x.y'), 'slashes are escaped');
  const header = hook.signature(SECRET);
  assert.deepEqual(verifySignature(hook.body, header, SECRET), { ok: true });

  const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw)));
  assert.notDeepEqual(reserialised, hook.body);
  assert.deepEqual(verifySignature(reserialised, header, SECRET), { ok: false, reason: 'mismatch' });
  assert.deepEqual(JSON.parse(reserialised.toString()), JSON.parse(raw), 'same JSON, different bytes');
  assert.equal(metaJson(JSON.parse(raw)).toString(), raw);
});
