// The documents API, an encapsulated fastify plugin: the public verification of a document by its code, the
// download of a document's PDF for its applicant or the staff of its tenant, and the applicant's cabinet list.
// Authentication is the host's: it passes an `authenticate` preHandler and an `access(request)` that says who calls.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import type { TrustStore } from '../eds/trust-store.js';
import { cabinetDocuments, findById } from '../documents/store.js';
import { prepare } from '../documents/render.js';
import { documentScope } from '../documents/scope.js';
import { deployedTemplates, storedProfiles, type ProfileSource, type TemplateSource } from '../documents/template-source.js';
import { buildDataXml } from '../documents/signed-data.js';
import { AuthorizationError } from '../errors.js';
import { verifyDocument, type VerificationReport } from '../documents/verify.js';

/** Who is calling, as far as documents care. */
export interface DocumentCaller {
  userId?: string | null;
  /** The caller's own IIN when they are an applicant (portal user). */
  iin?: string | null;
  /** Tenants whose documents the caller may read as staff; 'all' for an administrator without tenants. */
  staffTenants: readonly string[] | 'all';
}

export interface ReglamentDocumentsOptions {
  db: Knex;
  trust: TrustStore;
  /** Deployed templates and stored tenant profiles by default. */
  templates?: TemplateSource;
  profiles?: ProfileSource;
  /** Rejects unauthenticated requests (throws or replies 401); runs before the download routes. */
  authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The caller of an authenticated request, or null when it has no access to documents at all. */
  access(request: FastifyRequest): DocumentCaller | null | Promise<DocumentCaller | null>;
}

const notFound = (reply: FastifyReply, what: string) =>
  reply.code(404).type('application/json').send(JSON.stringify({ type: 'InvalidRequestException', message: what, code: null }));

const reportSchema = {
  type: 'object',
  properties: {
    found: { type: 'boolean' },
    authentic: { type: 'boolean' },
    failed: { type: 'array', items: { type: 'string' } },
    form: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'object', properties: { ru: { type: 'string' }, kk: { type: 'string' } } } } },
    lang: { type: 'string' },
    issuedAt: { type: 'string' },
    requestNumber: { type: 'string' },
    signer: { type: 'object', properties: { kind: { type: 'string' }, organisation: { type: ['string', 'null'] } } },
  },
  required: ['found', 'authentic'],
} as const;

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page a phone shows after scanning the QR code: the same facts as the JSON, in Kazakh and Russian. */
export function verificationPage(r: VerificationReport): string {
  const verdict = !r.found
    ? ['Құжат табылмады', 'Документ не найден', '#8a6d00']
    : r.authentic
      ? ['Құжат түпнұсқа және өзгертілмеген', 'Документ подлинный и не изменён', '#1b7f3b']
      : ['Құжат түпнұсқа емес немесе өзгертілген', 'Документ не подлинный или изменён', '#b3261e'];
  const rows = r.found ? [
    ['Құжат / Документ', `${esc(r.form?.title.kk)} / ${esc(r.form?.title.ru)}`],
    ['Өтініш нөмірі / Номер заявления', esc(r.requestNumber)],
    ['Берілген күні / Дата выдачи', esc(r.issuedAt?.slice(0, 10))],
    ['Қол қойған / Подписал', `${esc(r.signer?.organisation)} (${r.signer?.kind === 'specialist' ? 'маман ЭЦҚ / ЭЦП специалиста' : 'қызмет кілті / ключ услугодателя'})`],
  ] : [];
  return `<!doctype html><html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${verdict[0]} / ${verdict[1]}</title></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em">`
    + `<h1 style="color:${verdict[2]};font-size:1.4em">${verdict[0]}<br>${verdict[1]}</h1>`
    + (rows.length ? `<table>${rows.map(([k, v]) => `<tr><th style="text-align:left;padding-right:1em">${k}</th><td>${v}</td></tr>`).join('')}</table>` : '')
    + `</body></html>`;
}

export function mayRead(caller: DocumentCaller | null, doc: { tenantId: string; applicantIin: string | null; applicantUserId: string | null }): boolean {
  if (!caller) return false;
  if (caller.staffTenants === 'all' || caller.staffTenants.includes(doc.tenantId)) return true;
  if (caller.iin && doc.applicantIin && caller.iin === doc.applicantIin) return true;
  return Boolean(caller.userId && doc.applicantUserId && caller.userId === doc.applicantUserId);
}

