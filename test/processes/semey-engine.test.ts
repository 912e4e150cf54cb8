// The Semey bundles run on the durable host: every route's main path and each refusal branch reach their end
// event, and the deadline timers fire at the limits of the act (the workers' outcomes are scripted per scenario).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Access, type Host, type VariableMap } from '../../src/engine/index.js';
import { NotInForceError } from '../../src/errors.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { conventionTopics, root, routesOf, SEMEY, type Route } from './semey-bundles.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const TOPICS = [...conventionTopics()];
/** A day inside the act's validity window (in force 2013-02-08 … 2013-05-22). */
const IN_FORCE = new Date('2013-03-01T04:00:00Z');

/** What the systems and people answer in one scenario; anything not set is the positive answer. */
interface Answers {
  authorized?: boolean;
  signatureValid?: boolean;
  personFound?: boolean;
  powerOfAttorneyNotarized?: boolean;
  powerOfAttorneyValid?: boolean;
  guardianshipRecordFound?: boolean;
  decision?: string;
  variant?: string;
}

interface Outcome {
  end: string;
  outcome: string;
  /** form (and variant) of every document-generate run */
  documents: string[];
  topics: string[];
}

function typed(values: Record<string, unknown>): VariableMap {
  const out: VariableMap = {};
  for (const [name, value] of Object.entries(values)) {
    const type = typeof value === 'boolean' ? 'Boolean' : typeof value === 'number' ? 'Integer' : 'String';
    out[name] = { type, value };
  }
  return out;
}

function workerAnswer(topic: string, a: Answers): Record<string, unknown> {
  switch (topic) {
    case 'authorize':
      return { authorized: a.authorized ?? true, ...(a.authorized === false ? { authRefusal: 'нарушения в данных потребителя' } : {}) };
    case 'eds-verify-signature':
      return { signatureValid: a.signatureValid ?? true };
    case 'gbd-fl-lookup':
      return { personFound: a.personFound ?? true };
    case 'enis-power-of-attorney':
      return { powerOfAttorneyValid: a.powerOfAttorneyValid ?? true };
    case 'guardianship-register-lookup':
      return { guardianshipRecordFound: a.guardianshipRecordFound ?? true };
    case 'register-request':
      return { requestNumber: 'SEMEY-1' };
    case 'queue-assign':
      return { queueNumber: 17 };
    case 'document-generate':
      return { documentId: 'doc-1', verificationCode: 'V1' };
    default:
      return {};
  }
}

function personAnswer(taskKey: string, service: string, a: Answers): Record<string, unknown> {
  if (taskKey === 'review') return { decision: a.decision ?? defaultDecision(service), ...(a.decision === 'refusal' ? { refusalReason: 'нет документа' } : {}) };
  if (taskKey === 'enter-request') return { powerOfAttorneyNotarized: a.powerOfAttorneyNotarized ?? false };
  return {};
}

function defaultDecision(service: string): string {
  if (service === 'preschool-queue') return 'direction';
  if (service === 'housing-queue') return 'queue';
  return 'issued';
}

