// Synthetic demo data for the embedded registries: per akimat, parents with children, addresses, a power of attorney
// and a guardianship record. All IINs are generated with valid check digits; no real person is described.
import type { Knex } from 'knex';
import { iinCheckDigit } from '../iin/index.js';

export const DEMO_TENANTS: Record<string, { seed: string; city: string }> = {
  'zhambyl-sko': { seed: '000', city: 'СКО, Жамбылский район, с. Пресновка' },
  'aktobe-oblast': { seed: '001', city: 'г. Актобе' },
  'kyzylzhar': { seed: '002', city: 'СҚО, Қызылжар ауданы, Бесқөл ауылы' },
  'semey': { seed: '003', city: 'г. Семей' },
};

/** A synthetic IIN for a birth date and sex: serial chosen from `serialBase` upward until the check digit exists. */
export function syntheticIin(birthDate: string, sex: 'male' | 'female', serialBase: number): string {
  const [y, m, d] = birthDate.split('-');
  const year = Number(y);
  const century = year >= 2000 ? (sex === 'male' ? '5' : '6') : year >= 1900 ? (sex === 'male' ? '3' : '4') : (sex === 'male' ? '1' : '2');
  for (let serial = serialBase; serial < serialBase + 100; serial++) {
    const prefix = `${y!.slice(2)}${m}${d}${century}${String(serial % 10000).padStart(4, '0')}`;
    const check = iinCheckDigit(prefix);
    if (check !== null) return prefix + String(check);
  }
  throw new Error('no valid serial found');
}

interface DemoPerson { iin: string; last_name: string; first_name: string; middle_name: string | null; birth_date: string; sex: 'male' | 'female'; address: string; tenant_id: string }

export interface DemoRegistry {
  tenantId: string;
  /** parent → children, for the README's demo list */
  families: Array<{ parent: { iin: string; name: string }; children: Array<{ iin: string; name: string; birthDate: string }> }>;
  powerOfAttorney: { number: string; principalIin: string; representativeIin: string };
  guardianship: { childIin: string; guardianIin: string };
  /** an IIN with a valid check digit that ГБД ФЛ does not know (the refusal branch) */
  unknownIin: string;
}

const FAMILIES = [
  { last: 'Сейткали', parent: ['Айгерим', 'Нурлановна', 'female', '1990-04-12'], children: [['Алихан', 'male', '2021-03-05'], ['Амина', 'female', '2023-09-17']] },
  { last: 'Петренко', parent: ['Ольга', 'Викторовна', 'female', '1988-11-23'], children: [['Максим', 'male', '2020-07-30']] },
  { last: 'Жумабеков', parent: ['Ерлан', 'Маратович', 'male', '1985-02-08'], children: [['Айсулу', 'female', '2022-01-14']] },
] as const;

/**
 * Seeds the embedded ГБД ФЛ, ЕНИС and guardianship register for each tenant (default: the four akimats).
 * Idempotent: existing rows are kept. Dates are fixed so the same IINs appear on every machine.
 */
export async function seedDemoPersons(db: Knex, options: { tenants?: string[] } = {}): Promise<DemoRegistry[]> {
  const tenants = options.tenants ?? Object.keys(DEMO_TENANTS);
  const out: DemoRegistry[] = [];
  const now = Date.now();
  for (const tenantId of tenants) {
    const demo = DEMO_TENANTS[tenantId] ?? { seed: '999', city: 'г. Астана' };
    const base = Number(demo.seed) * 100 + 1;
    const persons: DemoPerson[] = [];
    const links: Array<{ parent_iin: string; child_iin: string }> = [];
    const families: DemoRegistry['families'] = [];
    let serial = base;
    FAMILIES.forEach((f, i) => {
      const [first, middle, sex, birth] = f.parent;
      const parentIin = syntheticIin(birth, sex, (serial += 7));
      const address = `${demo.city}, ул. Демонстрационная, д. ${i + 1}`;
      persons.push({ iin: parentIin, last_name: f.last, first_name: first, middle_name: middle, birth_date: birth, sex, address, tenant_id: tenantId });
      const kids: DemoRegistry['families'][number]['children'] = [];
      for (const [cFirst, cSex, cBirth] of f.children) {
        const childIin = syntheticIin(cBirth, cSex, (serial += 7));
        const cLast = cSex === 'female' && f.last === 'Жумабеков' ? 'Жумабекова' : f.last;
        persons.push({ iin: childIin, last_name: cLast, first_name: cFirst, middle_name: null, birth_date: cBirth, sex: cSex, address, tenant_id: tenantId });
        links.push({ parent_iin: parentIin, child_iin: childIin });
        kids.push({ iin: childIin, name: `${cLast} ${cFirst}`, birthDate: cBirth });
      }
      families.push({ parent: { iin: parentIin, name: `${f.last} ${first} ${middle}` }, children: kids });
    });
    // A representative for the ЦОН route (доверенность) and a ward under guardianship.
    const representativeIin = syntheticIin('1979-06-01', 'male', (serial += 7));
    persons.push({ iin: representativeIin, last_name: 'Ахметов', first_name: 'Данияр', middle_name: 'Серикович', birth_date: '1979-06-01', sex: 'male', address: `${demo.city}, ул. Демонстрационная, д. 9`, tenant_id: tenantId });
    const wardIin = syntheticIin('2016-05-20', 'female', (serial += 7));
    const guardianIin = families[1]!.parent.iin;
    persons.push({ iin: wardIin, last_name: 'Ким', first_name: 'Дана', middle_name: null, birth_date: '2016-05-20', sex: 'female', address: `${demo.city}, ул. Демонстрационная, д. 2`, tenant_id: tenantId });
    const unknownIin = syntheticIin('1995-12-31', 'male', 9000 + Number(demo.seed) * 10);

    await db('registry_person').insert(persons.map((p) => ({ ...p, created_at: now }))).onConflict('iin').ignore();
    await db('registry_person_link').insert(links).onConflict(['parent_iin', 'child_iin']).ignore();
    const poaNumber = `ДВ-${demo.seed}-0001`;
    const principalIin = families[0]!.parent.iin;
    await db('registry_power_of_attorney').insert({
      number: poaNumber, principal_iin: principalIin, representative_iin: representativeIin,
      issued_on: '2025-01-15', valid_until: '2028-01-14', revoked: false,
    }).onConflict('number').ignore();
    const hasWard = await db('registry_guardianship').where({ child_iin: wardIin }).first();
    if (!hasWard) {
      await db('registry_guardianship').insert({ child_iin: wardIin, guardian_iin: guardianIin, kind: 'guardianship', decision_number: `ОП-${demo.seed}-17`, decision_date: '2024-03-11', active: true });
    }
    out.push({ tenantId, families, powerOfAttorney: { number: poaNumber, principalIin, representativeIin }, guardianship: { childIin: wardIin, guardianIin }, unknownIin });
  }
  return out;
}
