// Queues with номер очередности: preschool per akimat and birth year, housing per category (Semey).
// Numbers are gap-free and never reused; the position is derived from the entries still waiting; every change is history.
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { isUniqueViolation, nextValue } from './sequence.js';

export type QueueKind = 'preschool' | 'housing';

/**
 * Housing categories: the three groups of the Закон РК «О жилищных отношениях» (ст. 67), as the housing forms offer them
 * [DERIVED: the act leaves the category blank, «по категории «_____»»]. An akimat may use other codes of the same pattern.
 */
export const HOUSING_CATEGORIES: Record<string, { ru: string; kk: string }> = {
  'socially-protected': { ru: 'социально защищаемые слои населения', kk: 'халықтың әлеуметтік қорғалатын топтары' },
  'public-servants': { ru: 'государственные служащие, работники бюджетных организаций, военнослужащие', kk: 'мемлекеттік қызметшілер, бюджеттік ұйымдардың қызметкерлері, әскери қызметшілер' },
  'emergency-housing': { ru: 'граждане, жилища которых признаны аварийными', kk: 'тұрғын үйлері апатты деп танылған азаматтар' },
};

const CATEGORY_CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

export interface QueueEntry {
  id: number;
  tenantId: string;
  queue: QueueKind;
  group: string;
  number: number;
  requestNumber: string | null;
  status: 'waiting' | 'left';
  leftReason: string | null;
  createdAt: string;
  leftAt: string | null;
}

export interface AssignInput {
  tenantId: string;
  queue: QueueKind;
  /** preschool: the child's birth date (YYYY-MM-DD); the group is its year */
  childBirthDate?: string;
  /** housing: the category code */
  housingCategory?: string;
  processInstanceId: string;
  requestNumber?: string | null;
  subjectIin?: string | null;
  actor?: string | null;
  now?: Date;
}

function toEntry(row: Record<string, unknown>): QueueEntry {
  return {
    id: Number(row.id), tenantId: String(row.tenant_id), queue: row.queue as QueueKind, group: String(row.group_key),
    number: Number(row.number), requestNumber: (row.request_number as string | null) ?? null,
    status: row.status === 'left' ? 'left' : 'waiting', leftReason: (row.left_reason as string | null) ?? null,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    leftAt: row.left_at == null ? null : new Date(Number(row.left_at)).toISOString(),
  };
}

/** The group key of a request, or an InvalidRequestError naming what is wrong. */
export function queueGroup(input: Pick<AssignInput, 'queue' | 'childBirthDate' | 'housingCategory'>, now = new Date()): string {
  if (input.queue === 'preschool') {
    const m = typeof input.childBirthDate === 'string' ? /^([0-9]{4})-([0-9]{2})-([0-9]{2})/.exec(input.childBirthDate) : null;
    if (!m) throw new InvalidRequestError('Cannot assign a preschool queue number: childBirthDate must be a date YYYY-MM-DD');
    const year = Number(m[1]);
    // The queue is for children under 7 (до 7 лет).
    if (year > now.getUTCFullYear() || year < now.getUTCFullYear() - 7) {
      throw new InvalidRequestError('Cannot assign a preschool queue number: the child is not of preschool age (до 7 лет)');
    }
    return String(year);
  }
  if (input.queue === 'housing') {
    if (typeof input.housingCategory !== 'string' || !CATEGORY_CODE.test(input.housingCategory)) {
      throw new InvalidRequestError('Cannot assign a housing queue number: housingCategory must be a category code (lower-case letters, digits, dashes)');
    }
    return input.housingCategory;
  }
  throw new InvalidRequestError(`Cannot assign a queue number: unknown queue '${String(input.queue)}' (preschool or housing)`);
}

/**
 * Puts a request in its queue with the next number of its group, atomically: no duplicates, no gaps.
 * Idempotent per instance and queue: a retried step returns the entry it created (`created` false).
 */