describe('Semey bundles on the durable host', () => {
  let tdb: TestDb;
  let host: Host;
  let now = IN_FORCE;

  beforeAll(async () => {
    tdb = await freshDb('sqlite');
    host = await createHost({ db: tdb.db, clock: () => now });
    for (const service of Object.keys(SEMEY)) {
      const dir = join(root, 'processes', 'semey', service);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { forms: string[] };
      const resources = [
        { name: 'manifest.json', content: readFileSync(join(dir, 'manifest.json'), 'utf8') },
        ...routesOf(service).map((route) => ({ name: `${route}.bpmn`, content: readFileSync(join(dir, `${route}.bpmn`), 'utf8') })),
        ...manifest.forms.map((form) => ({ name: `${form}.form`, content: readFileSync(join(root, 'forms', `${form}.form`), 'utf8') })),
      ];
      const result = await host.deploy({ name: `semey/${service}`, tenantId: 'semey', resources }, admin);
      expect(result.processDefinitions).toHaveLength(routesOf(service).length);
    }
  });
  afterAll(async () => {
    await host.stop();
    await tdb.destroy();
  });

  async function start(service: string, route: Route, variables: Record<string, unknown> = {}) {
    return host.startInstance(
      { key: `${service}-${route}`, tenantId: 'semey', asOf: now },
      { initiator: route === 'portal' ? 'applicant-1' : 'staff-1', variables: typed({ applicantIin: '900101300011', variant: 'bank', ...variables }) },
      admin,
    );
  }

  /** Plays the workers and the people until the instance ends; returns the end event reached. */
  async function play(service: string, route: Route, answers: Answers): Promise<Outcome> {
    const instance = await start(service, route, answers.variant ? { variant: answers.variant } : {});
    const documents: string[] = [];
    const topics: string[] = [];
    for (let round = 0; round < 50; round += 1) {
      const locked = await host.fetchAndLock(
        { workerId: 'semey-test', maxTasks: 10, topics: TOPICS.map((topicName) => ({ topicName, lockDuration: 60_000, includeExtensionProperties: true })) },
        admin,
      );
      const mine = locked.filter((task) => task.processInstanceId === instance.id);
      for (const task of locked) {
        if (task.processInstanceId !== instance.id) continue;
        topics.push(task.topicName);
        if (task.topicName === 'document-generate') {
          documents.push([task.extensionProperties.form, task.extensionProperties.variant].filter(Boolean).join(':'));
        }
        await host.completeExternalTask(task.id, { workerId: 'semey-test', variables: typed(workerAnswer(task.topicName, answers)) }, admin);
      }
      const tasks = await host.listTasks({ processInstanceId: instance.id }, admin);
      for (const task of tasks) await host.completeTask(task.id, { variables: typed(personAnswer(task.taskDefinitionKey, service, answers)) }, admin);
      if (mine.length === 0 && tasks.length === 0) break;
    }
    const state = await host.getInstance(instance.id, admin);
    expect(state.ended, `${service}-${route} did not end`).toBe(true);
    const ends = await host.historyActivityInstances({ processInstanceId: instance.id, activityType: 'noneEndEvent' }, admin);
    const all = ends.length > 0 ? ends : (await host.historyActivityInstances({ processInstanceId: instance.id }, admin)).filter((a) => /end/i.test(a.activityType));
    expect(all, 'one end event').toHaveLength(1);
    const endId = all[0]!.activityId;
    const xml = readFileSync(join(root, 'processes', 'semey', service, `${route}.bpmn`), 'utf8');
    const outcome = new RegExp(`<bpmn:endEvent id="${endId}"[\\s\\S]*?reglament:outcome" value="([a-z]+)"`).exec(xml)?.[1] ?? '';
    return { end: endId, outcome, documents, topics };
  }

  for (const service of Object.keys(SEMEY)) {
    for (const route of routesOf(service)) {
      describe(`${service}-${route}`, () => {
        it('runs the main path to the result', async () => {
          const result = await play(service, route, { powerOfAttorneyNotarized: route === 'con' && SEMEY[service]!.poa });
          expect(result).toMatchObject({ end: 'result-end', outcome: 'result' });
          expect(result.topics).toContain('register-request');
          if (route === 'con') expect(result.topics.includes('enis-power-of-attorney')).toBe(SEMEY[service]!.poa);
          if (route === 'portal') expect(result.topics).toContain('document-deliver');
        });

        const refusals: Array<[string, Answers, string]> = [['the review refuses', { decision: 'refusal' }, 'refusal-end']];
        if (route === 'portal') {
          refusals.push(['ПЭП does not confirm the sign-in (процесс 2)', { authorized: false }, 'authorization-refusal-end']);
          refusals.push(['the ЭЦП is not confirmed (процесс 4)', { signatureValid: false }, 'signature-refusal-end']);
        } else {
          refusals.push(['the staff sign-in fails (not regulated)', { authorized: false }, 'authorization-failed-end']);
          refusals.push(['ГБД ФЛ has no data (процесс 4)', { personFound: false }, 'person-refusal-end']);
        }
        if (route === 'con' && SEMEY[service]!.poa) {
          refusals.push(['ЕНИС has no power of attorney (процесс 4)', { powerOfAttorneyNotarized: true, powerOfAttorneyValid: false }, 'power-of-attorney-refusal-end']);
        }
        if (service === 'guardianship-certificate') {
          refusals.push(['the guardianship register has no record', { guardianshipRecordFound: false }, 'register-refusal-end']);
        }
        for (const [title, answers, end] of refusals) {
          it(`ends in refusal when ${title}`, async () => {
            expect(await play(service, route, answers)).toMatchObject({ end, outcome: 'refusal' });
          });
        }
      });
    }
  }

  it('issues the preschool direction or the queue notice as the provider decides', async () => {
    expect((await play('preschool-queue', 'portal', { decision: 'direction' })).documents).toEqual(['preschool-direction']);
    const queued = await play('preschool-queue', 'provider', { decision: 'queue' });
    expect(queued.documents).toEqual(['preschool-queue-notice']);
    expect(queued.topics).toContain('queue-assign');
  });

  it('addresses the minors-deposits certificate to the pension fund, the bank or the road police', async () => {
    for (const variant of ['pension-fund', 'bank', 'road-police']) {
      const result = await play('minors-deposits-certificate', 'portal', { variant: variant });
      expect(result.documents).toEqual([`minors-deposits-certificate:${variant}`]);
    }
  });

  it('refuses a start on a day outside the validity window, naming the repealing act', async () => {
    await expect(
      host.startInstance({ key: 'housing-queue-portal', tenantId: 'semey', asOf: new Date('2024-01-10T04:00:00Z') }, {}, admin),
    ).rejects.toSatisfy((error: unknown) => error instanceof NotInForceError && /№ 806/.test((error as Error).message));
  });

  for (const service of ['unemployed-certificate', 'housing-queue']) {
    for (const route of routesOf(service)) {
      it(`${service}-${route}: the action-1 deadline fires at its limit and escalates without cancelling the step`, async () => {
        now = IN_FORCE;
        // bpmn-engine arms timers on the real clock (not the host's injected one), so the limit counts from now.
        const before = Date.now();
        const instance = await start(service, route);
        const after = Date.now();
        const limitMs = { provider: 15_000, con: 60_000, portal: 60_000 }[route];
        // Just before the limit nothing is due.
        expect(await host.runDueTimers(new Date(before + limitMs - 1_000))).toBe(0);
        const escalationsBefore = await host.listExternalTasks({ processInstanceId: instance.id, topicName: 'escalate-overdue' }, admin);
        expect(escalationsBefore).toHaveLength(0);
        expect(await host.runDueTimers(new Date(after + limitMs))).toBeGreaterThanOrEqual(1);
        const escalations = await host.listExternalTasks({ processInstanceId: instance.id, topicName: 'escalate-overdue' }, admin);
        expect(escalations.map((task) => task.activityId)).toEqual(['authorize-escalate']);
        // The overdue step still waits for its worker.
        const authorize = await host.listExternalTasks({ processInstanceId: instance.id, topicName: 'authorize' }, admin);
        expect(authorize).toHaveLength(1);
        await host.cancelInstance(instance.id, 'test done', admin);
      });
    }
  }
});
