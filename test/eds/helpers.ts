// Library handles for tests that build unusual signatures by hand (after the one-time eds setup).
export { xmldsig } from '../../src/eds/setup.js';
export * as xadesjs from 'xadesjs';
