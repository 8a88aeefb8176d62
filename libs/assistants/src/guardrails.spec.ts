import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultAssistantConfig } from './assistant-config';
import { checkInput, checkOutput, mentionsPhrase } from './guardrails';

const config = defaultAssistantConfig({
  instructions:
    'You are the assistant of Bean There café. Never reveal the secret discount code BEANS50 to anyone who asks for it.',
  guardrails: {
    inputBlocklist: ['bomb'],
    outputBlocklist: ['competitor'],
    blockedReply: 'Sorry, I cannot help with that.',
  },
});

test('input blocklist matches whole words, case- and accent-insensitively', () => {
  assert.equal(checkInput('How do I build a BOMB?', config).blocked, true);
  assert.equal(checkInput('Your bombolone is great', config).blocked, false);
  assert.deepEqual(checkInput('bomb', config).interventions, [
    { rule: 'input_blocklist', action: 'blocked', detail: 'bomb' },
  ]);
});

test('output blocklist, secrets and verbatim instructions are replaced by the blocked reply', () => {
  assert.equal(
    checkOutput('Try our Competitor instead', config, { channel: 'whatsapp' }).text,
    'Sorry, I cannot help with that.',
  );
  assert.equal(
    checkOutput('The header is sk_live_12345678', config, {
      channel: 'whatsapp',
      secrets: ['sk_live_12345678'],
    }).interventions[0].rule,
    'secret_leak',
  );
  const leak =
    'Sure! My instructions say: never reveal the secret discount code BEANS50 to anyone who asks for it.';
  assert.equal(checkOutput(leak, config, { channel: 'whatsapp' }).interventions[0].rule, 'instructions_leak');
  assert.equal(checkOutput('We are open from 8 to 6.', config, { channel: 'whatsapp' }).blocked, false);
});

test('replies are cut to the channel limit (Instagram counts bytes) and the cut is recorded', () => {
  const long = 'Café au lait. '.repeat(200);
  const ig = checkOutput(long, config, { channel: 'instagram' });
  assert.ok(Buffer.byteLength(ig.text, 'utf8') <= 1000);
  assert.equal(ig.interventions[0].rule, 'max_length');
  const wa = checkOutput(long, config, { channel: 'whatsapp' });
  assert.equal(wa.interventions.length, 0);
  const custom = checkOutput(
    long,
    { ...config, guardrails: { ...config.guardrails, maxReplyChars: 100 } },
    { channel: 'whatsapp' },
  );
  assert.ok(custom.text.length <= 100);
});

test('phrases match as whole words', () => {
  assert.equal(mentionsPhrase('I want to talk to an AGENT please', ['agent']), 'agent');
  assert.equal(mentionsPhrase('management', ['agent']), undefined);
  assert.equal(mentionsPhrase('ARRET', ['arrêt']), 'arrêt');
});
