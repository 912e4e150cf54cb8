// The Semey bundles run on the durable host: every route's main path and each refusal branch reach their end
// event, and the deadline timers fire at the limits of the act (the workers' outcomes are scripted per scenario).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Access, type Host, type LockedExternalTask, type VariableMap } from '../../src/engine/index.js';
import { fromPlain, toPlainMap } from '../../src/engine/variables.js';
import { NotInForceError } from '../../src/errors.js';
import * as documentGenerate from '../../workers/document-generate.js';
import { storeServicesFromEnv } from '../../src/worker-api/store.js';
import type { Outcome as WorkerOutcome, TaskInput } from '../../workers/types.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { applySeedTenant } from '../support/seed-tenant.js';
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
  for (const [name, value] of Object.entries(values)) out[name] = fromPlain(name, value);
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
      return { requestNumber: 'SEMEY-1', receivedAt: new Date('2013-03-01T04:00:00Z') };
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
  // The confirmation form's expression field submits the act's fixed reason.
  if (taskKey === 'confirm-register-refusal') return { refusalReason: 'запись не найдена в Электронном реестре по опеке и попечительству' };
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
    await applySeedTenant(tdb.db, 'semey');
    host = await createHost({ db: tdb.db, clock: () => now });
    for (const service of Object.keys(SEMEY)) {
      const dir = join(root, 'processes', 'semey', service);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { forms: string[] };
      const resources = [
        { name: 'manifest.json', content: readFileSync(join(dir, 'manifest.json'), 'utf8') },
        ...routesOf(service).map((route) => ({ name: `${route}.bpmn`, content: readFileSync(join(dir, `${route}.bpmn`), 'utf8') })),
        ...manifest.forms.map((form) => ({ name: `forms/${form}.form`, content: readFileSync(join(dir, 'forms', `${form}.form`), 'utf8') })),
        ...readdirSync(join(dir, 'documents')).map((f) => ({ name: `documents/${f}`, content: readFileSync(join(dir, 'documents', f), 'utf8') })),
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

  interface PlayOptions {
    /** Variables the application or intake form submits. */
    start?: Record<string, unknown>;
    /** Variables the review form submits besides the decision. */
    review?: Record<string, unknown>;
    /** Runs document-generate instead of the scripted answer. */
    generate?: (task: LockedExternalTask) => Promise<Record<string, unknown>>;
  }

  /** Plays the workers and the people until the instance ends; returns the end event reached. */
  async function play(service: string, route: Route, answers: Answers, options: PlayOptions = {}): Promise<Outcome> {
    const instance = await start(service, route, { ...(answers.variant ? { variant: answers.variant } : {}), ...options.start });
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
        const answer = task.topicName === 'document-generate' && options.generate ? await options.generate(task) : workerAnswer(task.topicName, answers);
        await host.completeExternalTask(task.id, { workerId: 'semey-test', variables: typed(answer) }, admin);
      }
      const tasks = await host.listTasks({ processInstanceId: instance.id }, admin);
      for (const task of tasks) {
        const extra = task.taskDefinitionKey === 'review' ? options.review ?? {} : {};
        await host.completeTask(task.id, { variables: typed({ ...personAnswer(task.taskDefinitionKey, service, answers), ...extra }) }, admin);
      }
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

  describe('with the real document-generate worker: the forms carry the data the output templates need', () => {
    let generate: (task: TaskInput) => Promise<WorkerOutcome>;
    beforeAll(async () => {
      const pki = mkdtempSync(join(tmpdir(), 'semey-pki-'));
      const silent = { info: () => {}, warn: () => {}, error: () => {} };
      generate = documentGenerate.fromContext({ env: {}, services: storeServicesFromEnv(tdb.db, { REGLAMENT_DEMO_PKI_DIR: pki }), engineRestUrl: 'http://127.0.0.1:0/engine-rest', logger: silent });
    });

    const realGenerate = (forms: string[]) => async (task: LockedExternalTask) => {
      const outcome = await generate({
        id: task.id,
        topicName: task.topicName,
        processInstanceId: task.processInstanceId,
        processDefinitionKey: task.processDefinitionKey,
        activityId: task.activityId,
        tenantId: task.tenantId,
        retries: task.retries,
        variables: toPlainMap(task.variables),
        properties: task.extensionProperties,
      });
      expect(outcome, `${task.extensionProperties.form}: ${outcome.kind === 'failure' ? outcome.message : ''}`).toMatchObject({ kind: 'complete' });
      forms.push(task.extensionProperties.form!);
      return outcome.kind === 'complete' ? outcome.variables ?? {} : {};
    };

    const applicant = { applicantIin: '900101300011', applicantFullName: 'Заявитель Тест Тестович', address: 'г. Семей, ул. Абая, 1', phone: '+7 722 000 00 00' };
    const SAMPLES: Record<string, { route: Route; answers?: Answers; start: Record<string, unknown>; review: Record<string, unknown>; form: string }> = {
      'unemployed-certificate': {
        route: 'portal',
        start: { ...applicant, fullName: applicant.applicantFullName, periodFrom: '2013-01-01', periodTo: '2013-02-28', presentTo: 'по месту требования' },
        review: { registeredAsUnemployed: '15.01.2013, решение № 12', publicWorks: 'не участвовал' },
        form: 'unemployed-certificate',
      },
      'disabled-children-home-education': {
        route: 'provider',
        start: { ...applicant, childFullName: 'Ребенок Тест', childIin: '100101500011', childBirthDate: '2010-01-01' },
        review: { amount: 11250, periodFrom: '2013-04-01', periodTo: '2013-12-31', payments: [{ quarter: 'II', year: 2013, amount: 11250 }] },
        form: 'disabled-children-home-education-decision',
      },
      'preschool-queue': {
        route: 'con',
        answers: { decision: 'queue' },
        start: { ...applicant, parentFullName: applicant.applicantFullName, childFullName: 'Ребенок Тест', childIin: '100101500011', childBirthDate: '2010-01-01', childHomeAddress: 'г. Семей, ул. Абая, 1' },
        review: {},
        form: 'preschool-queue-notice',
      },
      'minors-deposits-certificate': {
        route: 'portal',
        answers: { variant: 'bank' },
        start: { ...applicant, idNumber: '012345678', idIssuedBy: 'МВД РК', idIssuedOn: '2010-01-01', applicantBirthYear: 1990, children: 'Ребенок Тест, 2010 г.р.', addressee: 'АО «Банк»' },
        review: {},
        form: 'minors-deposits-certificate',
      },
      'guardianship-property-deal-certificate': {
        route: 'portal',
        start: { ...applicant, deal: 'sale', propertyAddress: 'г. Семей, ул. Абая, 1, кв. 2', children: 'Ребенок Тест, 2010 г.р.' },
        review: {},
        form: 'guardianship-property-deal-certificate',
      },
      'guardianship-certificate': {
        route: 'con',
        start: { ...applicant, city: 'Семей', childFullName: 'Ребенок Тест', childIin: '100101500011', childBirthDate: '2010-01-01', guardianFullName: applicant.applicantFullName, wardFullName: 'Ребенок Тест', wardBirthDate: '2010-01-01' },
        review: { certificateNumber: '15', role: 'guardian', resolutionNumber: '101', resolutionDate: '2012-06-01', property: 'none' },
        form: 'guardianship-certificate',
      },
      'housing-queue': {
        route: 'provider',
        start: { ...applicant, housingCategory: 'socially-protected', familySize: 4 },
        review: { commissionDecisionDate: '2013-03-15', housingCategory: 'socially-protected', familySize: 4, category: 'социально защищаемые слои населения' },
        form: 'housing-queue-notice',
      },
    };

    it('preschool-queue: generates the direction to a ДДО when the provider has a place', async () => {
      const forms: string[] = [];
      const sample = SAMPLES['preschool-queue']!;
      const review = { preschoolNumber: '12', preschoolCity: 'Семей', preschoolStreet: 'ул. Абая, 5' };
      const result = await play('preschool-queue', 'portal', { decision: 'direction' }, { start: sample.start, review, generate: realGenerate(forms) });
      expect(result).toMatchObject({ end: 'result-end', outcome: 'result' });
      expect(forms).toEqual(['preschool-direction']);
    });

    it('guardianship-certificate: generates the register refusal with the act\'s fixed reason', async () => {
      const forms: string[] = [];
      const sample = SAMPLES['guardianship-certificate']!;
      const result = await play('guardianship-certificate', 'portal', { guardianshipRecordFound: false }, { start: sample.start, generate: realGenerate(forms) });
      expect(result).toMatchObject({ end: 'register-refusal-end', outcome: 'refusal' });
      expect(forms).toEqual(['refusal']);
    });

    for (const [service, sample] of Object.entries(SAMPLES)) {
      it(`${service}: generates ${sample.form} on the main path and the refusal letter on refusal`, async () => {
        const forms: string[] = [];
        const result = await play(service, sample.route, sample.answers ?? {}, { start: sample.start, review: sample.review, generate: realGenerate(forms) });
        expect(result).toMatchObject({ end: 'result-end', outcome: 'result' });
        expect(forms).toEqual([sample.form]);
        const refusedForms: string[] = [];
        const refused = await play(service, sample.route, { decision: 'refusal' }, { start: sample.start, generate: realGenerate(refusedForms) });
        expect(refused).toMatchObject({ end: 'refusal-end', outcome: 'refusal' });
        expect(refusedForms).toEqual(['refusal']);
      });
    }
  });

});
