// guardianship-register-lookup: record found for the guardian, «запись не найдена …» otherwise, register down = failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedGuardianshipRegistry, HttpGuardianshipRegistry } from '../../src/registry/index.js';
import { seedDemoPersons, type DemoRegistry } from '../../src/demo/registry-seed.js';
import { handler, NOT_FOUND } from '../../workers/guardianship-register-lookup.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { aTask } from '../registry/task-factory.js';

let t: TestDb; let demo: DemoRegistry;
beforeAll(async () => { t = await freshDb('sqlite'); [demo] = (await seedDemoPersons(t.db, { tenants: ['semey'] })) as [DemoRegistry]; });
afterAll(async () => { await t?.destroy(); });

describe('guardianship-register-lookup', () => {
  const run = () => handler({ register: new EmbeddedGuardianshipRegistry(t.db) });
  it('finds the record naming the applicant as guardian', async () => {
    const out = await run()(aTask({ variables: { childIin: demo.guardianship.childIin, applicantIin: demo.guardianship.guardianIin } }));
    expect(out).toMatchObject({ variables: { guardianshipRecordFound: true, guardianshipKind: 'guardianship', guardianshipDecision: { number: 'ОП-003-17' } } });
  });
  it('refuses with the act\'s text when the child has no record, or the applicant is not the guardian', async () => {
    for (const variables of [{ childIin: demo.families[0]!.children[0]!.iin }, { childIin: demo.guardianship.childIin, applicantIin: demo.families[2]!.parent.iin }]) {
      expect(await run()(aTask({ variables }))).toMatchObject({ variables: { guardianshipRecordFound: false, guardianshipRefusal: NOT_FOUND } });
    }
  });
  it('words the refusal as the bundle\'s task says: each act has its own text', async () => {
    const out = await run()(aTask({ variables: { childIin: demo.families[0]!.children[0]!.iin }, properties: { refusalReason: 'сведения в реестре отсутствуют' } }));
    expect(out).toMatchObject({ variables: { guardianshipRecordFound: false, guardianshipRefusal: 'сведения в реестре отсутствуют' } });
  });
  it('an inactive record does not count', async () => {
    await t.db('registry_guardianship').update({ active: false });
    expect(await run()(aTask({ variables: { childIin: demo.guardianship.childIin } }))).toMatchObject({ variables: { guardianshipRecordFound: false } });
    await t.db('registry_guardianship').update({ active: true });
  });
  it('an unreachable register is a failure, a missing child IIN an incident', async () => {
    const down = handler({ register: new HttpGuardianshipRegistry({ baseUrl: 'http://127.0.0.1:1', retries: 0 }) });
    expect(await down(aTask({ variables: { childIin: demo.guardianship.childIin } }))).toMatchObject({ kind: 'failure' });
    expect(await run()(aTask({ variables: {} }))).toMatchObject({ kind: 'failure', retries: 0 });
  });
});
