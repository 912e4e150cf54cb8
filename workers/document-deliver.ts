// Topic document-deliver: выдача of the output document through the channel of the task property `channel`:
// `cabinet` (личный кабинет on the portal), `email` (SMTP from configuration, PDF attached) or `hand` (нарочно).
import type { DeliveryChannel } from '../src/documents/store.js';
import { ReglamentError } from '../src/errors.js';
import type { DocumentService } from '../src/worker-api/services.js';
import { servicesOf } from './services.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'document-deliver';
export const lockDuration = 60_000;
export const variables = ['documentId', 'applicantEmail'];

export interface Deps { documents: DocumentService }

export const handler = ({ documents }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const channel = task.properties.channel as DeliveryChannel | undefined;
  const documentId = task.variables.documentId;
  if (!channel || typeof documentId !== 'string') {
    return { kind: 'failure', message: `Couldn't deliver the output document: ${!channel ? "no property 'channel'" : "no variable 'documentId' (document-generate runs first)"}`, retries: 0 };
  }
  try {
    const delivery = await documents.deliver({
      documentId, channel,
      email: typeof task.variables.applicantEmail === 'string' ? task.variables.applicantEmail.trim() : undefined,
      idempotencyKey: `${task.processInstanceId}:${task.activityId}:${documentId}:${channel}`,
    });
    return complete({ deliveredAt: new Date(delivery.deliveredAt) });
  } catch (err) {
    // A missing address or an unknown channel needs a person, not a retry; an SMTP outage is retried by the runner.
    if (err instanceof ReglamentError) return { kind: 'failure', message: err.message, retries: 0 };
    throw err;
  }
};

/** The document store and the SMTP settings are the server's: the worker asks the product's API to deliver. */
export const fromContext = (ctx: WorkerContext) => handler({ documents: servicesOf(ctx).documents });
