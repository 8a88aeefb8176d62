import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildByteVocabulary, byteToUnicode, SPECIAL_TOKENS } from './byte-vocabulary';
import { encodeTensor, GgmlTensorType, toHalfBits } from './ggml-encoding';
import { writeGgufFile } from './gguf-writer';
import { MODEL_SHAPES } from './model-shapes';
import { ensureTestLora, ensureTestModel } from './test-models';

const loadLlama = () => import('node-llama-cpp');

describe('ggml encodings', () => {
  it('converts to IEEE half precision', () => {
    assert.equal(toHalfBits(1), 0x3c00);
    assert.equal(toHalfBits(-2), 0xc000);
    assert.equal(toHalfBits(0.1), 0x2e66);
    assert.equal(toHalfBits(65504), 0x7bff);
    assert.equal(toHalfBits(1e6), 0x7c00);
    assert.equal(toHalfBits(Infinity), 0x7c00);
    assert.equal(toHalfBits(5.960464477539063e-8), 0x0001);
    assert.equal(toHalfBits(1e-9), 0);
  });

  it('writes Q8_0 blocks of an f16 scale and 32 signed bytes', () => {
    const values = Float32Array.from({ length: 64 }, (_, i) => (i < 32 ? (i - 16) / 16 : 0));
    const bytes = encodeTensor(GgmlTensorType.Q8_0, values);
    assert.equal(bytes.length, 68);
    assert.equal(bytes.readUInt16LE(0), toHalfBits(1 / 127));
    assert.equal(bytes.readInt8(2), -127);
    assert.equal(bytes.readInt8(2 + 16), 0);
    assert.equal(bytes.readInt8(2 + 31), Math.round((15 / 16) * 127));
    assert.equal(bytes.readUInt16LE(34), 0);
    assert.throws(() => encodeTensor(GgmlTensorType.Q8_0, new Float32Array(33)), /multiple of 32/);
  });
});

describe('byte vocabulary', () => {
  it('has the 256 bytes, then the specials', () => {
    const vocabulary = buildByteVocabulary(260);
    assert.equal(vocabulary.tokens.length, 260);
    assert.equal(vocabulary.tokens[0x41], 'A');
    assert.equal(vocabulary.tokens[0x20], byteToUnicode()[0x20]);
    assert.deepEqual(vocabulary.tokens.slice(256), [...SPECIAL_TOKENS]);
    assert.equal(vocabulary.merges.length, 0);
  });

  it('fills a real vocabulary size with merges of existing tokens', () => {
    const vocabulary = buildByteVocabulary(MODEL_SHAPES['smollm2-135m'].vocabularySize);
    assert.equal(vocabulary.tokens.length, 49152);
    const seen = new Set(vocabulary.tokens.slice(0, 256));
    for (const merge of vocabulary.merges.slice(0, 2000)) {
      const [left, right] = merge.split(' ');
      assert.ok(seen.has(left) && seen.has(right), merge);
      seen.add(left + right);
    }
    assert.equal(new Set(vocabulary.tokens).size, vocabulary.tokens.length);
  });
});

