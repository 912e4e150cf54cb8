// gbd-fl-lookup: found, absent (процесс 4 refusal branch), malformed IIN, child linked to the applicant, and a down
// gateway as a technical failure — never a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmbeddedGuardianshipRegistry, EmbeddedPersonRegistry, EmbeddedPowerOfAttorneyRegistry, HttpPersonRegistry, personRegistryFrom,
} from '../../src/registry/index.js';
import { seedDemoPersons, type DemoRegistry } from '../../src/demo/registry-seed.js';
import { fromContext, handler, PERSON_REFUSAL } from '../../workers/gbd-fl-lookup.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { startGateway, type TestGateway } from '../registry/gateway-server.js';
import { aTask } from '../registry/task-factory.js';

let t: TestDb; let demo: DemoRegistry; let gateway: TestGateway;
beforeAll(async () => {
  t = await freshDb('sqlite');
  [demo] = (await seedDemoPersons(t.db, { tenants: ['semey'] })) as [DemoRegistry];
  gateway = await startGateway({ persons: new EmbeddedPersonRegistry(t.db), enis: new EmbeddedPowerOfAttorneyRegistry(t.db), guardianship: new EmbeddedGuardianshipRegistry(t.db) });
});
afterAll(async () => { await gateway?.close(); await t?.destroy(); });

describe('gbd-fl-lookup', () => {
  const logger = { info() {}, warn() {}, error() {} };

  it('finds the applicant in the embedded ГБД ФЛ', async () => {
    // Beside the store, the embedded registry is read directly (over HTTP: test/workers/workers-process.test.ts).
    const run = handler({ persons: personRegistryFrom({}, t.db) });
    const iin = demo.families[0]!.parent.iin;
    const out = await run(aTask({ variables: { applicantIin: iin } }));
    expect(out).toMatchObject({ kind: 'complete', variables: { personFound: true, person: { iin, lastName: 'Сейткали' }, personRefusal: null } });
  });

  it('an absent person takes the refusal branch with the act\'s message', async () => {
    const run = handler({ persons: new EmbeddedPersonRegistry(t.db) });
    expect(await run(aTask({ variables: { applicantIin: demo.unknownIin } }))).toEqual({
      kind: 'complete', variables: { personFound: false, personRefusal: PERSON_REFUSAL, person: null }, localVariables: undefined,
    });
  });

  it('a malformed IIN is refused with the reason, without asking the registry', async () => {
    const out = await handler({ persons: new HttpPersonRegistry({ baseUrl: 'http://127.0.0.1:1', retries: 0 }) })(aTask({ variables: { applicantIin: '12345678901X' } }));
    expect(out.kind).toBe('complete');
    expect((out as { variables: Record<string, unknown> }).variables.personFound).toBe(false);
    expect(String((out as { variables: Record<string, unknown> }).variables.personRefusal)).toMatch(/12 цифр/);
  });

  it('a child: found and linked to the applicant', async () => {
    const run = handler({ persons: new EmbeddedPersonRegistry(t.db) });
    const fam = demo.families[0]!;
    const out = await run(aTask({ properties: { subject: 'child' }, variables: { childIin: fam.children[0]!.iin, applicantIin: fam.parent.iin } }));
    expect(out).toMatchObject({ variables: { personFound: true, childLinked: true } });
    const other = await run(aTask({ properties: { subject: 'child' }, variables: { childIin: fam.children[0]!.iin, applicantIin: demo.families[1]!.parent.iin } }));
    expect(other).toMatchObject({ variables: { personFound: true, childLinked: false } });
  });

  it('a timeout or 5xx of the gateway is a failure for retries, not a refusal', async () => {
    const run = fromContext({ env: { REGLAMENT_GBD_FL_URL: gateway.url, REGLAMENT_GBD_FL_RETRIES: '0', REGLAMENT_GBD_FL_TIMEOUT_MS: '5000' }, engineRestUrl: 'http://x', logger });
    const impatient = fromContext({ env: { REGLAMENT_GBD_FL_URL: gateway.url, REGLAMENT_GBD_FL_RETRIES: '0', REGLAMENT_GBD_FL_TIMEOUT_MS: '50' }, engineRestUrl: 'http://x', logger });
    const iin = demo.families[0]!.parent.iin;
    expect(await run(aTask({ variables: { applicantIin: iin } }))).toMatchObject({ variables: { personFound: true } });
    Object.assign(gateway.behaviour, { failWith: 502, failTimes: 1 });
    const failed = await run(aTask({ variables: { applicantIin: iin } }));
    expect(failed).toMatchObject({ kind: 'failure', message: expect.stringContaining('502') });
    expect(JSON.stringify(failed)).not.toContain(iin);
    gateway.behaviour.delayMs = 500;
    expect(await impatient(aTask({ variables: { applicantIin: iin } }))).toMatchObject({ kind: 'failure', message: expect.stringContaining('in time') });
    gateway.behaviour.delayMs = 0;
  });

  it('a missing variable is an incident at once (modelling error)', async () => {
    expect(await handler({ persons: new EmbeddedPersonRegistry(t.db) })(aTask({ variables: {} }))).toMatchObject({ kind: 'failure', retries: 0, message: expect.stringContaining('applicantIin') });
  });
});
