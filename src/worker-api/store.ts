// The worker services over the project's store: what the server's /api/worker routes run (src/api/reglament-workers.ts),
// and what tests call directly. Every operation is idempotent as the workers need it: per instance (request number,
// queue place), per status, per event id (routing), per escalation activity (overdue), per idempotency key (documents).
import type { Knex } from 'knex';
import { enqueueEvent } from '../outbox/index.js';
import {
  assignQueueNumber, changeStatus, EmbeddedGuardianshipRegistry, EmbeddedPersonRegistry, EmbeddedPowerOfAttorneyRegistry, findRequestByInstance,
  recordOverdue, registerRequest, type RequestRecord,
} from '../registry/index.js';
import { deliverDocument, mailConfigFromEnv, type DeliveryDeps } from '../documents/deliver.js';
import { loadDocumentKeys, verifyBaseUrl, type DocumentKeys } from '../documents/keys.js';
import { deployedTemplates, storedProfiles, type TemplateSource } from '../documents/template-source.js';
import { generateDocument, SignedDataRejected, type DocumentServiceDeps } from '../documents/generate.js';
import { dataFor } from '../documents/data-for.js';
import { IdentityStore } from '../store/identity.js';
import type { DocumentService, RequestService, RequestSummary, StaffService, WorkerServices } from './services.js';

export function summaryOf(r: RequestRecord): RequestSummary {
  return { number: r.number, tenantId: r.tenantId, service: r.service, route: r.route, status: r.status, receivedAt: r.receivedAt };
}

export function storeRequests(db: Knex): RequestService {
  return {
    async register(call) {
      const r = await registerRequest(db, call);
      return { ...summaryOf(r), created: r.created };
    },
    async byInstance(processInstanceId) {
      const r = await findRequestByInstance(db, processInstanceId);
      return r ? summaryOf(r) : null;
    },
    async assignQueue(call) {
      const e = await assignQueueNumber(db, call);
      return { number: e.number, group: e.group, position: e.position };
    },
    async changeStatus(call) {
      const result = await changeStatus(db, call);
      return result ? { status: result.request.status, changed: result.changed } : null;
    },
    async route(call) {
      const request = await findRequestByInstance(db, call.processInstanceId);
      const requestNumber = request?.number ?? call.requestNumber ?? null;
      const event = await db.transaction((trx) => enqueueEvent(trx, {
        tenantId: call.tenantId, stream: requestNumber ?? call.processInstanceId, type: 'routing', target: call.target, eventId: call.eventId, now: call.now,
        payload: { requestNumber, service: request?.service ?? null, route: request?.route ?? null, status: request?.status ?? null, step: call.step ?? null },
      }));
      return { eventId: event.eventId };
    },
    async recordOverdue(call) {
      const step = await recordOverdue(db, call);
      return { created: step.created };
    },
  };
}

export interface DocumentDeps {
  generate: DocumentServiceDeps | (() => Promise<DocumentServiceDeps>);
  /** read on each delivery (a getter may read settings as they are then) */
  readonly deliver: DeliveryDeps;
}

export function storeDocuments(from: DocumentDeps): DocumentService {
  const deps = typeof from.generate === 'function' ? from.generate : async () => from.generate as DocumentServiceDeps;
  return {
    async generate(call) {
      try {
        const doc = await generateDocument(await deps(), {
          form: call.form, lang: call.lang, tenant: call.tenant, service: call.service, requestNumber: call.requestNumber,
          processDefinitionId: call.processDefinitionId ?? null, processInstanceId: call.processInstanceId, idempotencyKey: call.idempotencyKey,
          dataFor: (fields) => dataFor(fields, call.variables, call.properties),
          signedDocumentData: call.signedDocumentData, specialistIin: call.specialistIin ?? null,
          applicantIin: call.applicantIin ?? null, applicantUserId: call.applicantUserId ?? null,
        });
        return { outcome: 'generated', id: doc.id, verificationCode: doc.verificationCode, created: doc.created };
      } catch (err) {
        if (err instanceof SignedDataRejected) return { outcome: 'signature-rejected', message: err.message };
        throw err;
      }
    },
    async deliver(call) {
      const d = await deliverDocument(from.deliver, call);
      return { deliveredAt: (d.deliveredAt ?? d.createdAt).toISOString() };
    },
  };
}

export function storeStaff(db: Knex): StaffService {
  const identity = new IdentityStore(db);
  return { iinOf: async (userId) => (await identity.getUser(userId))?.iin ?? null };
}

export function storeServices(db: Knex, documents: DocumentDeps): WorkerServices {
  return {
    requests: storeRequests(db), documents: storeDocuments(documents), staff: storeStaff(db),
    registries: { persons: new EmbeddedPersonRegistry(db), powersOfAttorney: new EmbeddedPowerOfAttorneyRegistry(db), guardianship: new EmbeddedGuardianshipRegistry(db) },
  };
}

/**
 * With REGLAMENT_EXTERNAL_ENGINE=true the processes run on another Camunda-7 engine (docs/scaling.md): a definition id
 * this store does not know is that engine's, and its templates are those of the tenant's latest deployment of the
 * service here (`reglament deploy` of the same bundle). Without it an unknown definition stays an error.
 */
export function externalDefinitions(db: Knex, source: TemplateSource, enabled: () => boolean): TemplateSource {
  return {
    list: (tenants) => source.list(tenants),
    async resolve(q) {
      if (q.processDefinitionId && enabled() && !(await db('engine_definition').where({ id: q.processDefinitionId }).first('id'))) {
        return source.resolve({ ...q, processDefinitionId: null });
      }
      return source.resolve(q);
    },
  };
}

/**
 * The services as the server runs them: templates from the instance's deployment, profiles from the store, the
 * documents' keys and SMTP from `env` — read when a call comes, so settings made after start (the public URL) count.
 */
export function storeServicesFromEnv(db: Knex, env: Record<string, string | undefined>, documentKeys?: DocumentKeys | Promise<DocumentKeys>): WorkerServices {
  const profiles = storedProfiles(db);
  const templates = externalDefinitions(db, deployedTemplates(db), () => env.REGLAMENT_EXTERNAL_ENGINE === 'true');
  let keys: Promise<DocumentKeys> | undefined;
  const keysOnce = () => {
    keys ??= Promise.resolve(documentKeys ?? loadDocumentKeys(env, { organisationOf: async (t) => (await profiles(t))?.organization.ru ?? null }));
    // A failed load (a missing key file) is retried on the next call, not kept.
    keys.catch(() => { keys = undefined; });
    return keys;
  };
  return storeServices(db, {
    generate: async () => {
      const k = await keysOnce();
      return { db, templates, profiles, serviceKey: k.serviceKey, trust: k.trust, revocation: k.revocation, verifyBaseUrl: verifyBaseUrl(env) };
    },
    get deliver() { return { db, mail: mailConfigFromEnv(env), verifyBaseUrl: verifyBaseUrl(env) }; },
  });
}
