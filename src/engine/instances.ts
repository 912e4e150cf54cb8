// Runs one step of one instance durably: load state → recover → resume → act → diff waits → save under `rev`,
// all wait rows, history rows and the new state in one transaction. Engines are not kept: the database is the truth.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import { NotFoundError, OptimisticLockingError, ProcessEngineError } from '../errors.js';
import { existsToKnex, existsToSqlite, toKnex, toSqlite, type Exists, type Statement } from '../store/engine-statements.js';
import type { SqliteLane } from '../store/sqlite-lane.js';
import type { Calendar, VariableMap } from './api.js';
import type { ActivityMeta, Starters } from './definitions.js';
import { HostTimers, createEngine, type EngineLike, type ExecutionLike, type PostponedLike, type SourceContext } from './engine-factory.js';
import { resolveTemplate, variableScope } from './expressions.js';
import { splitTransient, toPlainMap } from './variables.js';
import { TICKET_TABLE, sealCredentials } from './credential-tickets.js';
import { ENGINE_STATE_VERSION, readEngineState } from './state-format.js';
import { EXT_LOG_TABLE, LogState, endStatement, logRow } from './external-task-log.js';

export interface DefinitionEntry {
  id: string;
  key: string;
  version: number;
  versionTag: string | null;
  name: string | null;
  tenantId: string | null;
  deploymentId: string;
  activities: Record<string, ActivityMeta>;
  initiatorVariable: string | null;
  /** Candidate starters; null (or absent in definitions deployed before they were read) = anyone who may start. */
  starters: Starters | null;
  context: SourceContext;
}

export interface Waits { ext: string[]; user: string[]; timer: string[]; msg: string[] }
const emptyWaits = (): Waits => ({ ext: [], user: [], timer: [], msg: [] });

export interface InstanceRow {
  id: string; definition_id: string; definition_key: string; business_key: string | null; tenant_id: string | null;
  state: string; start_time: number | string; end_time: number | string | null; start_user_id: string | null;
  rev: number; engine_state: string | null; variables: string; waits: string;
  /** Format of engine_state (state-format.ts); absent before the row is first saved. */
  engine_state_version?: number;
}

/** What an action may do inside a step. */
export interface StepContext {
  readonly instance: InstanceRow;
  readonly definition: DefinitionEntry;
  readonly execution: ExecutionLike;
  readonly timers: HostTimers;
  readonly variables: VariableMap;
  postponed(): PostponedLike[];
  /**
   * Sets typed process variables (written to the row and the engine's process environment). Transient ones
   * (valueInfo.transient: true) reach the engine only: the rest of this step sees them, nothing stores them.
   */
  setVariables(vars: VariableMap): void;
  /** Who acted on an activity instance (history assignee) and its local variables. */
  actor(executionId: string, who: string | null, localVariables?: VariableMap): void;
  /** The external task `executionId` was completed by its worker: its log row says successful, not deleted. */
  succeeded(executionId: string): void;
  /** An extra row inserted in the step's transaction (e.g. the user-operation log). */
  insertRow(table: string, row: Record<string, unknown>): void;
  /** Called after commit. */
  afterCommit(fn: () => void): void;
}

/** The fixed facts of a wait row (task id → its instance), enough to act on it without reading the row. */
export interface WaitOwner { instanceId: string; tenantId: string | null; definitionId: string; definitionKey: string; activityId: string }

/**
 * A condition the step's commit checks inside its transaction: `exists` must return a row, else the step is rolled
 * back and `StepGuardError` is thrown (the caller then reads the row and reports why).
 */
export interface StepGuard { exists: Exists }
export class StepGuardError extends Error {}

interface HistEvent { executionId: string; activityId: string; type: string; at: number; kind: 'start' | 'end' | 'cancel'; parent: string | null }

export interface StepDeps {
  db: Knex;
  /** SQLite only: the hot path to the connection (group commit). */
  lane: SqliteLane | null;
  calendar: Calendar;
  definition(id: string): Promise<DefinitionEntry>;
  now(): number;
  onExternalTasks(topics: { topicName: string; tenantId: string | null }[]): void;
  /** Signals a step threw, after its commit (their engine_signal rows: src/engine/signals.ts delivers them). */
  onSignals?(ids: string[]): void;
}

