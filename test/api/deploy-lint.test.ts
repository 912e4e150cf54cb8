// Lint findings of the project's linter come back with a deployment as warnings: beside the definitions when the
// diagram deploys, and beside the errors of a ParseExceptionDto when it does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHost } from '../../src/engine/index.js';
import { buildServer } from '../../src/api/server.js';
import { parseBpmn } from '../../src/reglament/moddle.js';
import { lintDefinitions } from '../../src/reglament/lint/index.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { ADMIN, adminAuth } from '../support/server.js';
import { fixture, modelerDeploy } from './fixtures/index.js';

let db: TestDb;
let app: FastifyInstance;

beforeAll(async () => {
  db = await freshDb('sqlite');
  const host = await createHost({ db: db.db });
  app = await buildServer({
    db: db.db, host,
    config: { adminUser: ADMIN.user, adminPassword: ADMIN.password },
    lint: async ({ name, content }) => {
      const { definitions } = await parseBpmn(content);
      return (await lintDefinitions(definitions, name, { topics: ['api-check', 'api-work', 'api-after-error'], forms: ['api-decision'] }, process.cwd()))
        .map((f) => ({ message: `${f.rule}: ${f.message}`, mainElementId: f.where, elementIds: f.where ? [f.where] : [] }));
    },
  });
});
afterAll(async () => { await app.close(); await db.destroy(); });

async function deploy(filename: string, content: Buffer) {
  const { body, contentType } = modelerDeploy({ name: filename, files: [{ filename, content }] });
  return app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
}

describe('deployment lint', () => {
  it('returns lint findings as warnings of a successful deployment', async () => {
    // No diagram interchange and an unconnected task: the engine runs it, the linter objects.
    const xml = fixture('review.bpmn').toString().replace('</bpmn:process>', '<bpmn:task id="lonely-task" /></bpmn:process>');
    const res = await deploy('review.bpmn', Buffer.from(xml));
    expect(res.statusCode, res.body).toBe(200);
    const warnings = res.json().warnings['review.bpmn'] as { message: string; elementIds: string[] }[];
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.flatMap((w) => w.elementIds)).toContain('lonely-task');
    expect(Object.keys(res.json().deployedProcessDefinitions)).toHaveLength(1);
  });

  it('puts lint findings beside the parse errors of a broken diagram', async () => {
    const res = await deploy('broken.bpmn', fixture('broken.bpmn'));
    expect(res.statusCode).toBe(400);
    const detail = res.json().details['broken.bpmn'];
    expect(detail.errors.length).toBeGreaterThan(0);
    expect(detail.warnings.length).toBeGreaterThan(0);
    expect(detail.warnings.every((w: { message: string }) => /: /.test(w.message))).toBe(true);
  });
});
