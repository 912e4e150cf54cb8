// Signal events and message start events, durably: start subscriptions of the latest definitions, the signal
// outbox (engine_signal rows committed with the step that threw them, or by POST /signal) and its delivery, once
// to each subscription it reached and once to each signal start definition, whatever crashes in between.
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { BpmnParseError, InvalidRequestError, NotFoundError, ProcessEngineError } from '../errors.js';
import { bool, num, tenantScope, visible } from '../store/engine-rows.js';
import type { Access, HostLogger, VariableMap } from './api.js';
import type { ActivityMeta } from './definitions.js';
import type { DefinitionEntry, InstanceRunner } from './instances.js';
import { normalizeMap } from './variables.js';

type Row = Record<string, any>;

/** Whom a signal may reach: tenants (null: any tenant) and, with withoutTenant, subscriptions without a tenant. */
export interface SignalScope { tenants: string[] | null; withoutTenant: boolean }

export interface SignalDeps {
  db: Knex;
  runner: InstanceRunner;
  now(): number;
  logger: HostLogger;
  maxFileSize?: number;
  definitionEntry(id: string): Promise<DefinitionEntry>;
}

/**
 * The start event an instance started by key starts at, as Camunda picks its initial activity: the process's none
 * start event, else its only start event (a message or signal start). Undefined for definitions deployed before
 * start events were told apart (they keep bpmn-elements' way).
 */
export function initialStart(def: { key: string; activities: Record<string, ActivityMeta> }): string | undefined {
  const starts = Object.values(def.activities).filter((a) => a.type === 'bpmn:StartEvent' && a.processStart);
  if (!starts.length) return undefined;
  const none = starts.find((a) => !a.signalName && !a.messageName);
  if (none) return none.id;
  if (starts.length === 1) return starts[0]!.id;
  throw new ProcessEngineError(`Cannot start process definition '${def.key}' by key: it has no none start event and ${starts.length} message or signal start events; start it by a message or a signal`);
}

/**
 * The start subscriptions of a newly deployed definition; they replace those of the key's earlier versions. As in
 * Camunda, a message start event's name may start only one key per tenant: another key's is refused.
 */
export async function replaceStartSubscriptions(trx: Knex.Transaction, def: { id: string; key: string; tenant_id: string | null }, activities: Record<string, ActivityMeta>, now: number): Promise<void> {
  const sameTenant = (q: Knex.QueryBuilder) => (def.tenant_id == null ? q.whereNull('tenant_id') : q.where('tenant_id', def.tenant_id));
  await sameTenant(trx('engine_start_subscription').where({ definition_key: def.key })).delete();
  const starts = Object.values(activities).filter((a) => a.type === 'bpmn:StartEvent' && a.processStart && (a.signalName || a.messageName));
  const messages = starts.filter((a) => a.messageName).map((a) => a.messageName!);
  if (new Set(messages).size < messages.length) throw new BpmnParseError(`Process '${def.key}' has two message start events with one message name`, {});
  if (messages.length) {
    const taken = await sameTenant(trx('engine_start_subscription').where({ event_type: 'message' }).whereIn('event_name', messages)).whereNot('definition_key', def.key).first('event_name', 'definition_key');
    if (taken) throw new ProcessEngineError(`Cannot deploy process definition '${def.key}': there already is a message event subscription for the message with name '${taken.event_name}' (process definition '${taken.definition_key}')`);
  }
  const rows = starts.map((a) => ({
    id: `${def.id}:${a.id}`, definition_id: def.id, definition_key: def.key, event_type: a.signalName ? 'signal' : 'message',
    event_name: (a.signalName ?? a.messageName)!, activity_id: a.id, tenant_id: def.tenant_id, created: now,
  }));
  if (rows.length) await trx('engine_start_subscription').insert(rows);
}