export default async function reglamentDocuments(app: FastifyInstance, options: ReglamentDocumentsOptions): Promise<void> {
  const { db, trust } = options;
  const templates = options.templates ?? deployedTemplates(db);
  const profiles = options.profiles ?? storedProfiles(db);

  app.get<{ Params: { code: string } }>('/api/documents/verify/:code', {
    // Public: whoever holds the paper may check it. The answer carries no personal data.
    config: { public: true },
    schema: {
      tags: ['documents'],
      summary: 'Whether the document with this verification code is authentic and unchanged',
      params: { type: 'object', properties: { code: { type: 'string', maxLength: 40 } }, required: ['code'] },
      response: { 200: reportSchema, 404: reportSchema },
    },
  }, async (request, reply) => {
    const report = await verifyDocument(db, trust, request.params.code);
    reply.header('Cache-Control', 'no-store');
    // A browser that followed the QR link gets a page; programs get JSON.
    if (/text\/html/.test(request.headers.accept ?? '')) {
      return reply.code(report.found ? 200 : 404).type('text/html; charset=utf-8').serializer((p: unknown) => String(p)).send(verificationPage(report));
    }
    return reply.code(report.found ? 200 : 404).send(report);
  });

  app.get<{ Params: { id: string } }>('/api/documents/:id/pdf', { config: { permission: 'authenticated' },
    preHandler: options.authenticate,
    schema: {
      tags: ['documents'],
      summary: 'The PDF of a document, for its applicant or the staff of its tenant',
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 36 } }, required: ['id'] },
    },
  }, async (request, reply) => {
    const doc = await findById(db, request.params.id);
    // Another tenant's or another applicant's document answers exactly like a missing one: no existence leak.
    if (!doc || !mayRead(await options.access(request), doc)) return notFound(reply, `Document '${request.params.id.slice(0, 36)}' not found`);
    const name = `${doc.form}-${doc.requestNumber}`.replace(/[^A-Za-z0-9-]/g, '_');
    return reply
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="${name}.pdf"`)
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .send(doc.pdf);
  });

  app.get('/api/documents/forms', { config: { permission: 'authenticated' },
    preHandler: options.authenticate,
    schema: { tags: ['documents'], summary: "The output document templates of the caller's tenants: id, tenant, service, titles, source, fields" },
  }, async (request) => {
    const caller = await options.access(request);
    const staff = caller?.staffTenants ?? [];
    if (staff !== 'all' && staff.length === 0) return [];
    return (await templates.list(staff)).map(({ tenant, service, template: t }) => ({
      id: t.id, tenant, service, title: t.title, source: t.source, fields: t.fields,
    }));
  });

  app.post<{ Body: { form: string; tenant: string; service?: string; requestNumber: string; processInstanceId?: string; data: Record<string, unknown> } }>('/api/documents/data-xml', { config: { permission: 'authenticated' },
    preHandler: options.authenticate,
    bodyLimit: 128 * 1024,
    schema: {
      tags: ['documents'],
      summary: "The document's data as XML for the specialist to sign (NCALayer), then to pass as signedDocumentData",
      body: {
        type: 'object',
        properties: {
          form: { type: 'string', maxLength: 64 }, tenant: { type: 'string', maxLength: 128 }, service: { type: 'string', maxLength: 64 },
          requestNumber: { type: 'string', maxLength: 64 }, processInstanceId: { type: 'string', maxLength: 64 }, data: { type: 'object' },
        },
        required: ['form', 'tenant', 'requestNumber', 'data'],
      },
    },
  }, async (request, reply) => {
    const caller = await options.access(request);
    const b = request.body;
    // Only staff of the tenant prepare documents for signing.
    if (!caller || !(caller.staffTenants === 'all' || caller.staffTenants.includes(b.tenant))) {
      throw new AuthorizationError(`No permission to prepare documents of tenant '${b.tenant.slice(0, 64)}'`);
    }
    // The template of the instance's own deployment when the instance is named, as generation will pick it.
    const instance = b.processInstanceId ? await db('engine_instance').where({ id: b.processInstanceId, tenant_id: b.tenant }).first('definition_id') : undefined;
    const { template: form, manifest } = await templates.resolve({ form: b.form, tenant: b.tenant, service: b.service, processDefinitionId: instance?.definition_id ?? null });
    const scope = documentScope(manifest, await profiles(b.tenant), form.id);
    // Validation as at generation: the specialist signs exactly the data the document will show.
    const { data, ctx } = prepare({
      template: form, scope, lang: 'ru', data: b.data, requestNumber: b.requestNumber,
      issuedAt: new Date(), verificationCode: '', verifyUrl: '', signerOrganisation: '',
    });
    const xml = buildDataXml({ form: form.id, tenant: b.tenant, service: scope.service, requestNumber: b.requestNumber, processInstanceId: b.processInstanceId ?? null, issuedAt: ctx.issuedAt }, form.fields, data);
    return reply.type('application/xml; charset=utf-8').send(xml);
  });

  app.get('/api/documents', { config: { permission: 'authenticated' },
    preHandler: options.authenticate,
    schema: { tags: ['documents'], summary: "The documents delivered to the caller's cabinet (личный кабинет)" },
  }, async (request) => {
    const caller = await options.access(request);
    const docs = caller ? await cabinetDocuments(db, { applicantIin: caller.iin ?? undefined, applicantUserId: caller.userId ?? undefined }) : [];
    return docs.map((d) => ({
      id: d.id, form: d.form, title: d.title, lang: d.lang, tenantId: d.tenantId, requestNumber: d.requestNumber,
      verificationCode: d.verificationCode, createdAt: d.createdAt.toISOString(), pdf: `/api/documents/${d.id}/pdf`,
    }));
  });
}

/**
 * Maps the host's principal (src/api/plugins/auth: user, roles, tenantIds) to a DocumentCaller, structurally typed so
 * this plugin does not depend on the auth plugin's internals. Staff roles read their tenants' documents; an
 * administrator in no tenant reads all; applicants read their own.
 */
export function callerFromPrincipal(principal: { user: { id: string; iin?: string | null }; roles: readonly string[]; tenantIds: readonly string[] } | null | undefined): DocumentCaller | null {
  if (!principal) return null;
  const staff = principal.roles.some((r) => r === 'admin' || r === 'operator' || r === 'auditor');
  const all = principal.roles.includes('admin') && principal.tenantIds.length === 0;
  return { userId: principal.user.id, iin: principal.user.iin ?? null, staffTenants: all ? 'all' : staff ? principal.tenantIds : [] };
}
