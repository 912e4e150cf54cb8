// The embedded registries: ГБД ФЛ, ЕНИС and the guardianship register as tables of the project's store (demo and tests).
import type { Knex } from 'knex';
import type {
  GuardianshipRecord, GuardianshipRegistry, Person, PersonRegistry, PowerOfAttorney, PowerOfAttorneyRegistry,
} from './types.js';

interface PersonRow { iin: string; last_name: string; first_name: string; middle_name: string | null; birth_date: string; sex: string; address: string | null }

function toPerson(row: PersonRow): Person {
  return {
    iin: row.iin, lastName: row.last_name, firstName: row.first_name, middleName: row.middle_name,
    birthDate: row.birth_date, sex: row.sex === 'female' ? 'female' : 'male', address: row.address,
  };
}

export class EmbeddedPersonRegistry implements PersonRegistry {
  constructor(private readonly db: Knex) {}

  async findPerson(iin: string): Promise<Person | null> {
    const row = await this.db<PersonRow>('registry_person').where({ iin }).first();
    return row ? toPerson(row) : null;
  }

  async childrenOf(iin: string): Promise<Person[]> {
    const rows = await this.db<PersonRow>('registry_person as p')
      .join('registry_person_link as l', 'l.child_iin', 'p.iin')
      .where('l.parent_iin', iin)
      .orderBy('p.birth_date')
      .select('p.*');
    return rows.map(toPerson);
  }
}

export class EmbeddedPowerOfAttorneyRegistry implements PowerOfAttorneyRegistry {
  constructor(private readonly db: Knex) {}

  async findPowerOfAttorney(number: string): Promise<PowerOfAttorney | null> {
    const row = await this.db('registry_power_of_attorney').where({ number }).first();
    if (!row) return null;
    return {
      number: row.number, principalIin: row.principal_iin, representativeIin: row.representative_iin,
      issuedOn: row.issued_on, validUntil: row.valid_until, revoked: Boolean(row.revoked),
    };
  }
}

export class EmbeddedGuardianshipRegistry implements GuardianshipRegistry {
  constructor(private readonly db: Knex) {}

  async findByChild(childIin: string): Promise<GuardianshipRecord[]> {
    const rows = await this.db('registry_guardianship').where({ child_iin: childIin }).orderBy('id');
    return rows.map((row) => ({
      childIin: row.child_iin, guardianIin: row.guardian_iin,
      kind: row.kind === 'trusteeship' ? 'trusteeship' : 'guardianship',
      decisionNumber: row.decision_number, decisionDate: row.decision_date, active: Boolean(row.active),
    }));
  }
}
