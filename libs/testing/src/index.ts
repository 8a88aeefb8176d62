export * from './gguf';
export * from './test-database';
export * from './fake-graph';
export * from './instant-chat';
