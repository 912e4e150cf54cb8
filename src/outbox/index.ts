// The outbox surface: enqueue with the state change, manage subscriptions, run the dispatcher, verify signatures.
export * from './events.js';
export * from './signature.js';
export * from './subscriptions.js';
export * from './dispatcher.js';
