// Topic document-deliver: выдача of the output document through the channel of the task property `channel`:
// `cabinet` (личный кабинет on the portal), `email` (SMTP from configuration, PDF attached) or `hand` (нарочно).
import type { Knex } from 'knex';
import { deliverDocument, mailConfigFromEnv, type DeliveryDeps } from '../src/documents/deliver.js';
import { verifyBaseUrl } from '../src/documents/keys.js';
import type { DeliveryChannel } from '../src/documents/store.js';
import { ReglamentError } from '../src/errors.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'document-deliver';
export const lockDuration = 60_000;
export const variables = ['documentId', 'applicantEmail'];

export const handler = (deps: DeliveryDeps) => async (task: TaskInput): Promise<Outcome> => {
  const channel = task.properties.channel as DeliveryChannel | undefined;
  const documentId = task.variables.documentId;
  if (!channel || typeof documentId !== 'string') {
    return { kind: 'failure', message: `Couldn't deliver the output document: ${!channel ? "no property 'channel'" : "no variable 'documentId' (document-generate runs first)"}`, retries: 0 };
  }
  try {
    const delivery = await deliverDocument(deps, {
      documentId, channel,
      email: typeof task.variables.applicantEmail === 'string' ? task.variables.applicantEmail.trim() : undefined,
      idempotencyKey: `${task.processInstanceId}:${task.activityId}:${documentId}:${channel}`,
    });
    return complete({ deliveredAt: delivery.deliveredAt ?? delivery.createdAt });
  } catch (err) {
    // A missing address or an unknown channel needs a person, not a retry; an SMTP outage is retried by the runner.
    if (err instanceof ReglamentError) return { kind: 'failure', message: err.message, retries: 0 };
    throw err;
  }
};

export function fromContext(ctx: WorkerContext): (task: TaskInput) => Promise<Outcome> {
  if (!ctx.db) throw new Error(`Couldn't start worker ${topic}: it reads stored documents; run it with a database (DATABASE_URL or REGLAMENT_DB)`);
  const db: Knex = ctx.db;
  return handler({ db, mail: mailConfigFromEnv(ctx.env), verifyBaseUrl: verifyBaseUrl(ctx.env) });
}
