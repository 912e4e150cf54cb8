// enis-power-of-attorney: valid, absent, another representative, revoked, expired, not notarised (ЕНИС not asked), gateway down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPowerOfAttorneyRegistry, HttpPowerOfAttorneyRegistry } from '../../src/registry/index.js';
import { seedDemoPersons, type DemoRegistry } from '../../src/demo/registry-seed.js';
import { handler, NOT_FOUND } from '../../workers/enis-power-of-attorney.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { aTask } from '../registry/task-factory.js';

let t: TestDb; let demo: DemoRegistry;
beforeAll(async () => { t = await freshDb('sqlite'); [demo] = (await seedDemoPersons(t.db, { tenants: ['semey'] })) as [DemoRegistry]; });
afterAll(async () => { await t?.destroy(); });

describe('enis-power-of-attorney', () => {
  const today = () => new Date('2026-06-01T06:00:00Z');
  const vars = () => ({ powerOfAttorneyNumber: demo.powerOfAttorney.number, representativeIin: demo.powerOfAttorney.representativeIin, applicantIin: demo.powerOfAttorney.principalIin });
  const out = async (variables: Record<string, unknown>, now = today) =>
    ((await handler({ enis: new EmbeddedPowerOfAttorneyRegistry(t.db), today: now })(aTask({ variables }))) as { variables: Record<string, unknown> }).variables;

  it('accepts the registered power of attorney', async () => {
    expect(await out(vars())).toEqual({ powerOfAttorneyValid: true, powerOfAttorneyChecked: true, powerOfAttorneyRefusal: null });
  });
  it('refuses an unknown number with the act\'s message', async () => {
    expect(await out({ ...vars(), powerOfAttorneyNumber: 'ДВ-000-9999' })).toMatchObject({ powerOfAttorneyValid: false, powerOfAttorneyRefusal: NOT_FOUND });
  });
  it('refuses another representative', async () => {
    expect((await out({ ...vars(), representativeIin: demo.families[2]!.parent.iin })).powerOfAttorneyRefusal).toMatch(/другому лицу/);
  });
  it('refuses an expired or revoked one', async () => {
    expect((await out(vars(), () => new Date('2029-01-01T00:00:00Z'))).powerOfAttorneyRefusal).toMatch(/Срок действия/);
    await t.db('registry_power_of_attorney').where({ number: demo.powerOfAttorney.number }).update({ revoked: true });
    expect((await out(vars())).powerOfAttorneyRefusal).toMatch(/отменена/);
    await t.db('registry_power_of_attorney').where({ number: demo.powerOfAttorney.number }).update({ revoked: false });
  });
  it('a power of attorney that is not notarised is not looked up', async () => {
    const run = handler({ enis: new HttpPowerOfAttorneyRegistry({ baseUrl: 'http://127.0.0.1:1', retries: 0 }) });
    expect(await run(aTask({ variables: { powerOfAttorneyNumber: '' } }))).toMatchObject({ variables: { powerOfAttorneyValid: true, powerOfAttorneyChecked: false } });
  });
  it('an unreachable ЕНИС is a failure for retries', async () => {
    const run = handler({ enis: new HttpPowerOfAttorneyRegistry({ baseUrl: 'http://127.0.0.1:1', retries: 0 }) });
    expect(await run(aTask({ variables: vars() }))).toMatchObject({ kind: 'failure', message: expect.stringContaining('ЕНИС') });
  });
  it('a malformed IIN is refused with its reason', async () => {
    expect((await out({ ...vars(), representativeIin: '1' })).powerOfAttorneyRefusal).toMatch(/ИИН представителя/);
  });
});
