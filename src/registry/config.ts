// Picks the registry implementations from configuration: an HTTP gateway when its URL is set, the embedded tables otherwise.
import type { Knex } from 'knex';
import { EmbeddedGuardianshipRegistry, EmbeddedPersonRegistry, EmbeddedPowerOfAttorneyRegistry } from './embedded.js';
import type { GatewayConfig } from './http-client.js';
import { HttpGuardianshipRegistry, HttpPersonRegistry, HttpPowerOfAttorneyRegistry } from './http-registries.js';
import type { GuardianshipRegistry, PersonRegistry, PowerOfAttorneyRegistry } from './types.js';

type Env = Record<string, string | undefined>;

/** REGLAMENT_<NAME>_URL, _TOKEN or _USER/_PASSWORD, _TIMEOUT_MS, _RETRIES; null when no URL is set. */
export function gatewayConfig(env: Env, name: 'GBD_FL' | 'ENIS' | 'GUARDIANSHIP'): GatewayConfig | null {
  const baseUrl = env[`REGLAMENT_${name}_URL`];
  if (!baseUrl) return null;
  const token = env[`REGLAMENT_${name}_TOKEN`];
  const username = env[`REGLAMENT_${name}_USER`];
  const password = env[`REGLAMENT_${name}_PASSWORD`];
  const number = (v: string | undefined) => (v && /^[0-9]+$/.test(v) ? Number(v) : undefined);
  return {
    baseUrl,
    timeoutMs: number(env[`REGLAMENT_${name}_TIMEOUT_MS`]),
    retries: number(env[`REGLAMENT_${name}_RETRIES`]),
    auth: token ? { token } : username && password ? { username, password } : undefined,
  };
}

function missingDb(what: string): never {
  throw new Error(`Couldn't build the ${what} registry: set REGLAMENT_${what}_URL or run beside the store (embedded registry)`);
}

export function personRegistryFrom(env: Env, db?: Knex): PersonRegistry {
  const config = gatewayConfig(env, 'GBD_FL');
  if (config) return new HttpPersonRegistry(config);
  return db ? new EmbeddedPersonRegistry(db) : missingDb('GBD_FL');
}

export function powerOfAttorneyRegistryFrom(env: Env, db?: Knex): PowerOfAttorneyRegistry {
  const config = gatewayConfig(env, 'ENIS');
  if (config) return new HttpPowerOfAttorneyRegistry(config);
  return db ? new EmbeddedPowerOfAttorneyRegistry(db) : missingDb('ENIS');
}

export function guardianshipRegistryFrom(env: Env, db?: Knex): GuardianshipRegistry {
  const config = gatewayConfig(env, 'GUARDIANSHIP');
  if (config) return new HttpGuardianshipRegistry(config);
  return db ? new EmbeddedGuardianshipRegistry(db) : missingDb('GUARDIANSHIP');
}
