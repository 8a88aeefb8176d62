export * from './assistant-config';
