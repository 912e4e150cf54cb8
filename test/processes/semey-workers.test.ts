// The Semey routes on the durable host with the real workers of workers/ and their embedded adapters (demo ГБД ФЛ,
// ЕНИС and guardianship register, request numbers, queues, statuses, documents; the ЭЦП check against the test PKI).
// One stand-in: the session service the authorize worker asks (tickets redeemed through the host, a token map).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeServicesFromEnv } from '../../src/worker-api/store.js';
import { createHost, type Access, type Host, type VariableMap } from '../../src/engine/index.js';
import { fromPlain, toPlainMap } from '../../src/engine/variables.js';
import { seedDemoPersons, type DemoRegistry } from '../../src/demo/registry-seed.js';
import { TEST_IIN } from '../../src/eds/pki.js';
import { handler as authorizeHandler, type SessionInfo } from '../../workers/authorize.js';
import { handler as edsHandler } from '../../workers/eds-verify-signature.js';
import { requestXml, signWith, testPki, testVerifier } from '../factories/pki.js';
import { discoverWorkers } from '../../workers/discover.js';
import type { Outcome, TaskInput } from '../../workers/types.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { applySeedTenant } from '../support/seed-tenant.js';
import { root, routesOf, SEMEY, type Route } from './semey-bundles.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const IN_FORCE = new Date('2013-03-01T04:00:00Z');
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** Sessions the authorize worker accepts: one per channel's group, all in the Semey tenant. */
const SESSIONS: Record<string, SessionInfo> = {
  'token-applicant': { userId: 'applicant-1', kind: 'applicant', groups: ['applicant'], tenants: ['semey'] },
  'token-specialist': { userId: 'specialist-1', kind: 'staff', groups: ['provider-specialist'], tenants: ['semey'] },
  'token-operator': { userId: 'operator-1', kind: 'staff', groups: ['con-operator'], tenants: ['semey'] },
};
const ACTOR: Record<Route, { user: string; token: string }> = {
  portal: { user: 'applicant-1', token: 'token-applicant' },
  provider: { user: 'specialist-1', token: 'token-specialist' },
  con: { user: 'operator-1', token: 'token-operator' },
};

function typed(values: Record<string, unknown>): VariableMap {
  const out: VariableMap = {};
  for (const [name, value] of Object.entries(values)) if (value !== undefined) out[name] = fromPlain(name, value);
  return out;
}

