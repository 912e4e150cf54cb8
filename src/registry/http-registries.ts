// HTTP clients for real registry gateways (ГБД ФЛ, ЕНИС, guardianship register) over the gateway API of docs/workers.md.
import { GatewayClient, type GatewayConfig } from './http-client.js';
import {
  RegistryUnavailableError, type GuardianshipRecord, type GuardianshipRegistry, type Person, type PersonRegistry,
  type PowerOfAttorney, type PowerOfAttorneyRegistry,
} from './types.js';

const IIN = /^[0-9]{12}$/;

function requireShape<T>(registry: string, value: unknown, ok: (v: Record<string, unknown>) => boolean): T {
  if (!value || typeof value !== 'object' || !ok(value as Record<string, unknown>)) {
    throw new RegistryUnavailableError(registry, 'the gateway answered with an unexpected document');
  }
  return value as T;
}

const isPerson = (v: Record<string, unknown>) =>
  typeof v.iin === 'string' && IIN.test(v.iin) && typeof v.lastName === 'string' && typeof v.firstName === 'string' && typeof v.birthDate === 'string';

export class HttpPersonRegistry implements PersonRegistry {
  private readonly client: GatewayClient;
  constructor(config: GatewayConfig) { this.client = new GatewayClient('ГБД ФЛ', config); }

  async findPerson(iin: string): Promise<Person | null> {
    const body = await this.client.get<unknown>(`/persons/${encodeURIComponent(iin)}`);
    return body === null ? null : requireShape<Person>('ГБД ФЛ', body, isPerson);
  }

  async childrenOf(iin: string): Promise<Person[]> {
    const body = await this.client.get<unknown>(`/persons/${encodeURIComponent(iin)}/children`);
    if (body === null) return [];
    if (!Array.isArray(body)) throw new RegistryUnavailableError('ГБД ФЛ', 'the gateway answered with an unexpected document');
    return body.map((p) => requireShape<Person>('ГБД ФЛ', p, isPerson));
  }
}

export class HttpPowerOfAttorneyRegistry implements PowerOfAttorneyRegistry {
  private readonly client: GatewayClient;
  constructor(config: GatewayConfig) { this.client = new GatewayClient('ЕНИС', config); }

  async findPowerOfAttorney(number: string): Promise<PowerOfAttorney | null> {
    const body = await this.client.get<unknown>(`/powers-of-attorney/${encodeURIComponent(number)}`);
    if (body === null) return null;
    return requireShape<PowerOfAttorney>('ЕНИС', body, (v) =>
      typeof v.number === 'string' && typeof v.principalIin === 'string' && typeof v.representativeIin === 'string'
      && typeof v.validUntil === 'string' && typeof v.revoked === 'boolean');
  }
}

export class HttpGuardianshipRegistry implements GuardianshipRegistry {
  private readonly client: GatewayClient;
  constructor(config: GatewayConfig) { this.client = new GatewayClient('реестр по опеке', config); }

  async findByChild(childIin: string): Promise<GuardianshipRecord[]> {
    const body = await this.client.get<unknown>(`/guardianship?childIin=${encodeURIComponent(childIin)}`);
    if (body === null) return [];
    if (!Array.isArray(body)) throw new RegistryUnavailableError('реестр по опеке', 'the gateway answered with an unexpected document');
    return body.map((r) => requireShape<GuardianshipRecord>('реестр по опеке', r, (v) =>
      typeof v.childIin === 'string' && typeof v.guardianIin === 'string' && typeof v.active === 'boolean'));
  }
}