/** What a step's engine reported: activity events for history, and the names of the signals it threw. */
interface Sink { events: HistEvent[]; signals: string[] }

/** Flattens postponed activities, descending into sub-processes. */
export function flattenPostponed(list: PostponedLike[]): PostponedLike[] {
  const out: PostponedLike[] = [];
  for (const p of list) {
    out.push(p);
    if (p.type === 'bpmn:SubProcess' && typeof p.getPostponed === 'function') out.push(...flattenPostponed(p.getPostponed()));
  }
  return out;
}

function listenerFor(sink: Sink, now: () => number): EventEmitter {
  const l = new EventEmitter();
  const rec = (kind: HistEvent['kind']) => (api: { id: string; type: string; executionId: string; content?: { parent?: { executionId?: string } } }) => {
    if (!api.type || api.type === 'bpmn:SequenceFlow' || api.type === 'bpmn:Process') return;
    // event-definition events carry the owning event's executionId; only their end (the event fired) matters
    if (api.type.endsWith('EventDefinition') && kind !== 'end') return;
    sink.events.push({ executionId: api.executionId, activityId: api.id, type: api.type, at: now(), kind, parent: api.content?.parent?.executionId ?? null });
  };
  l.on('activity.start', rec('start'));
  l.on('activity.end', rec('end'));
  l.on('activity.discard', rec('cancel'));
  l.on('activity.error', rec('cancel'));
  // a signal throw or end event: the engine has already delivered it to this instance's own catches
  l.on('activity.signal', (api: { content?: { state?: string; message?: { name?: string } } }) => {
    const name = api.content?.message?.name;
    if (api.content?.state === 'throw' && name) sink.signals.push(name);
  });
  return l;
}

/** A live engine kept between steps; valid only while the row's rev is still `row.rev`. */
interface LiveEngine {
  row: InstanceRow;
  def: DefinitionEntry;
  engine: EngineLike;
  execution: ExecutionLike;
  timers: HostTimers;
  sink: Sink;
  failure: { error: Error | null };
  ended: { value: boolean };
  /** True when kept from this process's last step of the instance: its engine already holds the row's variables. */
  cached?: boolean;
}

export class InstanceRunner {
  private readonly locks = new Map<string, Promise<unknown>>();
  /** LRU of live engines (Map keeps insertion order). A cache only: the rev check decides. */
  private readonly live = new Map<string, LiveEngine>();
  /** Task ids this process created or saw → their owner; bounded; a hint only (the step re-checks in the engine). */
  private readonly owners = new Map<string, WaitOwner>();
  private static readonly ownerLimit = 10_000;
  constructor(private readonly deps: StepDeps, private readonly cacheSize = 0) {}

