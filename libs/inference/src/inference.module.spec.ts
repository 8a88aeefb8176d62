import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Test } from '@nestjs/testing';
import { ensureTestModel } from '@cria/testing';
import { InferenceEngine } from './engine';
import { InferenceModule } from './inference.module';
import { INFERENCE_OPTIONS, type InferenceModuleOptions } from './inference.options';

describe('InferenceModule', () => {
  it('provides one engine that loads after init without holding up boot, and stops on shutdown', async () => {
    const modelPath = await ensureTestModel({ shape: 'tiny', seed: 1 });
    const moduleRef = await Test.createTestingModule({
      imports: [
        InferenceModule.forRootAsync({
          useFactory: (): InferenceModuleOptions => ({ modelPath, gpu: false, threads: 1 }),
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const engine = app.get(InferenceEngine);
    assert.equal(app.get<InferenceModuleOptions>(INFERENCE_OPTIONS).modelPath, modelPath);
    assert.equal(engine.state.status, 'loading');
    await engine.whenReady();
    const result = await engine.chat({
      tenantId: 't-nest',
      history: [{ role: 'user', content: 'hi' }],
      maxTokens: 4,
    });
    assert.equal(result.tokensOut, 4);
    await app.close();
    assert.equal(engine.state.status, 'stopped');
  });

  it('reports a missing model as failed instead of failing boot', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [InferenceModule.forRoot({ modelPath: '/nonexistent/x.gguf', gpu: false })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const engine = app.get(InferenceEngine);
    await engine.start();
    assert.deepEqual(engine.state, {
      status: 'failed',
      reason: 'cannot load model /nonexistent/x.gguf: file does not exist',
    });
    await app.close();
  });
});
