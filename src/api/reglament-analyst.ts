// /api/analyst: what the analyst view needs beyond engine-rest — definitions with validity windows and load,
// the per-element heatmap, lint findings on an edited route, drafts, and comparison with the deployed version.
import type { FastifyInstance } from 'fastify';
import { routeHeat } from '../analyst/heat.js';
import { compareRoutes } from '../analyst/compare.js';
import { saveDraft, listDrafts, draftXml } from '../analyst/drafts.js';
import { deployEdit, previewDeploy } from '../analyst/deploy-edit.js';
import { callerOf } from './caller.js';
import { serviceTitles } from '../analyst/service-titles.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { ImportError, importAct } from '../importer/index.js';

export interface AnalystOptions {
  /** Lints one route's XML; findings carry the element id. Supplied by src/reglament. */
  lint?: (xml: string) => Promise<{ id?: string; rule?: string; message: string; category: string }[]>;
}

/** The host keeps validity days as Kazakhstan (UTC+5) midnights; shown in UTC they would read as the day before. */
const KZ_OFFSET_MS = 5 * 3600_000;
const kzDate = (at: Date) => new Date(at.getTime() + KZ_OFFSET_MS).toISOString().slice(0, 10);

const xmlBody = { type: 'object', required: ['xml'], properties: { xml: { type: 'string', maxLength: 5_000_000 }, definitionId: { type: 'string' } } } as const;

const deployBody = {
  type: 'object', required: ['xml', 'definitionId'], additionalProperties: false,
  properties: { xml: { type: 'string', maxLength: 5_000_000 }, definitionId: { type: 'string', minLength: 1 }, overrideReason: { type: 'string', maxLength: 2000 } },
} as const;