  /** Serializes calls per instance inside this process; `rev` serializes across processes. */
  private async exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(id, tail);
    try { return await run; } finally { if (this.locks.get(id) === tail) this.locks.delete(id); }
  }

  evictAll(): void { this.live.clear(); this.owners.clear(); }

  /** The owner of an external or user task created by a step of this process, if still remembered. */
  waitOwner(taskId: string): WaitOwner | undefined { return this.owners.get(taskId); }

  private remember(id: string, o: WaitOwner): void {
    this.owners.set(id, o);
    if (this.owners.size > InstanceRunner.ownerLimit) this.owners.delete(this.owners.keys().next().value as string);
  }

  private keep(l: LiveEngine): void {
    this.live.delete(l.row.id);
    if (this.cacheSize <= 0 || l.ended.value) return;
    this.live.set(l.row.id, l);
    while (this.live.size > this.cacheSize) this.live.delete(this.live.keys().next().value as string);
  }

  /** Starts an instance: runs to its first waits and inserts it with its waits in one transaction. */
  async start(def: DefinitionEntry, input: { businessKey: string | null; variables: VariableMap; startUserId: string | null }, extra?: (id: string) => { table: string; row: Record<string, unknown> }[],
    opts: { id?: string; startEventId?: string } = {}): Promise<{ id: string; ended: boolean; variables: VariableMap; startTime: number }> {
    // a given id makes the start idempotent: a second start with it fails on the instance row's key
    const id = opts.id ?? randomUUID();
    const { stored, transient } = splitTransient(input.variables);
    const tickets = sealCredentials(stored, id, this.deps.now());
    const timers = new HostTimers(def.activities, this.deps.calendar);
    const engine = createEngine(def.context, timers, id, opts.startEventId);
    const sink: Sink = { events: [], signals: [] };
    const failure = trapErrors(engine);
    const ended = endFlag(engine);
    const now = this.deps.now();
    const row: InstanceRow = {
      id, definition_id: def.id, definition_key: def.key, business_key: input.businessKey, tenant_id: def.tenantId,
      state: 'ACTIVE', start_time: now, end_time: null, start_user_id: input.startUserId, rev: 0, engine_state: null,
      variables: JSON.stringify(stored), waits: JSON.stringify(emptyWaits()),
    };
    // the sealed values (tickets in place of credentials) and the transient ones: never input.variables as it came
    const execution = await engine.execute({ listener: listenerFor(sink, this.deps.now), variables: toPlainMap({ ...stored, ...transient }) });
    await settle();
    if (failure.error) throw new ProcessEngineError(`Cannot start instance of '${def.key}': ${failure.error.message}`);
    const ctx = this.context(row, def, execution, timers, stored);
    Object.assign(ctx.transient, transient);
    forgetTransient(engine, execution, ctx);
    const saved = await this.save(row, def, engine, execution, timers, ctx, sink, ended.value, true, (rowId) => [...tickets, ...(extra?.(rowId) ?? [])]);
    this.keep({ row: saved.row, def, engine, execution, timers, sink, failure, ended });
    return { id, ended: ended.value, variables: ctx.variables, startTime: now };
  }

  private async load(instanceId: string): Promise<LiveEngine> {
    const cached = this.live.get(instanceId);
    if (cached) { this.live.delete(instanceId); cached.sink.events = []; cached.sink.signals = []; cached.cached = true; return cached; }
    const row = await this.deps.db<InstanceRow>('engine_instance').where({ id: instanceId }).first();
    if (!row || row.state !== 'ACTIVE' || !row.engine_state) throw new NotFoundError(`Process instance '${instanceId}' is not running`);
    const state = readEngineState<StoredState>(row.id, row.engine_state, row.engine_state_version);
    const def = await this.deps.definition(row.definition_id);
    const timers = new HostTimers(def.activities, this.deps.calendar);
    const engine = createEngine(def.context, timers, row.id);
    for (const d of state.definitions) d.id = def.context.id;
    seedVariables(state, toPlainMap(JSON.parse(row.variables) as VariableMap));
    const failure = trapErrors(engine);
    const ended = endFlag(engine);
    engine.recover(state);
    const sink: Sink = { events: [], signals: [] };
    const execution = await engine.resume({ listener: listenerFor(sink, this.deps.now) });
    return { row, def, engine, execution, timers, sink, failure, ended };
  }

  /**
   * Runs `action` on an instance and saves. Retries on a revision conflict (another node or a
   * variable update won); the action sees fresh state each time, so it must re-check its preconditions.
   */
  async step<T>(instanceId: string, action: (ctx: StepContext) => T | Promise<T>, guard?: StepGuard): Promise<T> {
    return this.exclusive(instanceId, async () => {
      for (let attempt = 0; ; attempt++) {
        const l = await this.load(instanceId);
        const variables = JSON.parse(l.row.variables) as VariableMap;
        const ctx = this.context(l.row, l.def, l.execution, l.timers, variables);
        // variables changed outside a step bump the row's rev, so only an engine loaded from the row needs them
        if (!l.cached) syncVariables(l.execution, variables);
        let result: T;
        try {
          result = await action(ctx);
          await settle();
          if (l.failure.error) throw new ProcessEngineError(`Process instance '${instanceId}' could not continue: ${l.failure.error.message}`);
          forgetTransient(l.engine, l.execution, ctx);
          const saved = await this.save(l.row, l.def, l.engine, l.execution, l.timers, ctx, l.sink, l.ended.value, false, undefined, guard);
          this.keep({ ...l, row: saved.row });
          return result;
        } catch (err) {
          // the engine may have moved past the stored state: never reuse it
          if (err instanceof OptimisticLockingError && attempt < 8) { await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1))); continue; }
          // A cached engine may be behind its row (variables set outside a step, here or on another node), and then
          // fail where the row would not: what failed on it is tried once more from the row before it counts (a
          // failed timer loses a retry for it). Nothing was written, and the cache no longer holds that engine.
          if (l.cached && !(err instanceof OptimisticLockingError)) continue;
          throw err;
        }
      }
    });
  }

  private context(row: InstanceRow, def: DefinitionEntry, execution: ExecutionLike, timers: HostTimers, variables: VariableMap): StepContext & { saves: { table: string; row: Record<string, unknown> }[]; commits: (() => void)[]; actors: Map<string, { who: string | null; local?: VariableMap }>; transient: VariableMap; successes: Set<string> } {
    const saves: { table: string; row: Record<string, unknown> }[] = [];
    const transient: VariableMap = {};
    const commits: (() => void)[] = [];
    const actors = new Map<string, { who: string | null; local?: VariableMap }>();
    const successes = new Set<string>();
    const deps = this.deps;
    return {
      instance: row, definition: def, execution, timers, variables, saves, commits, actors, transient, successes,
      postponed: () => flattenPostponed(execution.getPostponed()),
      setVariables(vars) {
        if (!Object.keys(vars).length) return;
        const split = splitTransient(vars);
        // sealing replaces a credential in split.stored with its ticket: the engine gets that map, not `vars`
        saves.push(...sealCredentials(split.stored, row.id, deps.now()));
        Object.assign(variables, split.stored);
        Object.assign(transient, split.transient);
        syncVariables(execution, { ...split.stored, ...split.transient });
      },
      actor(executionId, who, local) { actors.set(executionId, { who, local }); },
      succeeded(executionId) { successes.add(executionId); },
      insertRow(table, row) { saves.push({ table, row }); },
      afterCommit(fn) { commits.push(fn); },
    };
  }

  private async save(row: InstanceRow, def: DefinitionEntry, engine: EngineLike, execution: ExecutionLike, timers: HostTimers,
    ctx: ReturnType<InstanceRunner['context']>, sink: Sink, ended: boolean, insert: boolean,
    extra?: (id: string) => { table: string; row: Record<string, unknown> }[], guard?: StepGuard): Promise<{ ended: boolean; row: InstanceRow }> {
    const now = this.deps.now();
    const events = sink.events;
    const oldWaits = JSON.parse(row.waits) as Waits;
    // expressions of the waits this step creates (assignee, due date, …) see the step's transient values too
    const plain = toPlainMap({ ...ctx.variables, ...ctx.transient });
    const scope = variableScope(plain);
    const evalText = (t: string | undefined): unknown => (t == null ? undefined : resolveTemplate(t, scope));
    const postponed = ended ? [] : ctx.postponed();
    const timerRefs = ended ? [] : timers.executing.filter((t) => t.owner?.executionId);

    const ext: Record<string, unknown>[] = [];
    const users: Record<string, unknown>[] = [];
    const msgs: Record<string, unknown>[] = [];
    const tms: Record<string, unknown>[] = [];
    const base = { instance_id: row.id, tenant_id: row.tenant_id };
    for (const p of postponed) {
      const meta = def.activities[p.id];
      if (!meta) continue;
      if ((meta.type === 'bpmn:ServiceTask' || meta.type === 'bpmn:SendTask') && meta.topic && p.type === meta.type) {
        ext.push({ ...base, id: p.executionId, activity_id: p.id, topic: meta.topic, priority: toInt(evalText(meta.taskPriority), 0),
          create_time: now, definition_id: def.id, definition_key: def.key, version_tag: def.versionTag, business_key: row.business_key, retries: null });
      } else if (meta.type === 'bpmn:UserTask' && p.type === 'bpmn:UserTask') {
        const deadline = timerRefs.find((t) => t.owner?.id === `${p.id}-deadline`);
        const dueExpr = evalText(meta.dueDate);
        const due = deadline ? deadline.expireAt.getTime() : toTime(dueExpr);
        const groups = splitList(evalText(meta.candidateGroups));
        const cusers = splitList(evalText(meta.candidateUsers));
        const assignee = evalText(meta.assignee);
        users.push({ ...base, id: p.executionId, task_definition_key: p.id, name: meta.name, description: meta.documentation,
          assignee: assignee == null || assignee === '' ? null : String(assignee), owner: null,
          candidate_users: listText(cusers), candidate_groups: listText(groups), created: now, last_updated: now,
          due, follow_up: toTime(evalText(meta.followUpDate)), priority: toInt(evalText(meta.priority), 50), form_key: meta.formKey ?? null,
          form_ref: meta.formRef ? JSON.stringify(meta.formRef) : null, definition_id: def.id, definition_key: def.key,
          business_key: row.business_key, documentation: meta.documentation, properties: JSON.stringify(meta.properties), rev: 1 });
      } else if (meta.messageName && (p.type === 'bpmn:ReceiveTask' || p.type === 'bpmn:MessageEventDefinition' || p.type === 'bpmn:IntermediateCatchEvent' || p.type === 'bpmn:BoundaryEvent')) {
        msgs.push({ ...base, id: p.executionId, activity_id: p.id, message_name: meta.messageName, business_key: row.business_key, created: now });
      } else if (meta.signalName && (meta.type === 'bpmn:IntermediateCatchEvent' || meta.type === 'bpmn:BoundaryEvent') && (p.type === 'bpmn:SignalEventDefinition' || p.type === meta.type)) {
        msgs.push({ ...base, id: p.executionId, activity_id: p.id, message_name: meta.signalName, event_type: 'signal', business_key: row.business_key, created: now });
      }
    }
    for (const t of timerRefs) {
      const owner = t.owner!;
      tms.push({ ...base, id: `${owner.executionId}@${t.expireAt.getTime()}`, activity_id: owner.id, execution_id: owner.executionId, due_at: t.expireAt.getTime() });
    }
    const uniq = (rows: Record<string, unknown>[]) => [...new Map(rows.map((r) => [String(r.id), r])).values()];
    const next: Waits = { ext: uniq(ext).map((r) => String(r.id)), user: uniq(users).map((r) => String(r.id)), timer: uniq(tms).map((r) => String(r.id)), msg: uniq(msgs).map((r) => String(r.id)) };

    let engineState: string | null = null;
    if (!ended) {
      // the execution's own getState is synchronous: no other step's continuation runs between snapshot and save
      const st = engine.execution ? engine.execution.getState() : await engine.getState();
      // the host's contexts serialize to undefined (engine-factory.ts), which JSON leaves out; others are dropped here
      for (const d of st.definitions) if (d.source !== undefined) delete d.source;
      engineState = JSON.stringify(st);
    }
    const newTopics: { topicName: string; tenantId: string | null }[] = [];
    const db = this.deps.db;
    const stmts: Statement[] = [];
    const variablesText = JSON.stringify(ctx.variables);
    const waitsText = JSON.stringify(next);
    const fields = {
      engine_state: engineState, engine_state_version: ENGINE_STATE_VERSION, variables: variablesText, waits: waitsText,
      state: ended ? 'COMPLETED' : 'ACTIVE', end_time: ended ? now : null,
    };
    if (insert) stmts.push({ op: 'insert', table: 'engine_instance', rows: [{ ...row, ...fields, rev: 1, start_activity_id: events.find((e) => e.kind === 'start')?.activityId ?? null }] });
    else stmts.push({ op: 'update', table: 'engine_instance', set: { ...fields, rev: row.rev + 1 }, where: { eq: { id: row.id, rev: row.rev } } });
    for (const x of extra?.(row.id) ?? []) stmts.push({ op: 'insert', table: x.table, rows: [x.row] });
    const kinds: [keyof Waits, string, Record<string, unknown>[]][] = [['ext', 'engine_external_task', ext], ['user', 'engine_user_task', users], ['timer', 'engine_timer', tms], ['msg', 'engine_message_subscription', msgs]];
    const forgotten: string[] = [];
    const learnt: Record<string, unknown>[] = [];
    for (const [kind, table, rows] of kinds) {
      const keep = new Set(next[kind]);
      const gone = oldWaits[kind].filter((id) => !keep.has(id));
      // the external task log copies an ending task's row before it is deleted, in this commit
      if (kind === 'ext') for (const id of gone) stmts.push(endStatement(id, ctx.successes.has(id) ? LogState.successful : LogState.deleted, now));
      if (gone.length) stmts.push({ op: 'delete', table, where: { in: ['id', gone] } });
      const had = new Set(oldWaits[kind]);
      const fresh = uniq(rows).filter((r) => !had.has(String(r.id)));
      if (kind === 'ext' && fresh.length) stmts.push({ op: 'insert', table: EXT_LOG_TABLE, rows: fresh.map((r) => logRow(r, LogState.created, now)) });
      if (kind === 'ext' || kind === 'user') { forgotten.push(...gone); learnt.push(...fresh); }
      if (fresh.length) stmts.push({ op: 'insert', table, rows: fresh, ignoreConflict: true });
      if (kind === 'ext') for (const r of fresh) newTopics.push({ topicName: String(r.topic), tenantId: (r.tenant_id as string | null) ?? null });
    }
    if (oldWaits.ext.length || oldWaits.timer.length) {
      // Incidents of tasks and timers that no longer wait end with them. A task completed by its worker was
      // fetchable, so it had no open incident: only tasks ended otherwise are checked. A timer with an open
      // failedJob incident is never fired, so one that is gone was ended otherwise (its task went on, a cancel).
      const gone = [
        ...oldWaits.ext.filter((id) => !next.ext.includes(id) && !ctx.actors.has(id)),
        ...oldWaits.timer.filter((id) => !next.timer.includes(id)),
      ];
      if (gone.length) stmts.push({ op: 'update', table: 'engine_incident', set: { state: 'deleted', end_time: now }, where: { in: ['configuration', gone], eq: { state: 'open' } } });
    }
    stmts.push(...this.historyStatements(row, def, events, ctx.actors, ended, now));
    // Thrown signals are outbox rows of this commit: delivered to other instances from there, once (signals.ts).
    const thrown = sink.signals.map((name) => ({ id: randomUUID(), name, scope: JSON.stringify({ tenants: row.tenant_id == null ? [] : [row.tenant_id], withoutTenant: true }), variables: '{}', source_instance_id: row.id, created: now }));
    if (thrown.length) stmts.push({ op: 'insert', table: 'engine_signal', rows: thrown });
    for (const x of ctx.saves) stmts.push({ op: 'insert', table: x.table, rows: [x.row] });
    // An ended instance has no step left to authorize: its credential tickets go with it.
    if (ended) stmts.push({ op: 'delete', table: TICKET_TABLE, where: { eq: { instance_id: row.id } } });
    await this.commit(stmts, !insert, row.id, guard);
    for (const id of forgotten) this.owners.delete(id);
    for (const r of learnt) this.remember(String(r.id), { instanceId: row.id, tenantId: row.tenant_id, definitionId: def.id, definitionKey: def.key, activityId: String(r.activity_id ?? r.task_definition_key) });
    for (const fn of ctx.commits) fn();
    if (newTopics.length) this.deps.onExternalTasks(newTopics);
    if (thrown.length) this.deps.onSignals?.(thrown.map((t) => t.id));
    return { ended, row: { ...row, rev: insert ? 1 : row.rev + 1, variables: variablesText, waits: waitsText, engine_state: engineState, engine_state_version: ENGINE_STATE_VERSION, state: ended ? 'COMPLETED' : 'ACTIVE' } };
  }

  private historyStatements(row: InstanceRow, def: DefinitionEntry, events: HistEvent[], actors: Map<string, { who: string | null; local?: VariableMap }>, ended: boolean, now: number): Statement[] {
    const out: Statement[] = [];
    const starts = new Map<string, Record<string, unknown>>();
    const ends: { id: string; at: number; canceled: boolean }[] = [];
    for (const e of events) {
      const meta = def.activities[e.activityId];
      const isBoundary = meta?.type === 'bpmn:BoundaryEvent';
      if (e.kind === 'start') {
        if (isBoundary) continue; // boundaries enter history only when they fire
        starts.set(e.executionId, histRow(row, def, e, meta));
      } else if (e.kind === 'end' && isBoundary) {
        if (!starts.has(e.executionId)) starts.set(e.executionId, { ...histRow(row, def, e, meta), end_time: e.at });
      } else {
        const s = starts.get(e.executionId);
        if (s) { s.end_time = e.at; s.canceled = e.kind === 'cancel'; }
        else if (!isBoundary) ends.push({ id: e.executionId, at: e.at, canceled: e.kind === 'cancel' });
      }
    }
    // Rows of earlier steps: one UPDATE per kind of end; an activity with an actor gets its own (usually one).
    const patches = new Map<string, Record<string, unknown>>();
    for (const e of ends) patches.set(e.id, { end_time: e.at, canceled: e.canceled });
    for (const [id, a] of actors) {
      const s = starts.get(id);
      // without local variables of its own the actor leaves the row's (a user task's, set while it waited) as they are
      const patch = { assignee: a.who, ...(a.local && { local_variables: JSON.stringify(a.local) }) };
      if (s) Object.assign(s, patch);
      else patches.set(id, { ...patches.get(id), ...patch });
    }
    const rows = [...starts.values()];
    for (let i = 0; i < rows.length; i += 50) out.push({ op: 'insert', table: 'engine_hist_activity', rows: rows.slice(i, i + 50), ignoreConflict: true });
    const plainEnds = new Map<boolean, string[]>();
    for (const [id, patch] of patches) {
      if ('assignee' in patch) { out.push({ op: 'update', table: 'engine_hist_activity', set: patch, where: { eq: { id } } }); continue; }
      const c = Boolean(patch.canceled);
      plainEnds.set(c, [...(plainEnds.get(c) ?? []), id]);
    }
    for (const [canceled, ids] of plainEnds) out.push({ op: 'update', table: 'engine_hist_activity', set: { end_time: now, canceled }, where: { in: ['id', ids], isNull: 'end_time' } });
    if (ended) out.push({ op: 'update', table: 'engine_hist_activity', set: { end_time: now, canceled: true }, where: { eq: { instance_id: row.id }, isNull: 'end_time' } });
    return out;
  }

  /**
   * Commits a step's statements atomically. The first one is the instance row; with `revCheck` it must change
   * exactly one row, else OptimisticLockingError. On SQLite the whole step is one batch of the lane (one hop to the
   * driver's thread instead of one per statement, shared with the steps queued beside it): values are inlined with
   * knex's escaping, and a failed rev check aborts the batch by evaluating json() on text that is not JSON.
   */
  private async commit(stmts: Statement[], revCheck: boolean, instanceId: string, guard?: StepGuard): Promise<void> {
    const db = this.deps.db;
    const conflict = () => new OptimisticLockingError(`Process instance '${instanceId}' was changed by another call`);
    if (this.deps.lane) {
      // the guard runs first, before the step's statements delete the row it looks at; a bad JSON path marks its failure
      const check = guard ? [`SELECT CASE WHEN NOT EXISTS (${existsToSqlite(guard.exists)}) THEN json_extract('{}', 'guard') END`] : [];
      const body = [...check, toSqlite(stmts[0]!), ...(revCheck ? ["SELECT CASE WHEN changes() = 0 THEN json('rev conflict') END"] : []), ...stmts.slice(1).map(toSqlite)];
      try {
        await this.deps.lane!.commit(body);
      } catch (err) {
        if (/malformed JSON/.test((err as Error).message)) throw conflict();
        if (/bad JSON path: 'guard'/.test((err as Error).message)) throw new StepGuardError('step guard failed');
        throw err;
      }
      return;
    }
    await db.transaction(async (trx) => {
      const n = await toKnex(db, stmts[0]!).transacting(trx);
      if (revCheck && n !== 1) throw conflict();
      // after the instance row's lock, so the guard sees what no concurrent step of this instance can change
      if (guard && !(await existsToKnex(db, guard.exists).forUpdate().transacting(trx)).length) throw new StepGuardError('step guard failed');
      for (const q of stmts.slice(1)) await toKnex(db, q).transacting(trx);
    });
  }
}


