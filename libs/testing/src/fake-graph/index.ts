export * from './fake-graph-api';
export type { Answer, PhoneNumberInfo } from './fake-graph-answers';
export { metaErrorBody, type MetaErrorSpec } from './meta-errors';
export * from './meta-json';
export * from './whatsapp-payloads';
export * from './messaging-payloads';
