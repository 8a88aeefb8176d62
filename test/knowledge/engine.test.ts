import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InferenceEngine, type ChatRequest } from '@cria/inference';
import { IngestionService } from '@cria/knowledge';
import { FakeGraphApi, ownerQuery } from '@cria/testing';
import { customerSays, seedChannel, type SeededChannel } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';

const SECRET = 'knowledge-engine-secret';
const FACT = 'The Zephyr X200 desk fan costs 149.99 EUR.';
let graph: FakeGraphApi;
let app: TestApp;
let withKnowledge: SeededChannel;
let withoutKnowledge: SeededChannel;
const prompts: string[] = [];

before(async () => {
  graph = await FakeGraphApi.start();
  app = await startTestApp({
    env: { META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url, BURST_WINDOW_MS: '300' },
  });
  const model = { temperature: 0, topP: 1, maxTokens: 8, historyTokens: 400, stop: [] };
  withKnowledge = await seedChannel(app, {
    assistant: { model, knowledge: { enabled: true, showCitations: true } },
  });
  withoutKnowledge = await seedChannel(app, { tenantId: withKnowledge.tenantId, assistant: { model } });
  const [document] = await ownerQuery<{ id: string }>(
    app.db.url,
    `INSERT INTO knowledge_documents (tenant_id, name, format, content_type, size_bytes, sha256, original)
     VALUES ($1, 'Price list', 'md', 'text/markdown', 0, '', $2) RETURNING id`,
    [withKnowledge.tenantId, Buffer.from(`# Fans\n\n${FACT}`)],
  );
  await ownerQuery(
    app.db.url,
    `INSERT INTO knowledge_document_assistants (tenant_id, document_id, assistant_id) VALUES ($1, $2, $3), ($1, $2, $4)`,
    [withKnowledge.tenantId, document.id, withKnowledge.assistantId, withoutKnowledge.assistantId],
  );
  await app.app.get(IngestionService).ingest({ tenantId: withKnowledge.tenantId, documentId: document.id });
  // Every live turn's system prompt, as the engine receives it.
  const engine = app.app.get(InferenceEngine);
  const chat = engine.chat.bind(engine);
  engine.chat = (request: ChatRequest) => {
    prompts.push(request.system ?? '');
    return chat(request);
  };
});
after(async () => {
  await app.close();
  await graph.close();
});

const say = (channel: SeededChannel, from: string, text: string) =>
  customerSays({ url: app.url, secret: SECRET, channel }, from, text);

test('with knowledge enabled, the prompt carries the retrieved passage with its citation', async () => {
  await say(withKnowledge, '33710000001', 'How much is the Zephyr X200?');
  const prompt = await eventually(async () => prompts.find((p) => p.includes('Zephyr')), {
    timeoutMs: 30_000,
    what: 'a prompt with the passage',
  });
  assert.ok(prompt.includes(`[1] (Price list, passage 1)\nFans\n${FACT}`), prompt);
  assert.match(prompt, /cite it as \[n\]/);
});

test('with knowledge disabled, the prompt has no passages', async () => {
  const before = prompts.length;
  await say(withoutKnowledge, '33710000002', 'How much is the Zephyr X200?');
  await eventually(async () => prompts.length > before, { timeoutMs: 30_000, what: 'a second prompt' });
  assert.ok(!prompts[prompts.length - 1].includes(FACT));
});