describe('Semey routes with the real workers', () => {
  let tdb: TestDb;
  let host: Host;
  let demo: DemoRegistry;
  const handlers = new Map<string, (task: TaskInput) => Promise<Outcome>>();
  let signed: (which: 'valid' | 'revoked' | 'expired') => Promise<string>;

  beforeAll(async () => {
    tdb = await freshDb('sqlite');
    await applySeedTenant(tdb.db, 'semey');
    host = await createHost({ db: tdb.db, clock: () => IN_FORCE });
    [demo] = await seedDemoPersons(tdb.db, { tenants: ['semey'] });
    const ctx = { env: {}, services: storeServicesFromEnv(tdb.db, { REGLAMENT_DEMO_PKI_DIR: mkdtempSync(join(tmpdir(), 'semey-pki-')) }), engineRestUrl: 'http://127.0.0.1:0/engine-rest', logger: silent };
    for (const worker of await discoverWorkers()) {
      if (worker.topic === 'authorize' || worker.topic === 'eds-verify-signature') continue;
      handlers.set(worker.topic, worker.fromContext(ctx));
    }
    // The process holds a ticket, never the token: redeem it through the host, as the server's redeem route does.
    const byHash = new Map(Object.entries(SESSIONS).map(([token, info]) => [createHash('sha256').update(token).digest('hex'), info]));
    handlers.set('authorize', authorizeHandler({ sessions: { check: async (ticket, use) => {
      const hash = await host.redeemCredentialTicket(ticket, { instanceId: use.processInstanceId, externalTaskId: use.externalTaskId }, admin);
      return (hash ? byHash.get(hash) : undefined) ?? null;
    } } }));
    const pki = await testPki();
    handlers.set('eds-verify-signature', edsHandler({ verifier: await testVerifier(pki) }));
    signed = async (which) => signWith(pki, which, requestXml(TEST_IIN));
    // The test PKI's applicant is also a guardian of the demo ward, so S6 runs on ПЭП with a real signature.
    await tdb.db('registry_guardianship').insert({ child_iin: demo.guardianship.childIin, guardian_iin: TEST_IIN, kind: 'guardianship', decision_number: 'ОП-003-99', decision_date: '2012-06-01', active: true });
    for (const service of Object.keys(SEMEY)) {
      const dir = join(root, 'processes', 'semey', service);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { forms: string[] };
      await host.deploy({
        name: `semey/${service}`,
        tenantId: 'semey',
        resources: [
          { name: 'manifest.json', content: readFileSync(join(dir, 'manifest.json'), 'utf8') },
          ...routesOf(service).map((route) => ({ name: `${route}.bpmn`, content: readFileSync(join(dir, `${route}.bpmn`), 'utf8') })),
          ...manifest.forms.map((form) => ({ name: `forms/${form}.form`, content: readFileSync(join(dir, 'forms', `${form}.form`), 'utf8') })),
          ...readdirSync(join(dir, 'documents')).map((f) => ({ name: `documents/${f}`, content: readFileSync(join(dir, 'documents', f), 'utf8') })),
        ],
      }, admin);
    }
  });
  afterAll(async () => {
    await host.stop();
    await tdb.destroy();
  });

  /** What the application (or intake) form submits for a service, with the demo registry's people. */
  function application(service: string): Record<string, unknown> {
    const family = demo.families[0]!;
    const child = family.children[0]!;
    const base = { applicantIin: family.parent.iin, applicantFullName: family.parent.name, address: 'г. Семей, ул. Демонстрационная, д. 1', phone: '+7 722 000 00 00' };
    switch (service) {
      case 'unemployed-certificate':
        return { ...base, fullName: base.applicantFullName, periodFrom: '2013-01-01', periodTo: '2013-02-28', presentTo: 'по месту требования' };
      case 'disabled-children-home-education':
        return { ...base, childFullName: child.name, childIin: child.iin, childBirthDate: child.birthDate };
      case 'preschool-queue':
        return { ...base, parentFullName: base.applicantFullName, childFullName: child.name, childIin: child.iin, childBirthDate: child.birthDate, childHomeAddress: base.address };
      case 'minors-deposits-certificate':
        return { ...base, idNumber: '012345678', idIssuedBy: 'МВД РК', idIssuedOn: '2010-01-01', applicantBirthYear: 1990, variant: 'bank', addressee: 'АО «Банк»', children: `${child.name}, ${child.birthDate.slice(0, 4)} г.р.` };
      case 'guardianship-property-deal-certificate':
        return { ...base, deal: 'pledge', propertyAddress: 'г. Семей, ул. Демонстрационная, д. 1, кв. 1', children: `${child.name}, ${child.birthDate.slice(0, 4)} г.р.` };
      case 'guardianship-certificate':
        return {
          ...base,
          applicantIin: demo.guardianship.guardianIin,
          city: 'Семей',
          childIin: demo.guardianship.childIin,
          childFullName: 'Ким Дана',
          childBirthDate: '2016-05-20',
          guardianFullName: demo.families[1]!.parent.name,
          applicantFullName: demo.families[1]!.parent.name,
          wardFullName: 'Ким Дана',
          wardBirthDate: '2016-05-20',
        };
      default:
        return { ...base, housingCategory: 'socially-protected', familySize: 4 };
    }
  }

  /** What the review form submits for a positive decision. */
  function review(service: string): Record<string, unknown> {
    switch (service) {
      case 'unemployed-certificate':
        return { decision: 'issued', registeredAsUnemployed: '15.01.2013, решение № 12' };
      case 'disabled-children-home-education':
        return { decision: 'issued', amount: 11250, periodFrom: '2013-04-01', periodTo: '2013-12-31', payments: [{ quarter: 'II', year: 2013, amount: 11250 }] };
      case 'preschool-queue':
        return { decision: 'queue' };
      case 'guardianship-certificate':
        return { decision: 'issued', certificateNumber: '15', role: 'guardian', resolutionNumber: '101', resolutionDate: '2012-06-01', property: 'none' };
      case 'housing-queue':
        return { decision: 'queue', commissionDecisionDate: '2013-03-15', housingCategory: 'socially-protected', familySize: 4, category: 'социально защищаемые слои населения' };
      default:
        return { decision: 'issued' };
    }
  }

  interface Run {
    end: string;
    topics: string[];
  }

  async function run(service: string, route: Route, options: { start?: Record<string, unknown>; review?: Record<string, unknown>; token?: string; signedWith?: 'valid' | 'revoked' | 'expired' } = {}): Promise<Run> {
    const actor = ACTOR[route];
    const applicationData = application(service);
    // The demo ЕНИС holds one доверенность: its principal's requests come through the representative.
    const poa = route === 'con' && SEMEY[service]!.poa && applicationData.applicantIin === demo.powerOfAttorney.principalIin;
    const start = {
      ...applicationData,
      authSession: options.token ?? actor.token,
      ...(poa ? { powerOfAttorneyNotarized: true, representativeIin: demo.powerOfAttorney.representativeIin, powerOfAttorneyNumber: demo.powerOfAttorney.number } : {}),
      // On ПЭП the applicant signs the request (процесс 3) with the test PKI's certificate, whose IIN is theirs.
      ...(route === 'portal' ? { applicantIin: TEST_IIN, signedRequest: await signed(options.signedWith ?? 'valid') } : {}),
      ...options.start,
    };
    const instance = await host.startInstance({ key: `${service}-${route}`, tenantId: 'semey', asOf: IN_FORCE }, { initiator: actor.user, variables: typed(start) }, admin);
    const topics: string[] = [];
    for (let round = 0; round < 60; round += 1) {
      const locked = await host.fetchAndLock(
        { workerId: 'semey-workers', maxTasks: 20, topics: [...handlers.keys()].map((topicName) => ({ topicName, lockDuration: 120_000, includeExtensionProperties: true })) },
        admin,
      );
      const mine = locked.filter((task) => task.processInstanceId === instance.id);
      for (const task of mine) {
        topics.push(task.topicName);
        const outcome = await handlers.get(task.topicName)!({
          id: task.id,
          topicName: task.topicName,
          processInstanceId: task.processInstanceId,
          processDefinitionKey: task.processDefinitionKey,
          activityId: task.activityId,
          businessKey: task.businessKey,
          tenantId: task.tenantId,
          retries: task.retries,
          variables: toPlainMap(task.variables),
          properties: task.extensionProperties,
        });
        if (outcome.kind === 'failure') throw new Error(`${service}-${route}: ${task.activityId} (${task.topicName}) failed: ${outcome.message}`);
        if (outcome.kind === 'bpmnError') {
          await host.handleExternalTaskBpmnError(task.id, { workerId: 'semey-workers', errorCode: outcome.code, errorMessage: outcome.message }, admin);
          continue;
        }
        await host.completeExternalTask(task.id, { workerId: 'semey-workers', variables: typed(outcome.variables ?? {}), localVariables: typed(outcome.localVariables ?? {}) }, admin);
      }
      const tasks = await host.listTasks({ processInstanceId: instance.id }, admin);
      for (const task of tasks) {
        const answer = task.taskDefinitionKey === 'review' ? { ...review(service), ...options.review } : {};
        await host.completeTask(task.id, { variables: typed(answer) }, admin);
      }
      if (mine.length === 0 && tasks.length === 0) break;
    }
    expect((await host.getInstance(instance.id, admin)).ended, `${service}-${route} ended`).toBe(true);
    const history = await host.historyActivityInstances({ processInstanceId: instance.id }, admin);
    const ends = history.filter((activity) => /end/i.test(activity.activityType));
    expect(ends).toHaveLength(1);
    return { end: ends[0]!.activityId, topics };
  }

  for (const service of Object.keys(SEMEY)) {
    for (const route of routesOf(service)) {
      describe(`${service}-${route}`, () => {
        it('reaches the result with every worker answering for real', async () => {
          const result = await run(service, route);
          expect(result.end).toBe('result-end');
          expect(result.topics).toEqual(expect.arrayContaining(['authorize', 'register-request', 'document-generate', 'status-notify']));
          if (route === 'con' && SEMEY[service]!.poa && service !== 'guardianship-certificate') expect(result.topics).toContain('enis-power-of-attorney');
        });

        it('refuses a sign-in whose session the system does not accept for this channel', async () => {
          // A session of another channel's group: the worker refuses, the route ends before any request number.
          const wrong = route === 'portal' ? 'token-operator' : 'token-applicant';
          const result = await run(service, route, { token: wrong });
          expect(result.end).toBe(route === 'portal' ? 'authorization-refusal-end' : 'authorization-failed-end');
          expect(result.topics).not.toContain('register-request');
        });

        if (route === 'portal') {
          it('ends with процесс 4 when the request is signed with a revoked certificate', async () => {
            const result = await run(service, route, { signedWith: 'revoked' });
            expect(result.end).toBe('signature-refusal-end');
            expect(result.topics).not.toContain('register-request');
          });
        }
        if (route !== 'portal') {
          it('ends with процесс 4 when ГБД ФЛ does not know the consumer', async () => {
            const result = await run(service, route, { start: { applicantIin: demo.unknownIin } });
            expect(result.end).toBe('person-refusal-end');
          });
        }
        if (route === 'con' && SEMEY[service]!.poa) {
          it('ends with процесс 4 when ЕНИС has no such power of attorney', async () => {
            const result = await run(service, route, {
              start: { powerOfAttorneyNotarized: true, representativeIin: demo.powerOfAttorney.representativeIin, powerOfAttorneyNumber: 'ДВ-000-9999' },
            });
            expect(result.end).toBe('power-of-attorney-refusal-end');
          });
        }
      });
    }
  }

  it('guardianship-certificate: the register without a record for the child ends with the register refusal', async () => {
    const other = demo.families[0]!.children[0]!;
    const result = await run('guardianship-certificate', 'portal', { start: { childIin: other.iin } });
    expect(result.end).toBe('register-refusal-end');
  });
});
