// The workers as a process of their own, with no database: `reglament workers --url … --token …` (the real CLI through
// bin/reglament.mjs and the real camunda-external-task-client-js) serves a `reglament serve` that runs no workers, and
// the Semey «справка безработного» provider route runs from its start to «процесс 8 — получение результата»: authorize,
// ГБД ФЛ (the embedded registry behind /api/worker), the request number, statuses, the output document and its delivery.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/compose.js';
import { WORKER_USER } from '../../src/demo/seed.js';
import { findRequestByInstance, statusHistory } from '../../src/registry/index.js';
import { restClient, until } from '../support/rest.js';

const TENANT = 'semey';
const SPECIALIST = `specialist.${TENANT}`;

let app: RunningApp;
let workers: ChildProcessWithoutNullStreams;
let stderr = '';
let specialist: ReturnType<typeof restClient>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reglament-workers-process-'));
  app = await startApp({
    demo: true, workers: false, dbConfig: { sqliteFile: join(dir, 'db.sqlite') }, dataDir: dir,
    bundles: [`${TENANT}/unemployed-certificate`], adminUser: 'admin', adminPassword: 'admin-workers-process', timerPollInterval: 200,
  });
  const { token } = await app.app.identity.issueToken(WORKER_USER, 3_600_000);
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, REGLAMENT_API_URL: undefined, REGLAMENT_ENGINE_URL: undefined };
  // A store the workers could open would be this file in a folder that does not exist: opening it would fail.
  env.REGLAMENT_DB = join(dir, 'no-such-folder', 'never.sqlite');
  workers = spawn(process.execPath, ['bin/reglament.mjs', 'workers', '--url', `${app.url}/engine-rest`, '--token', token], {
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>,
  });
  workers.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  await until('the workers process to start', async () => stderr.includes('"workers.started"') || workers.exitCode !== null, 60_000);
  expect(workers.exitCode, stderr).toBeNull();
  specialist = restClient(() => app.url, `Bearer ${await sessionToken()}`);
}, 180_000);

afterAll(async () => {
  if (workers && workers.exitCode === null) {
    const exited = new Promise((resolve) => workers.once('exit', resolve));
    workers.kill('SIGTERM');
    await exited;
  }
  await app?.close();
});

describe('reglament workers as a separate process without a database', () => {
  it('serves every topic over HTTP and drives the provider route to its end', async () => {
    const started = JSON.parse(stderr.split('\n').find((l) => l.includes('"workers.started"'))!) as { topics: string[] };
    expect(started.topics).toEqual(expect.arrayContaining(['authorize', 'gbd-fl-lookup', 'register-request', 'status-notify', 'document-generate', 'document-deliver', 'escalate-overdue', 'eds-verify-signature']));

    const person = await app.db('registry_person').whereNotNull('address').first();
    const fullName = [person.last_name, person.first_name, person.middle_name].filter(Boolean).join(' ');
    const v = (value: unknown) => ({ value, type: typeof value === 'number' ? 'Integer' : 'String' });
    const login = await specialist('/api/auth/me') as { user: { id: string } };
    const application = {
      applicantIin: person.iin, applicantFullName: fullName, fullName, address: 'г. Семей, ул. Демонстрационная, д. 1', phone: '+7 722 000 00 00',
      periodFrom: '2013-01-01', periodTo: '2013-02-28', presentTo: 'по месту требования',
    };
    const instance = await specialist(`/engine-rest/process-definition/key/unemployed-certificate-provider/tenant-id/${TENANT}/start`, {
      method: 'POST',
      body: JSON.stringify({ variables: Object.fromEntries(Object.entries({ ...application, authSession: await sessionToken() }).map(([k, x]) => [k, v(x)])) }),
    }) as { id: string };
    expect(login.user.id).toBe(SPECIALIST);

    const answers: Record<string, Record<string, unknown>> = { review: { decision: 'issued', registeredAsUnemployed: '15.01.2013, решение № 12' } };
    const seen: string[] = [];
    await until('the route to end', async () => {
      const tasks = await specialist(`/engine-rest/task?processInstanceId=${instance.id}`) as Array<{ id: string; taskDefinitionKey: string }>;
      for (const task of tasks) {
        seen.push(task.taskDefinitionKey);
        const answer = answers[task.taskDefinitionKey] ?? {};
        await specialist(`/engine-rest/task/${task.id}/complete`, { method: 'POST', body: JSON.stringify({ variables: Object.fromEntries(Object.entries(answer).map(([k, x]) => [k, v(x)])) }) });
      }
      const history = await specialist(`/engine-rest/history/process-instance/${instance.id}`) as { state: string };
      return history.state === 'COMPLETED';
    }, 120_000);
    expect(seen).toEqual(['enter-request', 'attach-documents', 'review']);

    const ends = await specialist(`/engine-rest/history/activity-instance?processInstanceId=${instance.id}`) as Array<{ activityId: string; activityType: string }>;
    expect(ends.filter((e) => /end/i.test(e.activityType)).map((e) => e.activityId)).toEqual(['result-end']);
    const request = (await findRequestByInstance(app.db, instance.id))!;
    expect(request).toMatchObject({ tenantId: TENANT, service: 'unemployed-certificate', route: 'provider', status: 'completed' });
    expect((await statusHistory(app.db, request.number)).map((h) => h.status)).toEqual(['received', 'completed']);
    const docs = await app.db('documents').where({ process_instance_id: instance.id }).select('id', 'form');
    expect(docs.map((d) => d.form)).toEqual(['unemployed-certificate']);
    expect(await app.db('document_delivery').whereIn('document_id', docs.map((d) => d.id)).count({ n: '*' })).toEqual([{ n: 1 }]);
    // The workers' log names tasks and topics, never the applicant.
    expect(stderr).toContain('"task.completed"');
    expect(stderr).not.toContain(person.iin);
  }, 180_000);
});

let cachedToken: string | undefined;
async function sessionToken(): Promise<string> {
  if (cachedToken) return cachedToken;
  const login = app.demo!.logins.find((l) => l.user === SPECIALIST)!;
  const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: SPECIALIST, password: login.password }) });
  cachedToken = ((await res.json()) as { token: string }).token;
  return cachedToken;
}
