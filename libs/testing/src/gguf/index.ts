export * from './byte-vocabulary';
export * from './ggml-encoding';
export * from './gguf-writer';
export * from './lora-generator';
export * from './model-generator';
export * from './model-shapes';
export * from './seeded-random';
export * from './test-models';