function histRow(row: InstanceRow, def: DefinitionEntry, e: HistEvent, meta: ActivityMeta | undefined): Record<string, unknown> {
  return {
    id: e.executionId, instance_id: row.id, activity_id: e.activityId, activity_name: meta?.name ?? null,
    activity_type: meta?.type ?? e.type, definition_id: def.id, definition_key: def.key, parent_id: e.parent,
    task_id: meta?.type === 'bpmn:UserTask' ? e.executionId : null, assignee: null, start_time: e.at, end_time: null,
    canceled: false, tenant_id: row.tenant_id, local_variables: null,
  };
}

interface StoredEnvironment { variables?: Record<string, unknown> }
interface StoredState { definitions: { id?: string; environment?: StoredEnvironment; execution?: { processes?: { environment?: StoredEnvironment }[] } }[] }

/**
 * Puts the row's variables into the stored definition and process environments before recovery. A timer already
 * due fires while the engine resumes, before the step's action (and syncVariables) runs; without this, a variable
 * changed outside a step — say, to fix the cause of a failed timer — would not be what that firing sees.
 */
function seedVariables(state: StoredState, plain: Record<string, unknown>): void {
  for (const d of state.definitions) {
    if (d.environment?.variables) Object.assign(d.environment.variables, plain);
    for (const p of d.execution?.processes ?? []) if (p.environment?.variables) Object.assign(p.environment.variables, plain);
  }
}

