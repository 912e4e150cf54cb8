// The registry surface: state registries (interfaces, embedded and HTTP), requests and numbers, queues, overdue steps, demo seed.
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
export * from './seed.js';
export { nextValue } from './sequence.js';
