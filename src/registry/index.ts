// The registry surface: state registries (interfaces, embedded and HTTP), requests and numbers, queues, overdue steps (the demo's synthetic persons: src/demo/registry-seed.ts).
export * from './types.js';
export * from './embedded.js';
export * from './http-client.js';
export * from './http-registries.js';
export * from './config.js';
export * from './statuses.js';
export * from './request-number.js';
export * from './requests.js';
export * from './queues.js';
export * from './overdue.js';
export { nextValue } from './sequence.js';