describe('GGUF files', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cria-gguf-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips metadata and tensor infos through node-llama-cpp’s reader', async () => {
    const file = path.join(dir, 'roundtrip.gguf');
    await writeGgufFile(
      file,
      [
        ['general.architecture', { type: 'string', value: 'llama' }],
        ['test.count', { type: 'u32', value: 7 }],
        ['test.ratio', { type: 'f32', value: 0.5 }],
        ['test.flag', { type: 'bool', value: true }],
        ['test.words', { type: 'string[]', value: ['a', 'ü'] }],
      ],
      [
        {
          name: 'a',
          shape: [3],
          type: GgmlTensorType.F32,
          data: () => encodeTensor(GgmlTensorType.F32, new Float32Array(3)),
        },
        {
          name: 'b',
          shape: [32, 2],
          type: GgmlTensorType.Q8_0,
          data: () => encodeTensor(GgmlTensorType.Q8_0, new Float32Array(64)),
        },
      ],
    );
    const { readGgufFileInfo } = await loadLlama();
    const info = await readGgufFileInfo(file, { logWarnings: false });
    const metadata = info.metadata as unknown as { test: Record<string, unknown> };
    assert.equal(info.version, 3);
    assert.deepEqual(metadata.test, { count: 7, ratio: 0.5, flag: true, words: ['a', 'ü'] });
    assert.deepEqual(
      info.tensorInfo?.map((tensor) => [
        tensor.name,
        tensor.dimensions.map(Number),
        tensor.ggmlType,
        Number(tensor.offset),
      ]),
      [
        ['a', [3], 0, 0],
        ['b', [32, 2], 8, 32],
      ],
    );
  });

  it('caches generated models by content hash', async () => {
    const started = Date.now();
    const first = await ensureTestModel({ cacheDir: dir, shape: 'tiny', seed: 3 });
    assert.ok(Date.now() - started < 3000, 'a tiny model generates in well under a few seconds');
    const { mtimeMs } = await stat(first);
    const again = await ensureTestModel({ cacheDir: dir, shape: 'tiny', seed: 3 });
    assert.equal(again, first);
    assert.equal((await stat(again)).mtimeMs, mtimeMs);
    assert.notEqual(await ensureTestModel({ cacheDir: dir, shape: 'tiny', seed: 4 }), first);
    assert.match(path.basename(first), /^cria-tiny-f32-s3-[0-9a-f]{12}\.gguf$/);
  });

  it('generates models that load, tokenise bytes, chat with the ChatML template and generate the same text twice', async () => {
    const { getLlama, LlamaChat, resolveChatWrapper } = await loadLlama();
    const llama = await getLlama({ gpu: false, build: 'never', maxThreads: 1 });
    try {
      const texts: string[] = [];
      for (const weightType of ['f32', 'f16', 'q8_0'] as const) {
        const model = await llama.loadModel({
          modelPath: await ensureTestModel({ cacheDir: dir, shape: 'tiny', seed: 5, weightType }),
        });
        assert.deepEqual(model.tokenize('Hi!'), [0x48, 0x69, 0x21]);
        assert.deepEqual(model.tokenize('<|im_start|>', true), [258]);
        assert.equal(resolveChatWrapper(model).wrapperName, 'ChatML');
        const context = await model.createContext({ contextSize: 256 });
        const history = [
          { type: 'user' as const, text: 'Hello' },
          { type: 'model' as const, response: [] },
        ];
        for (let run = 0; run < 2; run++) {
          const chat = new LlamaChat({ contextSequence: context.getSequence() });
          const { response } = await chat.generateResponse(history, { maxTokens: 10 });
          assert.match(
            response,
            /^[\x20-\x7e\n]{5,}$/,
            `printable ASCII from ${weightType}: ${JSON.stringify(response)}`,
          );
          texts.push(`${weightType}:${response}`);
          chat.dispose({ disposeSequence: true });
        }
        await context.dispose();
        await model.dispose();
      }
      for (let i = 0; i < texts.length; i += 2) assert.equal(texts[i], texts[i + 1]);
    } finally {
      await llama.dispose();
    }
  });

  it('generates a LoRA adapter of the right shapes', async () => {
    const file = await ensureTestLora({ cacheDir: dir, shape: 'tiny', seed: 9, rank: 2 });
    const { readGgufFileInfo } = await loadLlama();
    const info = await readGgufFileInfo(file, { logWarnings: false });
    const metadata = info.metadata as unknown as {
      general: { type: string };
      adapter: { type: string; lora: { alpha: number } };
    };
    assert.equal(metadata.general.type, 'adapter');
    assert.equal(metadata.adapter.type, 'lora');
    assert.equal(metadata.adapter.lora.alpha, 2);
    const shapes = new Map(info.tensorInfo?.map((tensor) => [tensor.name, tensor.dimensions.map(Number)]));
    assert.deepEqual(shapes.get('blk.0.attn_q.weight.lora_a'), [64, 2]);
    assert.deepEqual(shapes.get('blk.0.attn_q.weight.lora_b'), [2, 64]);
    assert.deepEqual(shapes.get('blk.1.ffn_down.weight.lora_a'), [128, 2]);
  });
});
