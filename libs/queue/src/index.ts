export * from './queue-names';
export * from './job-payloads';
export * from './redis';
export * from './queue.module';
export * from './worker-status';
export * from './enqueue';
export * from './inbox-events';
export * from './playground-stream';
