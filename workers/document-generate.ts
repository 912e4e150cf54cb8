// Topic document-generate: the выходной документ of a регламент. Renders the form named by the task property `form`
// in the process language, signs its data (or embeds the data the specialist signed), seals and stores it, and
// returns `documentId` and `verificationCode`. A retry of the same task returns the same document.
import type { DocumentService } from '../src/worker-api/services.js';
import { ReglamentError } from '../src/errors.js';
import { servicesOf } from './services.js';
import { bpmnError, complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

/** The form's data from the task (applied by the documents service: src/documents/data-for.ts). */
export { dataFor } from '../src/documents/data-for.js';

export const topic = 'document-generate';
// Rendering is CPU-bound (60–100 ms) but a busy host may queue several; keep the lock generous.
export const lockDuration = 120_000;

export interface Deps { documents: DocumentService }

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export const handler = ({ documents }: Deps) => async (task: TaskInput): Promise<Outcome> => {
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
    const doc = await documents.generate({
      form, lang: lang as 'ru' | 'kk', tenant, service, requestNumber,
      processDefinitionId: task.processDefinitionId ?? null,
      processInstanceId: task.processInstanceId,
      idempotencyKey: `${task.processInstanceId}:${task.activityId}:${form}`,
      variables: task.variables, properties: task.properties,
      signedDocumentData: str(task.variables.signedDocumentData),
      specialistIin: str(task.variables.specialistIin) ?? null,
      applicantIin: str(task.variables.applicantIin) ?? null,
      applicantUserId: str(task.variables.initiator) ?? null,
    });
    // The specialist's signature does not hold. A route that models the return to the specialist says so
    // (property signatureRejection = bpmn-error) and catches DOCUMENT_SIGNATURE_INVALID; elsewhere it is an incident,
    // because an uncaught BPMN error ends the path quietly, as in Camunda — a forged signature must stop the request.
    if (doc.outcome === 'signature-rejected') {
      return task.properties.signatureRejection === 'bpmn-error' ? bpmnError('DOCUMENT_SIGNATURE_INVALID', doc.message) : { kind: 'failure', message: doc.message, retries: 0 };
    }
    return complete({ documentId: doc.id, verificationCode: doc.verificationCode });
  } catch (err) {
    // Bad or missing data is a modelling error: no retry helps, the incident says which form and field.
    if (err instanceof ReglamentError) return { kind: 'failure', message: err.message, retries: 0 };
    throw err;
  }
};

/** Rendering, signing and storing happen behind the product's API: the worker holds no key and no store. */
export const fromContext = (ctx: WorkerContext) => handler({ documents: servicesOf(ctx).documents });
