import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, maskPhone, redact } from './redaction';

test('secrets are removed by key at any depth, counts that mention tokens are kept', () => {
  const out = redact({
    headers: { authorization: 'Bearer abc', 'x-hub-signature-256': 'sha256=ff' },
    channel: { accessToken: 'EAAG…', appSecret: 's3cr3t', config: { password: 'p' } },
    tokensIn: 12,
    tokens_out: 5,
  }) as Record<string, Record<string, unknown>>;
  assert.equal(out.headers.authorization, REDACTED);
  assert.equal(out.headers['x-hub-signature-256'], REDACTED);
  assert.equal(out.channel.accessToken, REDACTED);
  assert.equal(out.channel.appSecret, REDACTED);
  assert.deepEqual(out.channel.config, { password: REDACTED });
  assert.equal((out as Record<string, unknown>).tokensIn, 12);
  assert.equal((out as Record<string, unknown>).tokens_out, 5);
});

test('phone numbers are masked by key and inside free text, keeping the last two digits', () => {
  assert.equal(maskPhone('+33612345678'), '+*********78');
  const out = redact({
    wa_id: '33612345678',
    note: 'call me on +44 7700 900123 please',
    count: 1234,
  }) as Record<string, unknown>;
  assert.equal(out.wa_id, '*********78');
  assert.equal(out.note, 'call me on +**********23 please');
  assert.equal(out.count, 1234);
});

test('errors keep their type and message, with phone numbers masked', () => {
  const out = redact({ err: new Error('send to 33612345678 failed') }) as { err: Record<string, unknown> };
  assert.equal(out.err.type, 'Error');
  assert.equal(out.err.message, 'send to *********78 failed');
});
