// The durable host: implements the Host contract of api.ts over the engine_* tables and the per-step InstanceRunner.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidRequestError, MismatchingMessageCorrelationError, NotFoundError, NotInForceError, OptimisticLockingError, ProcessEngineError } from '../errors.js';
import { dialectOf } from '../store/db.js';
import { SqliteLane } from '../store/sqlite-lane.js';
import {
  definitionQuery, deploymentQuery, historyInstanceQuery, incidentQuery, instanceQuery,
} from '../store/engine-queries.js';
import {
  activityDto, bool, definitionDto, deploymentDto, historicInstanceDto, incidentDto, instanceDto, iso, num, page,
  tenantFilter, tenantScope, userOperationDto, visible,
} from '../store/engine-rows.js';
import type {
  Access, Calendar, CorrelationResult, DeployInput, DeployResult, Host, HostLogger,
  HostOptions, ProcessDefinition, StartTarget, TypedValue,
  VariableMap,
} from './api.js';
import type { ActivityMeta, Starters } from './definitions.js';
import { hostContextFromJson } from './engine-factory.js';
import { InstanceRunner, type DefinitionEntry, type InstanceRow } from './instances.js';
import { fireDueTimers, timerJobOps, timerRetryOptions } from './timers.js';
import { deployResources } from './deployments.js';
import { checkStarter } from './starters.js';
import { externalTaskOps } from './external-tasks.js';
import { userTaskOps } from './user-tasks.js';
import { viewOps } from './views.js';
import { jobOps } from './jobs.js';
import { taskVariableOps } from './task-variables.js';
import { EXT_LOG_TABLE, externalTaskLogOps, logDeletions } from './external-task-log.js';
import { forOutput, normalizeMap, splitTransient, toPlain, toPlainMap } from './variables.js';
import { redeemTicket } from './credential-redemption.js';
import { sortColumn } from './sorting.js';
import { sealCredentials } from './credential-tickets.js';
import { initialStart, signalOps } from './signals.js';

/** The variable naming who started an instance, always set by the host (docs/conventions.md). */
const INITIATOR = 'initiator';

type Row = Record<string, any>;

const nullLogger: HostLogger = { info() {}, warn() {}, error() {} };

async function defaultCalendar(): Promise<Calendar> {
  try {
    const mod = (await import('../calendar/index.js')) as unknown as Calendar;
    return { addDuration: (from, d, o) => mod.addDuration(from, d, o) };
  } catch {
    return { addDuration: (from) => new Date(from.getTime()) };
  }
}

