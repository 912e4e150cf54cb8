// Delivers outbox events to subscribers: at least once, in order per request and subscriber, with exponential back-off,
// an idempotency key that is the event id, and an HMAC-SHA256 signature over the body. Safe to run on several nodes.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { EVENT_TYPE_HEADER, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signBody } from './signature.js';

export interface DispatcherLogger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
}

export interface DispatcherOptions {
  db: Knex;
  fetch?: typeof fetch;
  /** pause between rounds when idle; default 1000 ms */
  intervalMs?: number;
  batchSize?: number;
  /** first retry delay, doubled per attempt up to maxBackoffMs; defaults 1 s and 10 min */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** per request; default 10 s */
  timeoutMs?: number;
  logger?: DispatcherLogger;
  now?: () => number;
}

export interface OutboxDispatcher {
  /** One round: claims and delivers what is due; returns how many deliveries were attempted. */
  runOnce(): Promise<number>;
  /** Starts the loop: a round, then the next at once when work was found, else after intervalMs. */
  start(): void;
  stop(): Promise<void>;
}

interface DeliveryRow { id: number; event_seq: number; subscription_id: string; stream: string; attempts: number }

const silent: DispatcherLogger = { info() {}, warn() {} };

export function createOutboxDispatcher(options: DispatcherOptions): OutboxDispatcher {
  const { db } = options;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silent;
  const owner = `dispatcher-${randomUUID()}`;
  const base = options.baseBackoffMs ?? 1000;
  const max = options.maxBackoffMs ?? 600_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lease = timeoutMs * 2 + 5000;

  async function due(): Promise<DeliveryRow[]> {
    const t = now();
    // The head of each (subscriber, stream) line only: a later event waits until the earlier one is acknowledged.
    return db('outbox_delivery as d')
      .where('d.state', 'pending')
      .andWhere('d.next_attempt_at', '<=', t)
      .andWhere((q) => q.whereNull('d.locked_until').orWhere('d.locked_until', '<', t))
      .whereNotExists(function earlier() {
        this.select(db.raw('1')).from('outbox_delivery as e')
          .whereRaw('e.subscription_id = d.subscription_id')
          .andWhereRaw('e.stream = d.stream')
          .andWhere('e.state', 'pending')
          .andWhereRaw('e.event_seq < d.event_seq');
      })
      .orderBy('d.event_seq')
      .limit(options.batchSize ?? 50)
      .select('d.id', 'd.event_seq', 'd.subscription_id', 'd.stream', 'd.attempts');
  }

  /** Claims the rows in one UPDATE under this dispatcher's lease; returns those it got (another node may win some). */
  async function claim(rows: DeliveryRow[]): Promise<DeliveryRow[]> {
    if (!rows.length) return [];
    const t = now();
    const ids = rows.map((r) => r.id);
    await db('outbox_delivery')
      .whereIn('id', ids).andWhere('state', 'pending')
      .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<', t))
      .update({ locked_until: t + lease, locked_by: owner });
    const mine = new Set((await db('outbox_delivery').whereIn('id', ids).andWhere({ locked_by: owner, state: 'pending' }).andWhere('locked_until', '>', t).select('id')).map((r) => Number(r.id)));
    return rows.filter((r) => mine.has(r.id));
  }

  interface EventRow { event_id: string; tenant_id: string; type: string; payload: string }
  interface SubRow { url: string | null; secret: string | null }

  /** Delivers one; returns the HTTP status of an acknowledged delivery, for the round's one bulk update. */
  async function deliver(row: DeliveryRow, event: EventRow | undefined, sub: SubRow | undefined): Promise<{ row: DeliveryRow; status: number } | null> {
    if (!event || !sub) return null;
    if (!sub.url) {
      await db.transaction(async (trx) => {
        const payload = JSON.parse(event.payload) as Record<string, unknown>;
        await trx('outbox_cabinet_notification').insert({
          tenant_id: event.tenant_id, event_id: event.event_id, request_number: payload.requestNumber ?? null,
          text: cabinetText(payload), created_at: now(),
        }).onConflict('event_id').ignore();
        await trx('outbox_delivery').where({ id: row.id, locked_by: owner })
          .update({ state: 'delivered', attempts: row.attempts + 1, delivered_at: now(), locked_until: null });
      });
      return null;
    }
    let status = 0;
    let error: string | null = null;
    try {
      const response = await doFetch(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDEMPOTENCY_HEADER]: event.event_id,
          [SIGNATURE_HEADER]: signBody(sub.secret ?? '', event.payload),
          [EVENT_TYPE_HEADER]: event.type,
        },
        body: event.payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (err) {
      error = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'unreachable';
    }
    const attempts = row.attempts + 1;
    if (status >= 200 && status < 300) return { row, status };
    const delay = Math.min(max, base * 2 ** (attempts - 1));
    const jitter = Math.floor(Math.random() * Math.min(1000, delay / 4));
    await db('outbox_delivery').where({ id: row.id, locked_by: owner }).update({
      attempts, last_status: status || null, last_error: error ?? `HTTP ${status}`,
      next_attempt_at: now() + delay + jitter, locked_until: null,
    });
    logger.warn('outbox.retry', { delivery: row.id, subscription: row.subscription_id, attempts, status: status || error, delayMs: delay });
    return null;
  }

  async function runOnce(): Promise<number> {
    const claimed = await claim(await due());
    if (!claimed.length) return 0;
    const events = new Map((await db('outbox_event').whereIn('id', [...new Set(claimed.map((r) => r.event_seq))]).select('id', 'event_id', 'tenant_id', 'type', 'payload'))
      .map((e) => [Number(e.id), e as EventRow]));
    const subs = new Map((await db('outbox_subscription').whereIn('id', [...new Set(claimed.map((r) => r.subscription_id))]).select('id', 'url', 'secret'))
      .map((s) => [String(s.id), s as SubRow]));
    const results = await Promise.all(claimed.map((row) => deliver(row, events.get(row.event_seq), subs.get(row.subscription_id)).catch((err: unknown) => {
      logger.warn('outbox.error', { delivery: row.id, error: err instanceof Error ? err.message : String(err) });
      return null;
    })));
    // Acknowledged deliveries are recorded together, grouped by attempt count and status (usually one group).
    const groups = new Map<string, number[]>();
    for (const r of results) {
      if (!r) continue;
      const key = `${r.row.attempts + 1}:${r.status}`;
      groups.set(key, [...(groups.get(key) ?? []), r.row.id]);
    }
    const at = now();
    for (const [key, ids] of groups) {
      const [attempts, status] = key.split(':').map(Number);
      await db('outbox_delivery').whereIn('id', ids).andWhere({ locked_by: owner })
        .update({ state: 'delivered', attempts, last_status: status, last_error: null, delivered_at: at, locked_until: null });
    }
    const delivered = results.filter(Boolean).length;
    if (delivered) logger.info('outbox.delivered', { count: delivered });
    return claimed.length;
  }

  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    if (stopped) return;
    let n = 0;
    current = runOnce().then((count) => { n = count; }, (err: unknown) => {
      logger.warn('outbox.round-failed', { error: err instanceof Error ? err.message : String(err) });
    });
    await current;
    if (!stopped) timer = setTimeout(loop, n > 0 ? 0 : options.intervalMs ?? 1000);
  };

  return {
    runOnce,
    start() { stopped = false; void loop(); },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

/** Starts the delivery loop (the lead calls this in `serve`); stop() waits for the round in flight. */
export function startOutboxDispatcher(options: DispatcherOptions): OutboxDispatcher {
  const dispatcher = createOutboxDispatcher(options);
  dispatcher.start();
  return dispatcher;
}

/** The line shown in «Уведомления» of the personal cabinet. */
function cabinetText(payload: Record<string, unknown>): string {
  const number = typeof payload.requestNumber === 'string' ? `№ ${payload.requestNumber}` : '';
  const label = (payload.statusLabel as { ru?: string } | undefined)?.ru;
  const reason = typeof payload.reason === 'string' && payload.reason ? ` — ${payload.reason}` : '';
  if (payload.type === 'status' && label) return `Заявление ${number}: статус «${label}»${reason}`.replace(/\s+/g, ' ');
  return `Заявление ${number}: уведомление`.replace(/\s+/g, ' ');
}
