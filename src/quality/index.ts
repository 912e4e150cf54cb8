// The quality surface: the анкета and the indicators computed from history.
export * from './questionnaire.js';
export * from './indicators.js';