export async function createHost(options: HostOptions): Promise<Host> {
  const db: Knex = options.db;
  const dialect = dialectOf(db);
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().getTime();
  const calendar = options.calendar ?? (await defaultCalendar());
  const logger = options.logger ?? nullLogger;
  const nodeId = options.nodeId ?? `node-${randomUUID().slice(0, 8)}`;
  const pollInterval = options.timerPollInterval ?? 500;
  const timerRetries = timerRetryOptions(options);
  const maxFileSize = options.maxFileSize;
  const defCache = new Map<string, DefinitionEntry>();
  /** Versions per key+tenant for starts by key; another node's deployment shows within 1 s, this node's at once. */
  const versionsCache = new Map<string, { rows: Row[]; until: number }>();
  const listeners = new Set<(e: { topicName: string; tenantId: string | null }) => void>();
  let timer: NodeJS.Timeout | null = null;
  let timerRun: Promise<number> | null = null;

  async function definitionEntry(id: string): Promise<DefinitionEntry> {
    const hit = defCache.get(id);
    if (hit) return hit;
    const r = await db('engine_definition').where({ id }).first();
    if (!r) throw new NotFoundError(`Process definition '${id}' not found`);
    const meta = JSON.parse(r.meta) as { activities: Record<string, ActivityMeta>; initiatorVariable: string | null; starters?: Starters | null };
    const entry: DefinitionEntry = {
      id: r.id, key: r.key, version: num(r.version), versionTag: r.version_tag ?? null, name: r.name ?? null, tenantId: r.tenant_id ?? null,
      deploymentId: r.deployment_id, activities: meta.activities, initiatorVariable: meta.initiatorVariable, starters: meta.starters ?? null, context: hostContextFromJson(r.context),
    };
    defCache.set(id, entry);
    return entry;
  }

  // SQLite: step commits, fetch-and-lock and task lists take the lane to the one connection (src/store/sqlite-lane.ts)
  const lane = dialect === 'sqlite' ? new SqliteLane(db) : null;
  const runner = new InstanceRunner({
    db, lane, calendar, now, definition: definitionEntry,
    onExternalTasks: (topics) => { for (const t of topics) for (const l of listeners) { try { l(t); } catch { /* a listener must not break a step */ } } },
    // delivered after the throwing step's commit; what a crash leaves undelivered, the poller delivers
    onSignals: (ids) => { for (const id of ids) signals.deliverSignal(id).catch((err) => logger.error('signal-delivery', { error: (err as Error).message })); },
  }, options.engineCacheSize ?? 16);
  const signals = signalOps({ db, runner, now, logger, maxFileSize: options.maxFileSize, definitionEntry });
  let signalRun: Promise<number> | null = null;
  const runPendingSignals = (): void => {
    if (signalRun) return;
    signalRun = signals.deliverPendingSignals().catch((err) => { logger.error('signal-delivery', { error: (err as Error).message }); return 0; }).finally(() => { signalRun = null; });
  };

  function opRow(access: Access, e: Partial<Record<string, unknown>> & { operation_type: string; entity_type: string }): Record<string, unknown> {
    return { id: randomUUID(), user_id: access.userId ?? null, timestamp: now(), ...e };
  }
  async function opLog(trx: Knex | Knex.Transaction, access: Access, e: Partial<Record<string, unknown>> & { operation_type: string; entity_type: string }): Promise<void> {
    await trx('engine_op_log').insert(opRow(access, e));
  }

  async function visibleRow(table: string, id: string, access: Access, what: string): Promise<Row> {
    const r = await db(table).where({ id }).first();
    if (!r || !visible(access, r.tenant_id)) throw new NotFoundError(`${what} '${id}' not found`);
    return r;
  }

  const deploy = (input: DeployInput, access: Access): Promise<DeployResult> =>
    deployResources({ db, now, opLog, tenantFilterEq, onDeployed: () => versionsCache.clear() }, input, access);

  function tenantFilterEq<Q extends Knex.QueryBuilder>(q: Q, tenantId: string | null): Q {
    return (tenantId == null ? q.whereNull('tenant_id') : q.where('tenant_id', tenantId)) as Q;
  }


  // ------------------------------------------------------------------ definitions

  const sortCols: Record<string, string> = { key: 'key', name: 'name', version: 'version', id: 'id', deploymentId: 'deployment_id', tenantId: 'tenant_id', versionTag: 'version_tag' };

  async function pickDefinition(key: string, tenantId: string | null, asOf: Date, access: Access): Promise<{ def: Row; inForce: boolean }> {
    if (tenantId && !visible(access, tenantId)) throw new NotFoundError(`No process definition with key '${key}' for tenant '${tenantId}'`);
    const cacheKey = `${tenantId ?? ''}\u0000${key}`;
    const hit = versionsCache.get(cacheKey);
    let rows: Row[];
    if (hit && hit.until > Date.now()) rows = hit.rows;
    else {
      rows = await tenantFilterEq(db('engine_definition').where({ key }), tenantId).orderBy('version', 'desc')
        .select('id', 'key', 'version', 'tenant_id', 'valid_from', 'valid_to', 'repealed_by', 'suspended', 'activation_time', 'version_tag', 'name', 'description', 'category', 'resource_name', 'deployment_id', 'properties', 'history_ttl');
      versionsCache.set(cacheKey, { rows, until: Date.now() + 1000 });
    }
    if (!rows.length) throw new NotFoundError(`No process definition with key '${key}'${tenantId ? ` for tenant '${tenantId}'` : ' without tenant'}`);
    const at = asOf.getTime();
    const inForce = rows.find((r: Row) => (r.valid_from == null || num(r.valid_from) <= at) && (r.valid_to == null || at < num(r.valid_to)));
    return inForce ? { def: inForce, inForce: true } : { def: rows[0], inForce: false };
  }

  function notInForce(def: Row, at: Date): NotInForceError {
    const why = def.repealed_by ? `repealed by ${def.repealed_by}` : def.valid_from != null && at.getTime() < num(def.valid_from) ? `in force from ${iso(def.valid_from)}` : `in force until ${iso(def.valid_to)}`;
    return new NotInForceError(`Process definition '${def.key}' version ${def.version} is not in force on ${at.toISOString().slice(0, 10)}: ${why}`);
  }

  async function archiveMode(tenantId: string | null): Promise<boolean> {
    if (!tenantId) return false;
    const r = await db('engine_tenant_setting').where({ tenant_id: tenantId, name: 'archiveMode' }).first();
    return r?.value === 'true';
  }

  // ------------------------------------------------------------------ instances

  async function instanceRow(id: string, access: Access): Promise<InstanceRow> {
    return (await visibleRow('engine_instance', id, access, 'Process instance')) as InstanceRow;
  }

  /** `incoming`: the variables the caller writes; their credentials are sealed once, whatever the retries. */
  async function updateVariables(id: string, access: Access, incoming: VariableMap, fn: (vars: VariableMap) => void, opName: string): Promise<void> {
    const tickets = sealCredentials(incoming, id, now());
    for (let attempt = 0; attempt < 10; attempt++) {
      const row = await instanceRow(id, access);
      if (row.state !== 'ACTIVE') throw new NotFoundError(`Process instance '${id}' is not running`);
      const vars = JSON.parse(row.variables) as VariableMap;
      fn(vars);
      const n = await db.transaction(async (trx) => {
        const c = await trx('engine_instance').where({ id, rev: row.rev }).update({ variables: JSON.stringify(vars), rev: row.rev + 1 });
        if (c === 1) for (const t of tickets) await trx(t.table).insert(t.row);
        if (c === 1) await opLog(trx, access, { operation_type: opName, entity_type: 'Variable', instance_id: id, definition_id: row.definition_id, definition_key: row.definition_key, tenant_id: row.tenant_id });
        return c;
      });
      if (n === 1) return;
    }
    throw new OptimisticLockingError(`Process instance '${id}' is changing too often; try again`);
  }

  const runDueTimers = (at?: Date): Promise<number> => fireDueTimers({ db, dialect, now, nodeId, runner, logger, ...timerRetries }, at ?? clock());

  // ------------------------------------------------------------------ the Host
  const externalTasks = externalTaskOps({ db, lane, dialect, now, runner, definitionEntry, listeners, maxFileSize, opLog, visibleRow, logger });

  const userTasks = userTaskOps({ db, lane, now, runner, definitionEntry, maxFileSize, opLog, opRow, visibleRow, tenantFilterEq, logger });

  const host: Host = {
    async start() {
      if (timer) return;
      runPendingSignals();
      timer = setInterval(() => {
        runPendingSignals();
        if (timerRun) return;
        timerRun = runDueTimers().catch((err) => { logger.error('timer-scheduler', { error: (err as Error).message }); return 0; }).finally(() => { timerRun = null; });
      }, pollInterval);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (timerRun) await timerRun;
      if (signalRun) await signalRun;
      runner.evictAll();
      defCache.clear();
    },
    runDueTimers,

    deploy,
    async listDeployments(f, access) {
      const q = deploymentQuery(db, f, access);
      q.orderBy(sortColumn({ id: 'id', name: 'name', deploymentTime: 'deployment_time', tenantId: 'tenant_id' }, f.sortBy, 'deployment_time', 'deployments'), f.sortOrder ?? 'asc');
      page(q, f);
      return (await q).map(deploymentDto);
    },
    async countDeployments(f, access) { return num((await deploymentQuery(db, f, access).count({ c: '*' }).first())?.c ?? 0); },
    async getDeployment(id, access) { return deploymentDto(await visibleRow('engine_deployment', id, access, 'Deployment')); },
    async deleteDeployment(id, opts, access) {
      const dep = await visibleRow('engine_deployment', id, access, 'Deployment');
      const defIds = (await db('engine_definition').where({ deployment_id: id }).select('id')).map((r: Row) => r.id as string);
      const running = defIds.length ? await db('engine_instance').whereIn('definition_id', defIds).where('state', 'ACTIVE').select('id') : [];
      // Camunda refuses with a ProcessEngineException (500): «Deletion of process definition without cascading failed.»
      if (running.length && !opts.cascade) throw new ProcessEngineError(`Deletion of process definition without cascading failed: ${running.length} process instance(s) of deployment '${id}' still run; delete with cascade=true`);
      const instIds = defIds.length ? (await db('engine_instance').whereIn('definition_id', defIds).select('id')).map((r: Row) => r.id as string) : [];
      await db.transaction(async (trx) => {
        for (let i = 0; i < instIds.length; i += 200) {
          const chunk = instIds.slice(i, i + 200);
          for (const table of ['engine_external_task', 'engine_user_task', 'engine_timer', 'engine_message_subscription', 'engine_incident', 'engine_hist_activity', EXT_LOG_TABLE, 'engine_credential_ticket']) await trx(table).whereIn('instance_id', chunk).delete();
          await trx('engine_instance').whereIn('id', chunk).delete();
        }
        if (defIds.length) await trx('engine_start_subscription').whereIn('definition_id', defIds).delete();
        await trx('engine_definition').where({ deployment_id: id }).delete();
        await trx('engine_resource').where({ deployment_id: id }).delete();
        await trx('engine_deployment').where({ id }).delete();
        await opLog(trx, access, { operation_type: 'Delete', entity_type: 'Deployment', deployment_id: id, tenant_id: dep.tenant_id, property: 'cascade', new_value: String(Boolean(opts.cascade)) });
      });
      for (const d of defIds) defCache.delete(d);
      versionsCache.clear();
    },
    async getResources(deploymentId, access) {
      await visibleRow('engine_deployment', deploymentId, access, 'Deployment');
      return (await db('engine_resource').where({ deployment_id: deploymentId }).select('id', 'name', 'deployment_id'))
        .map((r: Row) => ({ id: r.id, name: r.name, deploymentId: r.deployment_id }));
    },
    async getResource(deploymentId, resourceId, access) {
      await visibleRow('engine_deployment', deploymentId, access, 'Deployment');
      const r = await db('engine_resource').where({ deployment_id: deploymentId }).andWhere((w) => w.where('id', resourceId).orWhere('name', resourceId)).first();
      if (!r) throw new NotFoundError(`Resource '${resourceId}' not found in deployment '${deploymentId}'`);
      return { resource: { id: r.id, name: r.name, deploymentId: r.deployment_id }, content: Buffer.from(r.content) };
    },

    async listDefinitions(f, access) {
      const q = definitionQuery(db, f, access);
      q.orderBy(sortColumn(sortCols, f.sortBy, 'key', 'process definitions'), f.sortOrder ?? 'asc').orderBy('version', 'asc');
      page(q, f);
      return (await q).map(definitionDto);
    },
    async countDefinitions(f, access) { return num((await definitionQuery(db, f, access).count({ c: '*' }).first())?.c ?? 0); },
    async getDefinition(id, access) { return definitionDto(await visibleRow('engine_definition', id, access, 'Process definition')); },
    async getDefinitionByKey(key, tenantId, opts, access) {
      return definitionDto((await pickDefinition(key, tenantId, opts?.asOf ?? clock(), access)).def);
    },
    async getDefinitionXml(id, access) {
      const d = await visibleRow('engine_definition', id, access, 'Process definition');
      const r = await db('engine_resource').where({ deployment_id: d.deployment_id, name: d.resource_name }).first();
      if (!r) throw new NotFoundError(`BPMN of process definition '${id}' not found`);
      return Buffer.from(r.content).toString('utf8');
    },
    async getStartForm(id, access) {
      await visibleRow('engine_definition', id, access, 'Process definition');
      const def = await definitionEntry(id);
      // the top-level start event: activities of sub-processes carry no form Camunda would show at start
      const start = Object.values(def.activities).find((a) => a.type === 'bpmn:StartEvent' && (a.formKey || a.formRef));
      const ref = start?.formRef;
      return { key: start?.formKey ?? null, camundaFormRef: ref ? { key: ref.key, binding: ref.binding, version: ref.version == null ? null : Number(ref.version) } : null };
    },
    async setTenantSetting(tenantId, name, value, access) {
      if (!visible(access, tenantId)) throw new NotFoundError(`Tenant '${tenantId}' not found`);
      const text = value == null ? null : String(value);
      const old = await db('engine_tenant_setting').where({ tenant_id: tenantId, name }).first();
      await db.transaction(async (trx) => {
        if (old) await trx('engine_tenant_setting').where({ tenant_id: tenantId, name }).update({ value: text });
        else await trx('engine_tenant_setting').insert({ tenant_id: tenantId, name, value: text });
        await opLog(trx, access, { operation_type: 'Update', entity_type: 'TenantSetting', property: name, org_value: old?.value ?? null, new_value: text, tenant_id: tenantId });
      });
    },
    async getTenantSetting(tenantId, name, access) {
      if (!visible(access, tenantId)) throw new NotFoundError(`Tenant '${tenantId}' not found`);
      return (await db('engine_tenant_setting').where({ tenant_id: tenantId, name }).first())?.value ?? null;
    },

    async startInstance(target: StartTarget, opts, access) {
      let defRow: Row;
      let override: { asOf: Date; reason: string } | undefined;
      if ('definitionId' in target) {
        defRow = await visibleRow('engine_definition', target.definitionId, access, 'Process definition');
        const at = clock().getTime();
        const inForce = (defRow.valid_from == null || num(defRow.valid_from) <= at) && (defRow.valid_to == null || at < num(defRow.valid_to));
        if (!inForce && !(await archiveMode(defRow.tenant_id))) throw notInForce(defRow, clock());
      } else {
        override = target.override;
        const asOf = override?.asOf ?? target.asOf ?? clock();
        const picked = await pickDefinition(target.key, target.tenantId ?? null, asOf, access);
        defRow = picked.def;
        if (!picked.inForce && !override && !(await archiveMode(defRow.tenant_id))) throw notInForce(defRow, asOf);
        if (override && !override.reason) throw new InvalidRequestError('A validity override needs a reason');
      }
      if (bool(defRow.suspended)) throw new InvalidRequestError(`Process definition '${defRow.id}' is suspended`);
      if (defRow.activation_time != null && num(defRow.activation_time) > clock().getTime()) {
        throw new InvalidRequestError(`Process definition '${defRow.id}' is suspended until its deployment's activation time ${new Date(num(defRow.activation_time)).toISOString()}`);
      }
      const def = await definitionEntry(defRow.id);
      checkStarter(def, access);
      const variables = normalizeMap(opts.variables, maxFileSize);
      const initiator = opts.initiator ?? access.userId ?? null;
      // `initiator` is the server's word on who started the instance (the authorize step trusts it): a client-sent
      // value is replaced, or dropped when no user started it, whether or not the definition declares camunda:initiator.
      delete variables[INITIATOR];
      if (initiator) variables[INITIATOR] = { type: 'String', value: initiator };
      if (def.initiatorVariable && initiator) variables[def.initiatorVariable] = { type: 'String', value: initiator };
      const startEventId = initialStart(def);
      const res = await runner.start(def, { businessKey: opts.businessKey ?? null, variables, startUserId: initiator }, (id) => [
        ...(override ? [{ table: 'engine_op_log', row: opRow(access, { operation_type: 'Override', entity_type: 'ProcessInstance', property: 'validity', new_value: override.asOf.toISOString(), annotation: override.reason, instance_id: id, definition_id: def.id, definition_key: def.key, tenant_id: def.tenantId }) }] : []),
        { table: 'engine_op_log', row: opRow(access, { operation_type: 'Create', entity_type: 'ProcessInstance', instance_id: id, definition_id: def.id, definition_key: def.key, tenant_id: def.tenantId }) },
      ], { startEventId });
      return {
        id: res.id, definitionId: def.id, definitionKey: def.key, businessKey: opts.businessKey ?? null, tenantId: def.tenantId,
        state: res.ended ? 'COMPLETED' : 'ACTIVE', ended: res.ended, suspended: false, startTime: new Date(res.startTime),
        endTime: res.ended ? new Date(res.startTime) : null, startUserId: initiator,
        ...(opts.withVariablesInReturn && { variables: forOutput(res.variables) }),
      };
    },
    async redeemCredentialTicket(ticket, use, access) {
      await instanceRow(use.instanceId, access);
      const task = await db('engine_external_task').where({ id: use.externalTaskId, instance_id: use.instanceId }).first('id');
      if (!task) return null;
      return redeemTicket(db, now(), ticket, use);
    },
    async getInstance(id, access) { return instanceDto(await instanceRow(id, access)); },
    async listInstances(f, access) {
      const q = instanceQuery(db, f, access);
      q.orderBy(sortColumn({ instanceId: 'id', definitionKey: 'definition_key', definitionId: 'definition_id', tenantId: 'tenant_id', businessKey: 'business_key', startTime: 'start_time' }, f.sortBy, 'start_time', 'process instances'), f.sortOrder ?? 'asc');
      page(q, f);
      return (await q.select('id', 'definition_id', 'definition_key', 'business_key', 'tenant_id', 'state', 'start_time', 'end_time', 'start_user_id')).map(instanceDto);
    },
    async countInstances(f, access) { return num((await instanceQuery(db, f, access).count({ c: '*' }).first())?.c ?? 0); },
    async cancelInstance(id, reason, access) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const row = await instanceRow(id, access);
        if (row.state !== 'ACTIVE') throw new NotFoundError(`Process instance '${id}' is not running`);
        const t = now();
        const ok = await db.transaction(async (trx) => {
          const n = await trx('engine_instance').where({ id, rev: row.rev }).update({ state: 'EXTERNALLY_TERMINATED', end_time: t, delete_reason: reason ?? null, engine_state: null, rev: row.rev + 1, waits: JSON.stringify({ ext: [], user: [], timer: [], msg: [] }) });
          if (n !== 1) return false;
          await logDeletions(trx, [id], t);
          for (const table of ['engine_external_task', 'engine_user_task', 'engine_timer', 'engine_message_subscription', 'engine_credential_ticket']) await trx(table).where({ instance_id: id }).delete();
          await trx('engine_incident').where({ instance_id: id, state: 'open' }).update({ state: 'deleted', end_time: t });
          await trx('engine_hist_activity').where({ instance_id: id }).whereNull('end_time').update({ end_time: t, canceled: true });
          await opLog(trx, access, { operation_type: 'Delete', entity_type: 'ProcessInstance', instance_id: id, definition_id: row.definition_id, definition_key: row.definition_key, tenant_id: row.tenant_id, property: 'deleteReason', new_value: reason ?? null });
          return true;
        });
        if (ok) return;
      }
      throw new OptimisticLockingError(`Process instance '${id}' is changing too often; try again`);
    },
    async getVariables(id, access) { return forOutput(JSON.parse((await instanceRow(id, access)).variables)); },
    async getVariable(id, name, access) {
      const vars = JSON.parse((await instanceRow(id, access)).variables) as VariableMap;
      if (!(name in vars)) throw new NotFoundError(`Variable '${name}' not found in process instance '${id}'`);
      return vars[name] as TypedValue;
    },
    // Outside a step a transient value has nothing to live for: it is dropped, as Camunda drops it at the commit.
    async setVariables(id, variables, access) {
      const norm = splitTransient(normalizeMap(variables, maxFileSize)).stored;
      await updateVariables(id, access, norm, (v) => Object.assign(v, norm), 'SetVariable');
    },
    async modifyVariables(id, mod, access) {
      const norm = splitTransient(normalizeMap(mod.modifications, maxFileSize)).stored;
      await updateVariables(id, access, norm, (v) => { Object.assign(v, norm); for (const d of mod.deletions ?? []) delete v[d]; }, 'ModifyVariable');
    },

    ...externalTasks,

    ...userTasks,

    ...viewOps({ db }),

    ...externalTaskLogOps(db),

    ...taskVariableOps({ db, now, maxFileSize, visibleRow, opLog }),

    ...jobOps({ db, now, nodeId, runner, logger, ...timerRetries }),

    ...timerJobOps({ db, now, opLog, visibleRow }),

    async correlateMessage(req, access) {
      if (!req.messageName) throw new InvalidRequestError('messageName is required');
      const q = tenantScope(db('engine_message_subscription as s').join('engine_instance as i', 'i.id', 's.instance_id'), access, 's.tenant_id')
        .where('s.message_name', req.messageName).where('s.event_type', 'message').where('i.state', 'ACTIVE')
        .select('s.id', 's.instance_id', 's.activity_id', 's.tenant_id', 'i.business_key', 'i.definition_id', 'i.variables').orderBy('s.created');
      if (req.businessKey) q.where('i.business_key', req.businessKey);
      if (req.processInstanceId) q.where('s.instance_id', req.processInstanceId);
      if (req.tenantId) q.where('s.tenant_id', req.tenantId);
      if (req.withoutTenantId) q.whereNull('s.tenant_id');
      let subs: Row[] = await q;
      const keys = req.correlationKeys ? toPlainMap(normalizeMap(req.correlationKeys)) : null;
      if (keys) subs = subs.filter((s) => { const v = toPlainMap(JSON.parse(s.variables)); return Object.entries(keys).every(([k, x]) => JSON.stringify(v[k]) === JSON.stringify(x)); });
      // message start events of the latest definitions (an instance id names an execution, never a definition)
      const startQ = tenantScope(db('engine_start_subscription'), access).where({ event_type: 'message', event_name: req.messageName });
      if (req.tenantId) startQ.where('tenant_id', req.tenantId);
      if (req.withoutTenantId) startQ.whereNull('tenant_id');
      const starts: Row[] = req.processInstanceId ? [] : await startQ.select('definition_id', 'activity_id').orderBy('created');
      if (!subs.length && !starts.length) throw new MismatchingMessageCorrelationError(`Cannot correlate message '${req.messageName}': No process definition or execution matches the parameters`);
      const matches = new Set(subs.map((s) => s.instance_id)).size + starts.length;
      if (!req.all && matches > 1) throw new MismatchingMessageCorrelationError(`Cannot correlate message '${req.messageName}': ${subs.length ? `${subs.length} executions` : ''}${subs.length && starts.length ? ' and ' : ''}${starts.length ? `${starts.length} process definitions` : ''} match; use all`);
      const vars = normalizeMap(req.processVariables, maxFileSize);
      const results: CorrelationResult[] = [];
      for (const st of starts) {
        const started = await signals.startAt(st.definition_id, st.activity_id, { businessKey: req.businessKey ?? null, variables: vars, startUserId: access.userId ?? null }, {
          extra: [{ table: 'engine_op_log', row: opRow(access, { operation_type: 'Create', entity_type: 'ProcessInstance', definition_id: st.definition_id }) }],
        });
        results.push({
          resultType: 'ProcessDefinition',
          processInstance: { id: started.id, definitionId: started.def.id, businessKey: req.businessKey ?? null, tenantId: started.def.tenantId, ended: started.ended, suspended: false },
          execution: null,
          ...(req.variablesInResultEnabled && { variables: forOutput(started.variables) }),
        });
      }
      for (const s of req.all ? subs : subs.slice(0, 1)) {
        try {
          const after = await runner.step(s.instance_id, (ctx) => {
            const p = ctx.postponed().find((a) => a.executionId === s.id);
            if (!p) throw new NotFoundError(`Message subscription '${s.id}' is gone`);
            ctx.setVariables(vars);
            ctx.actor(s.id, access.userId ?? null);
            // The waiting element's own API: a message event definition listens on its parent event's execution id.
            p.signal({ id: s.activity_id, executionId: s.id });
            return ctx.variables;
          });
          const inst = await db('engine_instance').where({ id: s.instance_id }).first();
          results.push({
            resultType: 'Execution',
            processInstance: { id: inst.id, definitionId: inst.definition_id, businessKey: inst.business_key ?? null, tenantId: inst.tenant_id ?? null, ended: inst.state !== 'ACTIVE', suspended: false },
            execution: { id: s.id, processInstanceId: s.instance_id, ended: true, tenantId: s.tenant_id ?? null },
            ...(req.variablesInResultEnabled && { variables: forOutput(after) }),
          });
        } catch (err) {
          if (!(err instanceof NotFoundError) || !req.all) throw err instanceof NotFoundError ? new InvalidRequestError(`Cannot correlate message '${req.messageName}': ${err.message}`) : err;
        }
      }
      return results;
    },

    signal: (req, access) => signals.signal(req, access),
    deliverPendingSignals: () => signals.deliverPendingSignals(),

    async listIncidents(f, access) { const q = incidentQuery(db, f, access).where('state', 'open'); page(q, f); return (await q.orderBy('created')).map(incidentDto); },
    async countIncidents(f, access) { return num((await incidentQuery(db, f, access).where('state', 'open').count({ c: '*' }).first())?.c ?? 0); },
    async historyIncidents(f, access) {
      const q = incidentQuery(db, f, access);
      if (f.open) q.where('state', 'open');
      if (f.resolved) q.where('state', 'resolved');
      page(q, f);
      return (await q.orderBy('created')).map(incidentDto);
    },
    async historyProcessInstances(f, access) {
      const q = historyInstanceQuery(db, f, access);
      q.orderBy(sortColumn({ startTime: 'i.start_time', endTime: 'i.end_time', instanceId: 'i.id', definitionKey: 'i.definition_key', definitionId: 'i.definition_id', businessKey: 'i.business_key', tenantId: 'i.tenant_id' }, f.sortBy, 'i.start_time', 'historic process instances'), f.sortOrder ?? 'asc');
      page(q, f);
      return (await q).map(historicInstanceDto);
    },
    async historyActivityInstances(f, access) {
      const q = tenantScope(db('engine_hist_activity'), access);
      if (f.processInstanceId) q.where('instance_id', f.processInstanceId);
      if (f.processInstanceIds?.length) q.whereIn('instance_id', f.processInstanceIds);
      if (f.processDefinitionId) q.where('definition_id', f.processDefinitionId);
      if (f.processDefinitionKey) q.where('definition_key', f.processDefinitionKey);
      if (f.activityId) q.where('activity_id', f.activityId);
      if (f.activityType) q.where('activity_type', `bpmn:${f.activityType.replace(/^./, (c) => c.toUpperCase())}`);
      if (f.finished) q.whereNotNull('end_time');
      if (f.unfinished) q.whereNull('end_time');
      tenantFilter(q, f);
      q.orderBy('start_time', f.sortOrder ?? 'asc').orderBy('id');
      page(q, f);
      return (await q).map(activityDto);
    },
    async userOperations(f, access) {
      const q = tenantScope(db('engine_op_log'), access);
      if (f.userId) q.where('user_id', f.userId);
      if (f.operationType) q.where('operation_type', f.operationType);
      if (f.entityType) q.where('entity_type', f.entityType);
      if (f.processInstanceId) q.where('instance_id', f.processInstanceId);
      if (f.taskId) q.where('task_id', f.taskId);
      if (f.deploymentId) q.where('deployment_id', f.deploymentId);
      if (f.afterTimestamp) q.where('timestamp', '>', f.afterTimestamp.getTime());
      if (f.beforeTimestamp) q.where('timestamp', '<', f.beforeTimestamp.getTime());
      tenantFilter(q, f);
      q.orderBy('timestamp', 'asc');
      page(q, f);
      return (await q).map(userOperationDto);
    },
  };




  return host;
}

export type { ProcessDefinition };
export { toPlain };
