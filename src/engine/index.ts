// The engine's public surface: the Host contract (api.ts) and its factory createHost (host.ts).
export * from './api.js';
export { createHost } from './host.js';