export function analystRoutes(opts: AnalystOptions = {}) {
  return async function analyst(app: FastifyInstance): Promise<void> {
    const readDefs = { permission: 'definitions:read' as const };
    const titles = serviceTitles(app.host);

    // Every signed-in user (applicants too) names services in their language from this.
    app.get('/api/services/titles', { config: readDefs }, async (request) => titles(request.access));

    app.get('/api/analyst/definitions', { config: { permission: 'deployments:read' } }, async (request) => {
      const defs = await app.host.listDefinitions({ sortBy: 'key', sortOrder: 'asc', maxResults: 2000 }, request.access);
      return Promise.all(defs.map(async (d) => ({
        id: d.id, key: d.key, name: d.name, version: d.version, versionTag: d.versionTag, tenantId: d.tenantId,
        validFrom: d.validFrom ? kzDate(d.validFrom) : null,
        // validTo is the exclusive end of the last day in force: the day shown is the one before it.
        validTo: d.validTo ? kzDate(new Date(d.validTo.getTime() - 1)) : null,
        // An assumed day is derived by the rule of docs/calendar.md; an unknown end is started as in force, and shown.
        validFromBasis: d.validFromBasis, validToBasis: d.validToBasis,
        repealedBy: d.repealedBy, deploymentId: d.deploymentId,
        activeInstances: await app.host.countInstances({ processDefinitionId: d.id, active: true }, request.access),
      })));
    });

    app.get<{ Params: { id: string } }>('/api/analyst/definitions/:id/heat', { config: { permission: 'history:read' } },
      async (request) => routeHeat(app.host, app.db, request.params.id, request.access));

    // The analyst uploads an act's published text and gets draft bundles to finish in the modeler (docs/importer.md):
    // nothing is written or deployed here; the drafts come back with their notes (DRAFT.md) and lint findings.
    app.post<{ Body: { text: string; tenant: string } }>('/api/analyst/import-act', {
      config: { permission: 'deploy' },
      schema: { body: { type: 'object', required: ['text', 'tenant'], properties: { text: { type: 'string', maxLength: 5_000_000 }, tenant: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } } } },
    }, async (request) => {
      let imported: ReturnType<typeof importAct>;
      try {
        imported = importAct(request.body.text, { tenant: request.body.tenant, source: 'uploaded act text' });
      } catch (err) {
        if (err instanceof ImportError) throw new InvalidRequestError(`Cannot import the act: ${err.message}`);
        throw err;
      }
      return {
        skipped: imported.skipped,
        services: await Promise.all(imported.services.map(async (svc) => ({
          service: svc.service, title: svc.title, draft: svc.files['DRAFT.md'] ?? '', manifest: JSON.parse(svc.files['manifest.json'] ?? '{}'),
          routes: await Promise.all(svc.routes.map(async (route) => {
            const xml = svc.files[`${route}.bpmn`] ?? '';
            return { route, xml, findings: opts.lint ? await opts.lint(xml) : [] };
          })),
        }))),
      };
    });

    app.post<{ Body: { xml: string } }>('/api/analyst/lint', { config: readDefs, schema: { body: xmlBody } }, async (request) => {
      if (!opts.lint) return { findings: [] };
      return { findings: await opts.lint(request.body.xml) };
    });

    app.post<{ Body: { xml: string; definitionId?: string } }>('/api/analyst/diff', { config: readDefs, schema: { body: xmlBody } }, async (request) => {
      if (!request.body.definitionId) throw new InvalidRequestError('definitionId is required to compare with the deployed version');
      const deployed = await app.host.getDefinitionXml(request.body.definitionId, request.access);
      return compareRoutes(deployed, request.body.xml);
    });

    app.post<{ Body: { xml: string; definitionId?: string } }>('/api/analyst/drafts', { config: { permission: 'deploy' }, schema: { body: xmlBody } }, async (request) => {
      const def = await app.host.getDefinition(request.body.definitionId ?? '', request.access);
      // Refuse a draft that does not parse: it could not be compared or deployed later.
      await compareRoutes(request.body.xml, request.body.xml);
      return saveDraft(app.db, { definitionId: def.id, definitionKey: def.key, tenantId: def.tenantId, xml: request.body.xml, userId: request.access.userId });
    });

    // The editor's «Развернуть»: what the new version will be (number, validity window from the replaced deployment's
    // manifest, lint verdict), then the deployment itself, refused while lint reports errors unless overridden.
    app.post<{ Body: { xml: string; definitionId: string } }>('/api/analyst/deploy/preview', { config: { permission: 'deploy' }, schema: { body: deployBody } },
      async (request) => previewDeploy(app.host, opts.lint, request.body.definitionId, request.body.xml, request.access));

    app.post<{ Body: { xml: string; definitionId: string; overrideReason?: string } }>('/api/analyst/deploy', { config: { permission: 'deploy' }, schema: { body: deployBody } },
      async (request) => {
        const principal = callerOf(request);
        const result = await deployEdit(app.host, app.db, opts.lint, request.body, { access: request.access, roles: principal.roles, tenantIds: principal.tenantIds });
        return {
          deploymentId: result.deployment.id,
          deployed: result.processDefinitions.map((d) => ({ id: d.id, key: d.key, version: d.version, tenantId: d.tenantId })),
        };
      });

    app.get<{ Querystring: { definitionId: string } }>('/api/analyst/drafts', { config: readDefs, schema: { querystring: { type: 'object', required: ['definitionId'], properties: { definitionId: { type: 'string' } } } } }, async (request) => {
      const def = await app.host.getDefinition(request.query.definitionId, request.access);
      return listDrafts(app.db, def.key, request.access.tenantIds);
    });

    app.get<{ Params: { id: string } }>('/api/analyst/drafts/:id/xml', { config: readDefs }, async (request, reply) => {
      const xml = await draftXml(app.db, request.params.id, request.access.tenantIds);
      if (xml === null) throw new NotFoundError(`Draft '${request.params.id}' not found`);
      return reply.type('application/xml').send(xml);
    });
  };
}
