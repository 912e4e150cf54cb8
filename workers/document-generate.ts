// Topic document-generate: the выходной документ of a регламент. Renders the form named by the task property `form`
// in the process language, signs its data (or embeds the data the specialist signed), seals and stores it, and
// returns `documentId` and `verificationCode`. A retry of the same task returns the same document.
import type { Knex } from 'knex';
import { generateDocument, SignedDataRejected, type DocumentServiceDeps } from '../src/documents/generate.js';
import { deployedTemplates, storedProfiles } from '../src/documents/template-source.js';
import type { FieldSpec } from '../src/documents/types.js';
import { loadDocumentKeys, verifyBaseUrl } from '../src/documents/keys.js';
import { ReglamentError } from '../src/errors.js';
import { bpmnError, complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'document-generate';
// Rendering is CPU-bound (60–100 ms) but a busy host may queue several; keep the lock generous.
export const lockDuration = 120_000;

/** Where a form field takes its value from when no variable of its own name is set: another variable, or a value
 *  derived from the application forms' variables (the preschool forms ask for names in parts). */
const ALIASES: Record<string, string | ((v: Record<string, unknown>) => unknown)> = {
  registrationNumber: 'requestNumber',
  applicationNumber: 'requestNumber',
  directionNumber: 'requestNumber',
  certificateNumber: 'requestNumber',
  applicationDate: 'receivedAt',
  registeredOn: 'receivedAt',
  parentFullName: 'applicantName',
  applicantFullName: 'applicantName',
  childSurname: 'childLastName',
  childGivenName: 'childFirstName',
  childHomeAddress: 'applicantAddress',
  childFullName: (v) => joinNames(v.childLastName, v.childFirstName, v.childMiddleName),
};

function joinNames(...parts: unknown[]): string | undefined {
  const words = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
  return words.length ? words.join(' ') : undefined;
}

function aliasOf(name: string, variables: Record<string, unknown>): unknown {
  const alias = ALIASES[name];
  if (alias === undefined) return undefined;
  return typeof alias === 'function' ? alias(variables) : variables[alias];
}

/**
 * The form's data: variables named like its fields (or their aliases), then a json variable `documentData`, then the
 * task's properties named like fields (static per element, e.g. `variant` of minors-deposits-certificate).
 */
export function dataFor(fields: readonly FieldSpec[], variables: Record<string, unknown>, properties: Record<string, string> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    const value = variables[f.name] ?? aliasOf(f.name, variables);
    if (value !== undefined && value !== null) data[f.name] = value;
  }
  const extra = variables.documentData;
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(data, extra);
  for (const f of fields) if (typeof properties[f.name] === 'string') data[f.name] = properties[f.name];
  return data;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export const handler = (deps: DocumentServiceDeps) => async (task: TaskInput): Promise<Outcome> => {
  const form = str(task.properties.form);
  const tenant = str(task.tenantId) ?? str(task.variables.tenant);
  const requestNumber = str(task.variables.requestNumber);
  if (!form || !tenant || !requestNumber) {
    const what = !form ? "no property 'form'" : !tenant ? "no tenant (task tenant or variable 'tenant')" : "no variable 'requestNumber' (register-request runs first)";
    return { kind: 'failure', message: `Couldn't generate the output document: ${what}`, retries: 0 };
  }
  // The applicant's language first, then the bundle's default for the element, then Russian.
  const lang = str(task.variables.language) ?? str(task.properties.lang) ?? 'ru';
  const service = str(task.properties.service) ?? (task.processDefinitionKey ? task.processDefinitionKey.replace(/-(provider|con|portal)$/, '') : undefined);
  try {
    const doc = await generateDocument(deps, {
      form, lang: lang as 'ru' | 'kk', tenant, service, requestNumber,
      processDefinitionId: task.processDefinitionId ?? null,
      processInstanceId: task.processInstanceId,
      idempotencyKey: `${task.processInstanceId}:${task.activityId}:${form}`,
      dataFor: (fields) => dataFor(fields, task.variables, task.properties),
      signedDocumentData: str(task.variables.signedDocumentData),
      specialistIin: str(task.variables.specialistIin) ?? null,
      applicantIin: str(task.variables.applicantIin) ?? null,
      applicantUserId: str(task.variables.initiator) ?? null,
    });
    return complete({ documentId: doc.id, verificationCode: doc.verificationCode });
  } catch (err) {
    // The specialist's signature does not hold. A route that models the return to the specialist says so
    // (property signatureRejection = bpmn-error) and catches DOCUMENT_SIGNATURE_INVALID; elsewhere it is an incident,
    // because an uncaught BPMN error ends the path quietly, as in Camunda — a forged signature must stop the request.
    if (err instanceof SignedDataRejected) {
      return task.properties.signatureRejection === 'bpmn-error' ? bpmnError('DOCUMENT_SIGNATURE_INVALID', err.message) : { kind: 'failure', message: err.message, retries: 0 };
    }
    // Bad or missing data is a modelling error: no retry helps, the incident says which form and field.
    if (err instanceof ReglamentError) return { kind: 'failure', message: err.message, retries: 0 };
    throw err;
  }
};

export function fromContext(ctx: WorkerContext): (task: TaskInput) => Promise<Outcome> {
  if (!ctx.db) throw new Error(`Couldn't start worker ${topic}: it stores documents; run it with a database (DATABASE_URL or REGLAMENT_DB)`);
  const db: Knex = ctx.db;
  const profiles = storedProfiles(db);
  const keys = loadDocumentKeys(ctx.env, { organisationOf: async (tenant) => (await profiles(tenant))?.organization.ru ?? null }).then((k) => {
    if (k.demo) ctx.logger.warn('documents.demo-keys', { reason: 'REGLAMENT_DOCUMENTS_KEY is not set; documents are signed with the demo key' });
    return k;
  });
  let run: ((task: TaskInput) => Promise<Outcome>) | null = null;
  return async (task) => {
    if (!run) {
      const k = await keys;
      run = handler({ db, templates: deployedTemplates(db), profiles, serviceKey: k.serviceKey, trust: k.trust, revocation: k.revocation, verifyBaseUrl: verifyBaseUrl(ctx.env) });
    }
    return run(task);
  };
}
