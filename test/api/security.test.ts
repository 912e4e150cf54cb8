// Request limits, login rate limiting, security headers, and logs that hold no IIN, names, passwords or tokens.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../src/engine/index.js';
import { buildServer } from '../../src/api/server.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { ADMIN, adminAuth } from '../support/server.js';
import { multipart } from './fixtures/index.js';
import type { FastifyInstance } from 'fastify';

let db: TestDb;
let app: FastifyInstance;
const logLines: string[] = [];

beforeAll(async () => {
  db = await freshDb('sqlite');
  const host = await createHost({ db: db.db });
  const stream = new Writable({ write(chunk, _enc, cb) { logLines.push(String(chunk)); cb(); } });
  app = await buildServer({
    db: db.db, host,
    config: { adminUser: ADMIN.user, adminPassword: ADMIN.password, bodyLimit: 64 * 1024, fileLimit: 32 * 1024, loginRateLimit: { max: 3, timeWindowMs: 60_000 }, maxFileVariableSize: 1024 },
    logger: { level: 'info', stream },
  });
  await app.identity.createTenant({ id: 'semey' });
});
afterAll(async () => { await app.close(); await db.destroy(); });

describe('limits', () => {
  it('refuses a JSON body over the limit with 413 ExceptionDto', async () => {
    const res = await app.inject({ method: 'POST', url: '/engine-rest/message', headers: { authorization: adminAuth, 'content-type': 'application/json' }, payload: JSON.stringify({ messageName: 'x'.repeat(100 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json().type).toBe('InvalidRequestException');
  });

  it('refuses a deployment file over the multipart file limit with 413', async () => {
    const { body, contentType } = multipart([{ name: 'deployment-name', value: 'big' }, { name: 'big.bpmn', filename: 'big.bpmn', value: Buffer.alloc(40 * 1024, 0x20) }]);
    const res = await app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
    expect(res.statusCode).toBe(413);
    expect(res.json().type).toBe('InvalidRequestException');
  });

  it('refuses a File variable over its size limit with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/engine-rest/external-task/x/complete', headers: { authorization: adminAuth }, payload: { workerId: 'w', variables: { scan: { type: 'File', value: Buffer.alloc(4096).toString('base64'), valueInfo: { filename: 'scan.pdf' } } } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/File variable 'scan'/);
  });

  it('rate-limits login attempts per client address with 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.1.2.3', payload: { username: 'nobody', password: 'wrong-password' } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(codes.slice(3)).toEqual([429, 429]);
    // Another address is not affected.
    const other = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.9.9', payload: { username: ADMIN.user, password: ADMIN.password } });
    expect(other.statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it('sends helmet headers on API answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toBeTruthy();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('logs', () => {
  it('hold no IIN, names, passwords, tokens or query strings', async () => {
    const iin = '870101300019';
    const reg = await app.inject({ method: 'POST', url: '/api/auth/register', remoteAddress: '10.7.7.7', payload: { iin, password: 'secret-password-1', firstName: 'Айгерим', lastName: 'Сапарова', tenantId: 'semey' } });
    expect(reg.statusCode, reg.body).toBe(200);
    const token = reg.json().token as string;
    await app.inject({ method: 'GET', url: `/engine-rest/task?processInstanceBusinessKey=${iin}`, headers: { authorization: `Bearer ${token}` } });
    await app.inject({ method: 'GET', url: '/engine-rest/engine', headers: { authorization: `Basic ${Buffer.from(`${iin}:secret-password-1`).toString('base64')}` } });
    const text = logLines.join('');
    expect(text.length).toBeGreaterThan(0);
    expect(text).toContain('/engine-rest/task');
    for (const secret of [iin, 'Айгерим', 'Сапарова', 'secret-password-1', token, Buffer.from(`${iin}:secret-password-1`).toString('base64')]) {
      expect(text).not.toContain(secret);
    }
  });
});