export async function assignQueueNumber(db: Knex, input: AssignInput): Promise<QueueEntry & { position: number | null; created: boolean }> {
  const existing = await db('queue_entry').where({ queue: input.queue, process_instance_id: input.processInstanceId }).first();
  if (existing) return { ...toEntry(existing), position: await positionOf(db, Number(existing.id)), created: false };
  const now = input.now ?? new Date();
  const group = queueGroup(input, now);
  try {
    const entry = await db.transaction(async (trx) => {
      const number = await nextValue(trx, `queue:${input.tenantId}:${input.queue}:${group}`);
      const row = {
        tenant_id: input.tenantId, queue: input.queue, group_key: group, number, process_instance_id: input.processInstanceId,
        request_number: input.requestNumber ?? null, subject_iin: input.subjectIin ?? null, status: 'waiting',
        left_reason: null, created_at: now.getTime(), left_at: null,
      };
      const [inserted] = await trx('queue_entry').insert(row).returning('id');
      const id = Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
      await trx('queue_history').insert({ entry_id: id, event: 'registered', details: JSON.stringify({ number, group }), actor: input.actor ?? null, at: now.getTime() });
      return toEntry({ ...row, id });
    });
    return { ...entry, position: await positionOf(db, entry.id), created: true };
  } catch (err) {
    if (isUniqueViolation(err)) {
      const row = await db('queue_entry').where({ queue: input.queue, process_instance_id: input.processInstanceId }).first();
      if (row) return { ...toEntry(row), position: await positionOf(db, Number(row.id)), created: false };
    }
    throw err;
  }
}

/** The current place in line: 1 + waiting entries of the same group with a smaller number; null once the entry has left. */
export async function positionOf(db: Knex, entryId: number): Promise<number | null> {
  const entry = await db('queue_entry').where({ id: entryId }).first();
  if (!entry) throw new NotFoundError(`Queue entry ${entryId} not found`);
  if (entry.status !== 'waiting') return null;
  const [{ n }] = await db('queue_entry')
    .where({ tenant_id: entry.tenant_id, queue: entry.queue, group_key: entry.group_key, status: 'waiting' })
    .andWhere('number', '<', entry.number)
    .count({ n: '*' });
  return Number(n) + 1;
}

/** An entry leaves the queue (направление issued, removed, withdrawn); the ones behind move up. */
export async function leaveQueue(db: Knex, entryId: number, reason: string, actor?: string | null, now = new Date()): Promise<QueueEntry> {
  return db.transaction(async (trx) => {
    const row = await trx('queue_entry').where({ id: entryId }).first();
    if (!row) throw new NotFoundError(`Queue entry ${entryId} not found`);
    if (row.status === 'left') throw new InvalidRequestError(`Queue entry ${entryId} has already left the queue`);
    await trx('queue_entry').where({ id: entryId }).update({ status: 'left', left_reason: reason, left_at: now.getTime() });
    await trx('queue_history').insert({ entry_id: entryId, event: 'left', details: JSON.stringify({ reason }), actor: actor ?? null, at: now.getTime() });
    return toEntry({ ...row, status: 'left', left_reason: reason, left_at: now.getTime() });
  });
}

/** An entry that left by mistake returns with its original number, so its place is restored. */
export async function restoreQueueEntry(db: Knex, entryId: number, actor?: string | null, now = new Date()): Promise<QueueEntry> {
  return db.transaction(async (trx) => {
    const row = await trx('queue_entry').where({ id: entryId }).first();
    if (!row) throw new NotFoundError(`Queue entry ${entryId} not found`);
    if (row.status === 'waiting') throw new InvalidRequestError(`Queue entry ${entryId} is already waiting`);
    await trx('queue_entry').where({ id: entryId }).update({ status: 'waiting', left_reason: null, left_at: null });
    await trx('queue_history').insert({ entry_id: entryId, event: 'restored', details: null, actor: actor ?? null, at: now.getTime() });
    return toEntry({ ...row, status: 'waiting', left_reason: null, left_at: null });
  });
}

export async function queueHistory(db: Knex, entryId: number): Promise<Array<{ event: string; details: unknown; actor: string | null; at: string }>> {
  const rows = await db('queue_history').where({ entry_id: entryId }).orderBy('at').orderBy('id');
  return rows.map((r) => ({ event: r.event, details: r.details ? JSON.parse(r.details) : null, actor: r.actor ?? null, at: new Date(Number(r.at)).toISOString() }));
}

export async function findQueueEntryByRequest(db: Knex, requestNumber: string): Promise<QueueEntry | null> {
  const row = await db('queue_entry').where({ request_number: requestNumber }).orderBy('id', 'desc').first();
  return row ? toEntry(row) : null;
}

/** The waiting line of one group, in order, with positions: the staff view of a queue. */
export async function waitingList(db: Knex, tenantId: string, queue: QueueKind, group: string, limit = 500): Promise<Array<QueueEntry & { position: number }>> {
  const rows = await db('queue_entry').where({ tenant_id: tenantId, queue, group_key: group, status: 'waiting' }).orderBy('number').limit(limit);
  return rows.map((r, i) => ({ ...toEntry(r), position: i + 1 }));
}

export async function findQueueEntry(db: Knex, entryId: number): Promise<QueueEntry | null> {
  const row = await db('queue_entry').where({ id: entryId }).first();
  return row ? toEntry(row) : null;
}