/** Writes typed variables into every process environment of the execution (Camunda reads them at top level). */
function syncVariables(execution: ExecutionLike, vars: VariableMap): void {
  const plain = toPlainMap(vars);
  const envs = new Set<Record<string, unknown>>();
  for (const p of flattenPostponed(execution.getPostponed())) {
    const env = (p as unknown as { owner?: { environment?: { variables?: Record<string, unknown> } } }).owner?.environment?.variables;
    if (env) envs.add(env);
  }
  for (const env of envs) Object.assign(env, plain);
}

/**
 * Takes the step's transient values out of every environment of the engine once the step has run, so the state
 * saved next (and a cached engine's next step) never holds them; a stored variable of the same name comes back.
 */
function forgetTransient(engine: EngineLike, execution: ExecutionLike, ctx: { variables: VariableMap; transient: VariableMap }): void {
  const names = Object.keys(ctx.transient);
  if (!names.length) return;
  const stored = toPlainMap(Object.fromEntries(names.filter((n) => n in ctx.variables).map((n) => [n, ctx.variables[n]!])));
  const envs = new Set<Record<string, unknown>>([engine.environment.variables]);
  for (const d of execution.definitions as unknown as { environment?: { variables?: Record<string, unknown> } }[]) if (d.environment?.variables) envs.add(d.environment.variables);
  for (const p of flattenPostponed(execution.getPostponed())) {
    const env = (p as unknown as { owner?: { environment?: { variables?: Record<string, unknown> } } }).owner?.environment?.variables;
    if (env) envs.add(env);
  }
  for (const env of envs) for (const n of names) { if (n in stored) env[n] = stored[n]; else delete env[n]; }
}

function trapErrors(engine: EngineLike): { error: Error | null } {
  const box: { error: Error | null } = { error: null };
  engine.on('error', (err: unknown) => { box.error = err instanceof Error ? err : new Error(String(err)); });
  return box;
}
function endFlag(engine: EngineLike): { value: boolean } {
  const box = { value: false };
  engine.once('end', () => { box.value = true; });
  return box;
}
const settle = () => new Promise<void>((r) => setImmediate(r));

function toInt(v: unknown, dflt: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : dflt;
}
function toTime(v: unknown): number | null {
  if (v == null || v === '') return null;
  const d = v instanceof Date ? v : new Date(String(v).replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? null : d.getTime();
}
function splitList(v: unknown): string[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  return String(v).split(',').map((s) => s.trim()).filter(Boolean);
}
/** ',a,b,' so `LIKE '%,a,%'` finds a member. */
function listText(list: string[]): string { return list.length ? `,${list.join(',')},` : ''; }
