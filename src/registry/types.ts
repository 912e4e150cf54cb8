// The registry interfaces the workers depend on: ГБД ФЛ (persons), ЕНИС (powers of attorney), the guardianship register.
// «Not found» is an answer (null / empty list); an unreachable registry is RegistryUnavailableError, never «not found».

export interface Person {
  iin: string;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  address?: string | null;
}

export interface PersonRegistry {
  /** The person, or null when ГБД ФЛ has no record of this IIN. */
  findPerson(iin: string): Promise<Person | null>;
  /** The children registered to this parent; empty when none or when the parent is unknown. */
  childrenOf(iin: string): Promise<Person[]>;
}

export interface PowerOfAttorney {
  number: string;
  principalIin: string;
  representativeIin: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  /** YYYY-MM-DD, inclusive */
  validUntil: string;
  revoked: boolean;
}

export interface PowerOfAttorneyRegistry {
  /** The notarised power of attorney registered in ЕНИС under this number, or null. */
  findPowerOfAttorney(number: string): Promise<PowerOfAttorney | null>;
}

export interface GuardianshipRecord {
  childIin: string;
  guardianIin: string;
  kind: 'guardianship' | 'trusteeship';
  decisionNumber: string;
  /** YYYY-MM-DD */
  decisionDate: string;
  active: boolean;
}

export interface GuardianshipRegistry {
  /** Records of the Электронный реестр по опеке и попечительству for this child; empty when none. */
  findByChild(childIin: string): Promise<GuardianshipRecord[]>;
}

/**
 * A technical failure talking to a registry (timeout, connection refused, 5xx, unexpected answer).
 * Workers turn it into a failure with retries and then an incident; it is never a refusal.
 */
export class RegistryUnavailableError extends Error {
  constructor(readonly registry: string, message: string, readonly status?: number) {
    super(`Couldn't query ${registry}: ${message}`);
    this.name = 'RegistryUnavailableError';
  }
}
