import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import { ensureTestModel } from '@cria/testing';
import { InferenceEngine } from '../engine';
import type { ChatRequest, ToolDefinition } from '../inference.types';
import { ToolExecutor } from './tool-executor';

// Engine logs (model ready, expected load failures) would only clutter the test report.
Logger.overrideLogger(false);

interface Received {
  method: string;
  url: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

describe('tool calls', () => {
  let engine: InferenceEngine;
  let server: http.Server;
  let base: string;
  const received: Received[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
        if (req.url?.startsWith('/slow')) {
          setTimeout(() => res.end('{}'), 2000).unref();
          return;
        }
        if (req.url?.startsWith('/broken')) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
          return;
        }
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ temperatureC: 21, sky: 'clear' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const modelPath = await ensureTestModel({ shape: 'tiny', seed: 1 });
    engine = await InferenceEngine.create({
      modelPath,
      gpu: false,
      threads: 1,
      lanes: 1,
      sequences: 1,
      contextSize: 2048,
      tools: { allowPrivateToolHosts: true, maxToolCallsPerReply: 3 },
    });
  });

  after(async () => {
    await engine.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
  });

  const weather = (overrides: Partial<ToolDefinition> = {}): ToolDefinition => ({
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', maxLength: 12 } },
      required: ['city'],
    },
    http: { url: `${base}/weather`, method: 'GET', timeoutMs: 2000 },
    allowHosts: ['127.0.0.1'],
    ...overrides,
  });

  const ask = (tools: ToolDefinition[], extra: Partial<ChatRequest> = {}): ChatRequest => ({
    tenantId: 'tenant-tools',
    system: 'Use the tools to answer.',
    history: [{ role: 'user', content: 'What is the weather in Porto?' }],
    tools,
    toolChoice: 'required',
    maxToolCalls: 1,
    maxTokens: 48,
    ...extra,
  });

  it('calls the tool over HTTP, feeds the result back and records the call', async () => {
    const result = await engine.chat(ask([weather()]));
    assert.equal(result.toolCalls.length, 1);
    const [call] = result.toolCalls;
    assert.equal(call.name, 'get_weather');
    assert.equal(call.status, 'ok');
    assert.equal(call.httpStatus, 200);
    assert.ok(call.durationMs >= 0);
    const args = call.args as { city: string };
    assert.equal(typeof args.city, 'string');
    assert.equal(received.length, 1);
    const url = new URL(received[0].url, base);
    assert.equal(url.pathname, '/weather');
    assert.equal(url.searchParams.get('city'), args.city);
    assert.ok(result.tokensOut > 0);
    assert.ok(result.tokensIn > 0);
  });

  it('sends POST arguments as JSON with the configured headers', async () => {
    const tool = weather({
      http: { url: `${base}/weather`, method: 'POST', headers: { 'x-api-key': 'secret' } },
    });
    const result = await engine.chat(ask([tool]));
    assert.equal(result.toolCalls[0].status, 'ok');
    assert.equal(received[0].method, 'POST');
    assert.equal(received[0].headers['x-api-key'], 'secret');
    assert.deepEqual(JSON.parse(received[0].body), result.toolCalls[0].args);
  });

  it('bounds the calls of one reply', async () => {
    const result = await engine.chat(ask([weather()], { maxToolCalls: undefined, maxTokens: 200 }));
    assert.equal(result.toolCalls.length, 3);
    assert.equal(received.length, 3);
  });

  it('refuses a host that is not allow-listed without calling it', async () => {
    const result = await engine.chat(ask([weather({ allowHosts: ['api.example.com'] })]));
    assert.equal(result.toolCalls[0].status, 'refused');
    assert.match(result.toolCalls[0].error ?? '', /not in the tool's allow-list/);
    assert.equal(received.length, 0);
  });

  it('records timeouts and HTTP errors', async () => {
    const slow = await engine.chat(
      ask([weather({ http: { url: `${base}/slow`, method: 'GET', timeoutMs: 100 } })]),
    );
    assert.equal(slow.toolCalls[0].status, 'timeout');
    assert.ok(slow.toolCalls[0].durationMs < 1500);
    const broken = await engine.chat(ask([weather({ http: { url: `${base}/broken`, method: 'GET' } })]));
    assert.equal(broken.toolCalls[0].status, 'http_error');
    assert.equal(broken.toolCalls[0].httpStatus, 500);
  });

  it('refuses private addresses unless the operator allows them', async () => {
    const guarded = new ToolExecutor({
      allowPrivateHosts: false,
      defaultTimeoutMs: 1000,
      maxResponseBytes: 1024,
    });
    try {
      const signal = new AbortController().signal;
      for (const url of [`${base}/weather`, base.replace('127.0.0.1', 'localhost') + '/weather']) {
        const outcome = await guarded.execute(
          weather({ http: { url }, allowHosts: ['127.0.0.1', 'localhost'] }),
          { city: 'Porto' },
          signal,
        );
        assert.equal(outcome.record.status, 'refused', url);
        assert.match(outcome.record.error ?? '', /private address/);
      }
      assert.equal(received.length, 0);
    } finally {
      await guarded.close();
    }
  });
});
