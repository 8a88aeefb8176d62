import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import { ensureTestLora, ensureTestModel } from '@cria/testing';
import { register } from 'prom-client';
import { InferenceEngine } from './engine';
import { InferenceNotReadyError, InferenceRequestError, ModelLoadError } from './inference.errors';
import type { ChatRequest, ChatTurn } from './inference.types';
import { WHATSAPP_REPLY_BUTTONS_SCHEMA } from './structured/schemas';

// Engine logs (model ready, expected load failures) would only clutter the test report.
Logger.overrideLogger(false);

const ask = (content: string): ChatTurn[] => [{ role: 'user', content }];

describe('InferenceEngine with a generated tiny model', () => {
  let engine: InferenceEngine;
  let loraPath: string;

  before(async () => {
    const modelPath = await ensureTestModel({ shape: 'tiny', seed: 1 });
    loraPath = await ensureTestLora({ shape: 'tiny', seed: 7 });
    engine = await InferenceEngine.create({ modelPath, gpu: false, threads: 2, contextSize: 1024 });
    assert.deepEqual(engine.state, { status: 'ready' });
  });

  after(async () => {
    await engine.dispose();
  });

  it('describes the model for the admin panel', () => {
    const info = engine.modelInfo();
    assert.ok(info);
    assert.equal(info.architecture, 'llama');
    assert.equal(info.quantization, 'F32');
    assert.equal(info.trainContextLength, 4096);
    assert.equal(info.contextSize, 1024);
    assert.equal(info.hasChatTemplate, true);
    assert.equal(info.chatWrapper, 'ChatML');
    assert.equal(info.isDemoModel, true);
    assert.ok(info.parameterCount && info.parameterCount > 100_000);
    assert.ok(info.threads <= 2);
  });

  it('gives the same reply for the same request and seed', async () => {
    const request: ChatRequest = {
      tenantId: 't-det',
      system: 'You are Cria.',
      history: ask('Hello!'),
      maxTokens: 12,
    };
    const first = await engine.chat(request);
    const second = await engine.chat(request);
    assert.equal(first.tokensOut, 12);
    assert.equal(first.finishReason, 'length');
    assert.ok(first.text.length > 0);
    assert.equal(second.text, first.text);
    const sampled = { ...request, temperature: 0.9, topP: 0.95, seed: 42 };
    assert.equal((await engine.chat(sampled)).text, (await engine.chat(sampled)).text);
  });

  it('reports timings and token counts, and per-tenant metrics', async () => {
    const result = await engine.chat({ tenantId: 't-stats', history: ask('Count this'), maxTokens: 8 });
    assert.equal(result.tokensOut, 8);
    assert.ok(result.tokensIn > 'Count this'.length, `tokensIn ${result.tokensIn}`);
    assert.ok(result.ttftMs >= 0 && result.ttftMs <= result.totalMs);
    assert.ok(result.queueWaitMs >= 0);
    const metrics = await register.metrics();
    assert.match(metrics, /cria_inference_tokens_out_total\{tenant="t-stats"\} 8\n/);
    assert.match(
      metrics,
      new RegExp(`cria_inference_tokens_in_total\\{tenant="t-stats"\\} ${result.tokensIn}\\n`),
    );
    assert.match(metrics, /cria_inference_ttft_seconds_count\{tenant="t-stats"\} 1\n/);
    assert.match(metrics, /cria_inference_queue_wait_seconds_count\{tenant="t-stats"\} 1\n/);
    assert.match(metrics, /cria_inference_tokens_per_second_count\{tenant="t-stats"\} 1\n/);
    assert.match(metrics, /cria_inference_running\{tenant="t-stats"\} 0\n/);
    assert.match(metrics, /cria_inference_queued\{tenant="t-stats"\} 0\n/);
  });

  it('stops at a stop string', async () => {
    const free = await engine.chat({ tenantId: 't-stop', history: ask('Hello!'), maxTokens: 12 });
    const stop = [...free.text].slice(3, 5).join('');
    const stopped = await engine.chat({
      tenantId: 't-stop',
      history: ask('Hello!'),
      maxTokens: 12,
      stop: [stop],
    });
    assert.equal(stopped.finishReason, 'stop_sequence');
    assert.ok(!stopped.text.includes(stop) && free.text.startsWith(stopped.text));
  });

  it('trims history to the budget, keeping the system part and the newest turns', async () => {
    const history: ChatTurn[] = [];
    for (let i = 0; i < 12; i++)
      history.push({
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: `message number ${i} about bread and opening hours`,
      });
    history.push({ role: 'user', content: 'And on Sunday?' });
    const result = await engine.chat({
      tenantId: 't-trim',
      system: 'You answer for a bakery.',
      summary: 'Asked about hours.',
      history,
      historyTokenBudget: 400,
      maxTokens: 4,
    });
    assert.ok(result.historyTurnsDropped > 0);
    assert.ok(result.historyTurnsUsed >= 2);
    assert.ok(result.tokensIn <= 400, `prompt was ${result.tokensIn} tokens`);
    // The next message of the conversation keeps the same window start, so its state is reused.
    const first = await engine.chat({
      tenantId: 't-trim',
      conversationId: 'long',
      system: 'You answer for a bakery.',
      history,
      historyTokenBudget: 400,
      maxTokens: 4,
    });
    const next = [
      ...history,
      { role: 'assistant' as const, content: 'We open at nine.' },
      { role: 'user' as const, content: 'Thanks!' },
    ];
    const second = await engine.chat({
      tenantId: 't-trim',
      conversationId: 'long',
      system: 'You answer for a bakery.',
      history: next,
      historyTokenBudget: 400,
      maxTokens: 4,
    });
    assert.equal(second.historyTurnsDropped, first.historyTurnsDropped);
    assert.ok(second.tokensIn <= 400);
    assert.ok(
      second.tokensReused > first.tokensIn / 2,
      `reused ${second.tokensReused} of ${second.tokensIn}`,
    );
    const whole = await engine.chat({
      tenantId: 't-trim',
      system: 'You answer for a bakery.',
      history,
      maxTokens: 4,
    });
    assert.equal(whole.historyTurnsDropped, 0);
    assert.ok(whole.tokensIn > 400);
  });

  it('streams the reply as it is generated', async () => {
    const chunks: string[] = [];
    let result: { text: string } | undefined;
    for await (const event of engine.chatStream({
      tenantId: 't-stream',
      priority: 'playground',
      history: ask('Stream it'),
      maxTokens: 10,
    })) {
      if (event.type === 'text') chunks.push(event.text);
      else result = event.result;
    }
    assert.ok(result);
    assert.ok(chunks.length > 1);
    assert.equal(chunks.join('').trimEnd(), result.text);
  });

  it('keeps structured replies parseable and within the WhatsApp limits', async () => {
    for (const [content, maxTokens] of [
      ['Offer three choices', 400],
      ['Yes or no?', 60],
      ['Pick a time', 15],
    ] as const) {
      const result = await engine.chat({
        tenantId: 't-json',
        history: ask(content),
        maxTokens,
        responseSchema: WHATSAPP_REPLY_BUTTONS_SCHEMA,
      });
      const parsed = JSON.parse(result.text) as {
        body: string;
        buttons: Array<{ id: string; title: string }>;
      };
      assert.deepEqual(parsed, result.json);
      assert.equal(typeof parsed.body, 'string');
      assert.ok(parsed.buttons.length >= 1 && parsed.buttons.length <= 3, `${parsed.buttons.length} buttons`);
      for (const button of parsed.buttons) {
        const length = [...button.title].length;
        assert.ok(length >= 1 && length <= 20, `title of ${length} characters`);
      }
    }
  });

  it('changes the output when a LoRA adapter is named, and keeps the base model unchanged', async () => {
    const request: ChatRequest = { tenantId: 't-lora', history: ask('Hello!'), maxTokens: 12 };
    const base = await engine.chat(request);
    const adapted = await engine.chat({ ...request, loraAdapter: loraPath });
    assert.equal(adapted.loraAdapter, path.resolve(loraPath));
    assert.notEqual(adapted.text, base.text);
    assert.equal((await engine.chat(request)).text, base.text);
    await assert.rejects(
      engine.chat({ ...request, loraAdapter: '/nonexistent/adapter.gguf' }),
      InferenceRequestError,
    );
    await assert.rejects(engine.chat({ ...request, loraAdapter: __filename }), /cannot load LoRA adapter/);
    assert.equal((await engine.chat(request)).text, base.text);
  });

  it('embeds texts with the model dimension', async () => {
    const vectors = await engine.embed(['opening hours', 'gluten free bread', 'opening hours']);
    assert.equal(engine.embeddingDimension, 64);
    assert.equal(vectors.length, 3);
    for (const vector of vectors) {
      assert.equal(vector.length, 64);
      assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5);
    }
    assert.deepEqual(vectors[0], vectors[2]);
    assert.notDeepEqual(vectors[0], vectors[1]);
  });

  it('evaluates only the new tokens of a follow-up in a warm conversation', async () => {
    const system = 'You are the assistant of a bakery in Lisbon. Be kind and brief.';
    const first = await engine.chat({
      tenantId: 't-warm',
      conversationId: 'conv-1',
      system,
      history: ask('When do you open?'),
      maxTokens: 8,
    });
    const followUp: ChatTurn[] = [
      ...ask('When do you open?'),
      { role: 'assistant', content: 'At eight.' },
      { role: 'user', content: 'And do you sell cakes?' },
    ];
    const before = engine.stats();
    const warm = await engine.chat({
      tenantId: 't-warm',
      conversationId: 'conv-1',
      system,
      history: followUp,
      maxTokens: 8,
    });
    const cold = await engine.chat({
      tenantId: 't-warm',
      conversationId: 'conv-2',
      system,
      history: followUp,
      maxTokens: 8,
    });
    assert.equal(first.warm, false);
    assert.equal(warm.warm, true);
    assert.equal(cold.warm, false);
    assert.equal(warm.tokensIn, cold.tokensIn);
    assert.ok(
      warm.tokensEvaluated * 2 < cold.tokensEvaluated,
      `warm evaluated ${warm.tokensEvaluated}, cold ${cold.tokensEvaluated}`,
    );
    assert.ok(warm.tokensReused > 0);
    assert.equal(engine.stats().warmHits, before.warmHits + 1);
    assert.ok(engine.warmConversations().includes('t-warm/conv-1'));
  });

  it('refuses an unusable request with a typed error', async () => {
    await assert.rejects(
      engine.chat({ tenantId: 't-bad', history: [{ role: 'assistant', content: 'hi' }] }),
      /end with a user turn/,
    );
    await assert.rejects(
      engine.chat({ tenantId: 't-bad', history: ask('x'), maxTokens: 5000 }),
      InferenceRequestError,
    );
    const tool = {
      name: 'lookup',
      http: { url: 'https://api.example.com/x' },
      allowHosts: ['api.example.com'],
    };
    await assert.rejects(
      engine.chat({
        tenantId: 't-bad',
        history: ask('x'),
        responseSchema: { type: 'string' },
        tools: [tool],
      }),
      InferenceRequestError,
    );
  });
});