/** Rows in scope: `tenants` (null: any tenant) or, with withoutTenant, those without one. */
function inScope(q: Knex.QueryBuilder, scope: SignalScope, column: string): Knex.QueryBuilder {
  return q.where((w) => {
    if (scope.tenants === null) w.whereNotNull(column); else if (scope.tenants.length) w.whereIn(column, scope.tenants); else w.whereRaw('1 = 0');
    if (scope.withoutTenant) w.orWhereNull(column);
  });
}

/** A UUID-shaped id derived from its parts: the instance a signal starts has the same id on every attempt. */
function derivedId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const isDuplicate = (err: unknown): boolean => /UNIQUE constraint failed|duplicate key value|SQLITE_CONSTRAINT/.test((err as Error)?.message ?? '');

export function signalOps(deps: SignalDeps) {
  const { db, runner, now, logger } = deps;
  const inflight = new Map<string, Promise<void>>();

  async function definitionStartable(defId: string): Promise<boolean> {
    const r = await db('engine_definition').where({ id: defId }).first('suspended', 'activation_time');
    return Boolean(r) && !bool(r.suspended) && !(r.activation_time != null && num(r.activation_time) > now());
  }

  /** Starts an instance at a message or signal start event, with the variables that came with it. */
  async function startAt(defId: string, activityId: string, input: { businessKey: string | null; variables: VariableMap; startUserId: string | null },
    opts: { id?: string; extra?: { table: string; row: Record<string, unknown> }[] } = {}) {
    const def = await deps.definitionEntry(defId);
    const variables = { ...input.variables };
    if (input.startUserId) variables.initiator = { type: 'String', value: input.startUserId };
    else delete variables.initiator;
    const res = await runner.start(def, { ...input, variables }, () => opts.extra ?? [], { id: opts.id, startEventId: activityId });
    return { def, ...res };
  }

  /** Delivers one outbox signal to what it reached; idempotent, so any node may run it again after a crash. */
  async function deliverOnce(signalId: string): Promise<void> {
    const sig = await db('engine_signal').where({ id: signalId }).first();
    if (!sig) return;
    const scope = JSON.parse(sig.scope) as SignalScope;
    const variables = JSON.parse(sig.variables) as VariableMap;
    const created = num(sig.created);
    const done = new Set((await db('engine_signal_delivery').where({ signal_id: signalId }).select('id')).map((r: Row) => String(r.id)));
    const starts: Row[] = await inScope(db('engine_start_subscription').where({ event_type: 'signal', event_name: sig.name }), scope, 'tenant_id').select('definition_id', 'activity_id');
    // instances this signal starts (on an earlier attempt too) wait for nothing it brought
    const startedHere = new Set(starts.map((s) => derivedId(signalId, s.definition_id)));
    // the subscriptions there were when it was thrown (the thrower's own were served by its engine, in its step)
    const subsQ = inScope(db('engine_message_subscription').where({ event_type: 'signal', message_name: sig.name }).where('created', '<=', created), scope, 'tenant_id');
    if (sig.source_instance_id) subsQ.whereNot('instance_id', sig.source_instance_id);
    const subs: Row[] = await subsQ.select('id', 'instance_id').orderBy('created');
    const byInstance = new Map<string, Set<string>>();
    for (const s of subs) if (!startedHere.has(s.instance_id)) (byInstance.get(s.instance_id) ?? byInstance.set(s.instance_id, new Set()).get(s.instance_id)!).add(String(s.id));
    for (const [instanceId, ids] of byInstance) {
      const mark = `${signalId}:${instanceId}`;
      if (done.has(mark)) continue;
      try {
        await runner.step(instanceId, (ctx) => {
          const hit = ctx.postponed().filter((p) => ids.has(p.executionId) && ctx.definition.activities[p.id]?.signalName === sig.name);
          if (hit.length) ctx.setVariables(variables);
          for (const p of hit) p.signal({ id: p.id, executionId: p.executionId });
          // the mark is committed with the delivery: a second delivery of this signal here fails on its key
          ctx.insertRow('engine_signal_delivery', { id: mark, signal_id: signalId, created: now() });
        });
      } catch (err) {
        if (isDuplicate(err) || err instanceof NotFoundError) continue;
        logger.error('signal-delivery', { signal: sig.name, instanceId, error: (err as Error).message });
      }
    }
    for (const s of starts) {
      const mark = `${signalId}:start:${s.definition_id}`;
      if (done.has(mark) || !(await definitionStartable(s.definition_id))) continue;
      try {
        await startAt(s.definition_id, s.activity_id, { businessKey: null, variables, startUserId: null }, {
          id: derivedId(signalId, s.definition_id), extra: [{ table: 'engine_signal_delivery', row: { id: mark, signal_id: signalId, created: now() } }],
        });
      } catch (err) {
        if (isDuplicate(err)) continue;
        logger.error('signal-start', { signal: sig.name, definitionId: s.definition_id, error: (err as Error).message });
      }
    }
    await db.transaction(async (trx) => {
      await trx('engine_signal_delivery').where({ signal_id: signalId }).delete();
      await trx('engine_signal').where({ id: signalId }).delete();
    });
  }

  /** One delivery of a signal at a time in this process; other nodes are kept out by the delivery marks. */
  function deliver(signalId: string): Promise<void> {
    const running = inflight.get(signalId);
    if (running) return running;
    const p = deliverOnce(signalId).finally(() => inflight.delete(signalId));
    inflight.set(signalId, p);
    return p;
  }

  return {
    deliverSignal: deliver,
    startAt,

    /** Delivers the outbox's signals not yet delivered (after a crash, or thrown on another node); returns how many. */
    async deliverPendingSignals(): Promise<number> {
      const ids = (await db('engine_signal').orderBy('created').limit(100).select('id')).map((r: Row) => String(r.id));
      for (const id of ids) await deliver(id);
      return ids.length;
    },

    /** POST /signal: to one execution, or broadcast to every subscription and signal start definition in scope. */
    async signal(req: { name: string; executionId?: string | null; variables?: VariableMap | null; tenantId?: string | null; withoutTenantId?: boolean }, access: Access): Promise<void> {
      if (!req.name) throw new InvalidRequestError('No signal name given');
      if (req.executionId && (req.tenantId || req.withoutTenantId)) throw new InvalidRequestError(`Cannot deliver signal '${req.name}': executionId cannot be combined with tenantId or withoutTenantId`);
      if (req.tenantId && req.withoutTenantId) throw new InvalidRequestError(`Cannot deliver signal '${req.name}': tenantId and withoutTenantId cannot both be given`);
      const variables = normalizeMap(req.variables ?? {}, deps.maxFileSize);
      if (req.executionId) {
        const sub = await tenantScope(db('engine_message_subscription'), access).where({ id: req.executionId, event_type: 'signal', message_name: req.name }).first();
        if (!sub) throw new InvalidRequestError(`Cannot deliver signal '${req.name}': execution '${req.executionId}' has not subscribed to a signal event with this name`);
        await runner.step(sub.instance_id, (ctx) => {
          const p = ctx.postponed().find((a) => a.executionId === sub.id);
          if (!p) throw new InvalidRequestError(`Cannot deliver signal '${req.name}': execution '${req.executionId}' no longer waits for it`);
          ctx.setVariables(variables);
          ctx.actor(sub.id, access.userId ?? null);
          p.signal({ id: p.id, executionId: p.executionId });
        });
        return;
      }
      const mine = access.tenantIds;
      const scope: SignalScope = req.tenantId ? { tenants: visible(access, req.tenantId) ? [req.tenantId] : [], withoutTenant: false }
        : req.withoutTenantId ? { tenants: [], withoutTenant: true }
          : { tenants: mine, withoutTenant: true };
      const id = randomUUID();
      await db('engine_signal').insert({ id, name: req.name, scope: JSON.stringify(scope), variables: JSON.stringify(variables), source_instance_id: null, created: now() });
      await deliver(id);
    },
  };
}