describe('InferenceEngine when the model cannot load', () => {
  it('reports failed with the file and the reason instead of crashing', async () => {
    const missing = path.resolve('/nonexistent/models/missing.gguf');
    const engine = await InferenceEngine.create({ modelPath: missing, gpu: false });
    assert.equal(engine.state.status, 'failed');
    assert.equal(engine.state.reason, `cannot load model ${missing}: file does not exist`);
    assert.equal(engine.modelInfo(), undefined);
    await assert.rejects(engine.chat({ tenantId: 't', history: ask('hi') }), (error: unknown) => {
      assert.ok(error instanceof InferenceNotReadyError);
      assert.match(error.message, /failed: cannot load model .*missing\.gguf: file does not exist/);
      return true;
    });
    await assert.rejects(engine.whenReady(), InferenceNotReadyError);
    await engine.dispose();
    const error = new ModelLoadError(missing, 'file does not exist');
    assert.equal(
      `${error.name}: ${error.message}`,
      `ModelLoadError: cannot load model ${missing}: file does not exist`,
    );
  });

  it('reports a file that is not a GGUF model', async () => {
    const engine = await InferenceEngine.create({ modelPath: __filename, gpu: false });
    assert.equal(engine.state.status, 'failed');
    assert.match(
      engine.state.reason ?? '',
      new RegExp(`^cannot load model ${__filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
    );
    await engine.dispose();
  });
});
