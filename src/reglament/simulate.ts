// Runs one route of a bundle on the real engine in-process (temporary SQLite, fake clock) with sample data:
// completes external and user tasks as the path says, fires deadlines when asked, and reports the path taken
// with each step's deadline and due date — how an analyst checks a change before deploying.
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { addDuration } from '../calendar/index.js';
import { wallTimeOf } from '../calendar/zoned-time.js';
import { createHost, type Access, type Host, type TypedValue, type VariableMap } from '../engine/index.js';
import { InvalidRequestError } from '../errors.js';
import { describeValidity, inForceOn } from './validity.js';
import { migrateLatest, openDb } from '../store/db.js';
import { readBundle } from './bundle.js';
import { withFakeDate } from './fake-date.js';
import { flowElementsOf, processesOf, propertiesOf, type ModdleElement } from './moddle.js';

export type PathValue = string | number | boolean;

export interface SimulateOptions {
  /** Variables that steer the path: decision=refusal, signatureValid=false, overdue=review, <activityId>.error=CODE. */
  path?: Record<string, PathValue>;
  /** Start instant (default now). */
  start?: Date;
  /** Simulated time each task takes before it completes (ms, default 60 000). */
  stepDuration?: number;
  maxSteps?: number;
  root?: string;
}

export interface Deadline {
  timerId: string;
  duration: string;
  calendar: 'kz-working-days' | 'calendar';
  excludeReceiptDay: boolean;
  limitText: string;
  /** Due date by src/calendar from the step's start. */
  dueAt: Date;
  /** Due date of the engine's timer row, when the step waited long enough to see it. */
  engineDueAt: Date | null;
  fired: boolean;
}

export interface SimulatedStep {
  activityId: string;
  name: string;
  type: string;
  step: string | null;
  startedAt: Date;
  endedAt: Date | null;
  deadline: Deadline | null;
}

export interface SimulationResult {
  processId: string;
  tenantId: string;
  startedAt: Date;
  steps: SimulatedStep[];
  ended: boolean;
  endEvent: { id: string; name: string; outcome: string | null } | null;
  /** Why the run stopped without reaching an end, if it did. */
  stuck: string | null;
  /** What the analyst should know about the run itself: a start date outside the act's validity window. */
  warnings: string[];
}

/** What a worker would answer, by topic (docs/conventions.md): the happy path; the path overrides it. */
const DEFAULT_OUTPUTS: Record<string, (now: Date) => Record<string, PathValue | object>> = {
  authorize: () => ({ authorized: true }),
  'eds-verify-signature': () => ({ signatureValid: true, signatureCheck: { failed: null } }),
  'gbd-fl-lookup': () => ({ personFound: true, person: { found: true, sample: true } }),
  'enis-power-of-attorney': () => ({ powerOfAttorneyValid: true }),
  'guardianship-register-lookup': () => ({ guardianshipRecordFound: true }),
  'register-request': (now) => ({ requestNumber: 'SIM-000001', receivedAt: now.toISOString() }),
  'queue-assign': () => ({ queueNumber: 1, queueGroup: 'sample' }),
  'shep-send': () => ({ shepMessageId: 'sim-shep-1' }),
  'document-generate': () => ({ documentId: 'sim-document-1', verificationCode: 'SIM-0001' }),
  'document-deliver': (now) => ({ deliveredAt: now.toISOString() }),
};

/** Parses `a=b,c=false` (or repeated `--path` values) into typed values. */
export function parsePath(specs: string[]): Record<string, PathValue> {
  const out: Record<string, PathValue> = {};
  for (const spec of specs) {
    for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new InvalidRequestError(`Invalid path entry '${pair}': expected name=value`);
      const name = pair.slice(0, eq).trim();
      const raw = pair.slice(eq + 1).trim();
      out[name] = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
    }
  }
  return out;
}

function typed(value: PathValue | object): TypedValue {
  if (typeof value === 'boolean') return { type: 'Boolean', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'Integer', value } : { type: 'Double', value };
  if (typeof value === 'string') return { type: 'String', value };
  return { type: 'Json', value: JSON.stringify(value) };
}

function toVariables(values: Record<string, PathValue | object>): VariableMap {
  const out: VariableMap = {};
  for (const [k, v] of Object.entries(values)) out[k] = typed(v);
  return out;
}

interface RouteInfo {
  elements: Map<string, ModdleElement>;
  /** activity id → its deadline timer (boundary on it, or itself for a catch timer) */
  timers: Map<string, ModdleElement>;
  /** decision values the gateways test, other than refusal */
  decisions: string[];
  /** other variables the gateways compare with a literal, and the values they test, in document order */
  tested: Map<string, string[]>;
  /** distance of each element from the start event along the flows: orders steps that share an instant */
  rank: Map<string, number>;
}

function routeInfo(definitions: ModdleElement): RouteInfo {
  const process = processesOf(definitions).find((p) => p.isExecutable);
  const elements = new Map<string, ModdleElement>();
  const timers = new Map<string, ModdleElement>();
  const decisions: string[] = [];
  const tested = new Map<string, string[]>();
  for (const e of process ? flowElementsOf(process) : []) {
    elements.set(e.id!, e);
    const isTimer = (e.eventDefinitions ?? []).some((d: ModdleElement) => d.$type === 'bpmn:TimerEventDefinition');
    if (isTimer) timers.set(e.$type === 'bpmn:BoundaryEvent' ? e.attachedToRef.id : e.id!, e);
    const body: string = e.conditionExpression?.body ?? '';
    for (const m of body.matchAll(/decision\s*==\s*['"]([\w-]+)['"]/g)) if (m[1] !== 'refusal' && !decisions.includes(m[1]!)) decisions.push(m[1]!);
    for (const m of body.matchAll(/\b([A-Za-z_]\w*)\s*==\s*['"]([\w-]+)['"]/g)) {
      if (m[1] === 'decision') continue;
      tested.set(m[1]!, [...(tested.get(m[1]!) ?? []), m[2]!]);
    }
  }
  const rank = new Map<string, number>();
  const queue = [...elements.values()].filter((e) => e.$type === 'bpmn:StartEvent');
  for (const e of queue) rank.set(e.id!, 0);
  while (queue.length) {
    const e = queue.shift()!;
    const next = [...(e.outgoing ?? []).map((f: ModdleElement) => f.targetRef), ...[...elements.values()].filter((b) => b.attachedToRef?.id === e.id)];
    for (const t of next) {
      if (t?.id && !rank.has(t.id)) { rank.set(t.id, rank.get(e.id!)! + 1); queue.push(t); }
    }
  }
  return { elements, timers, decisions, tested, rank };
}

function deadlineOf(timer: ModdleElement, from: Date): Omit<Deadline, 'engineDueAt' | 'fired'> {
  const props = propertiesOf(timer);
  const def = timer.eventDefinitions.find((d: ModdleElement) => d.$type === 'bpmn:TimerEventDefinition');
  const duration = String(def.timeDuration?.body ?? '').trim();
  const calendar = props['reglament:calendar'] === 'kz-working-days' ? 'kz-working-days' : 'calendar';
  const excludeReceiptDay = props['reglament:excludeReceiptDay'] === 'true';
  return {
    timerId: timer.id!,
    duration,
    calendar,
    excludeReceiptDay,
    limitText: props['reglament:limitText'] ?? '',
    dueAt: addDuration(from, duration, { calendar, excludeReceiptDay, excludeIssueDay: props['reglament:excludeIssueDay'] === 'true' }),
  };
}

/** An in-process engine on a temporary SQLite database with a settable fake clock; runs many simulations. */
export interface Simulator {
  run(bundleDir: string, route: string, opts?: SimulateOptions): Promise<SimulationResult>;
  close(): Promise<void>;
}

/** Opens one in-memory store and host for several runs (migrations take most of a run's time). During a run the
 *  global Date follows the simulated clock (the host's clock and bpmn-engine's timers read Date). */
export async function createSimulator(): Promise<Simulator> {
  let now = Date.now();
  const db: Knex = openDb({ sqliteFile: ':memory:' });
  let host: Host;
  try {
    await migrateLatest(db);
    host = await createHost({ db, timerPollInterval: 1000, engineCacheSize: 4 });
  } catch (e) {
    await db.destroy();
    throw e;
  }
  let runs = 0;
  return {
    async run(bundleDir, route, opts = {}) {
      runs++;
      now = (opts.start ?? new Date()).getTime();
      return withFakeDate(() => now, () => runOnce(db, host, (d) => { now = d.getTime(); }, () => new Date(now), runs, bundleDir, route, opts));
    },
    async close() {
      await host.stop();
      await db.destroy();
    },
  };
}

/** Runs a route of a bundle to its end (or until nothing can move) and returns the path taken. */
export async function simulateRoute(bundleDir: string, route: string, opts: SimulateOptions = {}): Promise<SimulationResult> {
  const simulator = await createSimulator();
  try {
    return await simulator.run(bundleDir, route, opts);
  } finally {
    await simulator.close();
  }
}

async function runOnce(
  db: Knex, host: Host, setNow: (d: Date) => void, getNow: () => Date, runNumber: number,
  bundleDir: string, route: string, opts: SimulateOptions,
): Promise<SimulationResult> {
  const bundle = await readBundle(bundleDir, { root: opts.root });
  const r = bundle.routes.find((x) => x.route === route);
  if (!r || !r.definitions || !r.processId) {
    throw new InvalidRequestError(`Bundle ${bundle.tenant}/${bundle.service} has no readable route '${route}' (routes: ${bundle.routes.map((x) => x.route).join(', ')})`);
  }
  const path = opts.path ?? {};
  const info = routeInfo(r.definitions);
  const stepMs = opts.stepDuration ?? 60_000;
  const startedAt = opts.start ?? new Date();
  setNow(startedAt);
  {
    const access: Access = { tenantIds: null, userId: 'reglament-simulate' };
    const tenantId = bundle.manifest.tenant;
    await host.deploy({
      name: `simulate ${bundle.tenant}/${bundle.service}`,
      source: 'reglament-simulate',
      tenantId,
      enableDuplicateFiltering: true,
      resources: [
        { name: r.file, content: r.xml },
        ...bundle.forms.filter((f) => f.exists).map((f) => ({ name: `${f.id}.form`, content: readFileSync(f.path) })),
        { name: 'manifest.json', content: readFileSync(`${bundle.dir}/manifest.json`) },
      ],
    }, access);

    const decision = info.decisions[0] ?? 'issued';
    const pathVars = Object.fromEntries(Object.entries(path).filter(([k]) => k !== 'overdue' && !k.endsWith('.error')));
    // A variable a gateway compares with literals (variant == 'bank') takes the first value tested unless the path sets it.
    const tested = Object.fromEntries([...info.tested].map(([name, values]) => [name, values[0]!]));
    const initial = toVariables({
      applicantIin: '000000000000', childIin: '000000000000', applicantEmail: 'applicant@example.test',
      childBirthDate: '2022-01-01', decision, ...tested, ...pathVars,
    });
    const overdue = new Set(String(path.overdue ?? '').split('+').filter(Boolean));
    const validity = bundle.manifest.validity;
    const day = wallTimeOf(startedAt).ymd;
    // The host's rule: validity.to is the last day in force, an unknown end counts as open but is said.
    const { inForce, endUnknown } = inForceOn(validity, day);
    // The run goes on (a training run may replay an old act), but says the act would refuse such a start.
    const warnings = inForce ? [] : [`the act is not in force on ${day}: its validity is ${describeValidity(validity)} (bundle manifest); a real start on that day would be refused`];
    if (inForce && endUnknown) warnings.push(`the act's end of validity is unknown (validity ${describeValidity(validity)}, bundle manifest): a real start on ${day} is accepted as in force (docs/calendar.md, «Validity of an act»)`);
    const instance = await host.startInstance(
      inForce
        ? { key: r.processId, tenantId, asOf: startedAt }
        : { key: r.processId, tenantId, override: { asOf: startedAt, reason: `reglament simulate: the act is not in force on ${day} (training run)` } },
      { variables: initial, initiator: 'applicant-sample', businessKey: `SIM-${runNumber}` },
      access,
    );
    const id = instance.id;
    const engineDue = new Map<string, Date>();
    const fired = new Set<string>();
    const readTimers = async (): Promise<Array<{ activity_id: string; due_at: number | string }>> => {
      const rows = await db('engine_timer').where({ instance_id: id }).select('activity_id', 'due_at');
      for (const row of rows) if (!engineDue.has(row.activity_id)) engineDue.set(row.activity_id, new Date(Number(row.due_at)));
      return rows;
    };
    const fireTimer = async (activityId: string, dueAt: Date): Promise<void> => {
      if (getNow() < dueAt) setNow(new Date(dueAt.getTime() + 1000));
      await host.runDueTimers(getNow());
      fired.add(activityId);
    };

    let stuck: string | null = null;
    const step = async (): Promise<'continue' | 'done' | 'stuck'> => {
      if ((await host.getInstance(id, access)).ended) return 'done';
      const timerRows = await readTimers();
      // Deadlines the path asks to breach fire before their step completes.
      const toBreach = timerRows.find((t) => {
        const timer = [...info.timers.values()].find((x) => x.id === t.activity_id);
        const owner = timer?.$type === 'bpmn:BoundaryEvent' ? timer.attachedToRef.id : t.activity_id;
        return overdue.has(owner) && !fired.has(t.activity_id);
      });
      if (toBreach) {
        await fireTimer(toBreach.activity_id, new Date(Number(toBreach.due_at)));
        return 'continue';
      }
      const externals = await host.listExternalTasks({ processInstanceId: id }, access);
      if (externals.length > 0) {
        const ext = externals[0]!;
        setNow(new Date(getNow().getTime() + stepMs));
        const [locked] = await host.fetchAndLock({ workerId: 'reglament-simulate', maxTasks: 1, topics: [{ topicName: ext.topicName, lockDuration: 60_000, processDefinitionKey: ext.processDefinitionKey }] }, access);
        if (!locked) { stuck = `external task ${ext.activityId} could not be locked`; return 'stuck'; }
        const errorCode = path[`${locked.activityId}.error`];
        if (typeof errorCode === 'string') {
          await host.handleExternalTaskBpmnError(locked.id, { workerId: 'reglament-simulate', errorCode }, access);
        } else {
          const outputs = { ...(DEFAULT_OUTPUTS[locked.topicName]?.(getNow()) ?? {}) };
          for (const k of Object.keys(outputs)) if (k in pathVars) outputs[k] = pathVars[k]!;
          await host.completeExternalTask(locked.id, { workerId: 'reglament-simulate', variables: toVariables(outputs) }, access);
        }
        return 'continue';
      }
      const tasks = await host.listTasks({ processInstanceId: id }, access);
      if (tasks.length > 0) {
        const task = tasks[0]!;
        setNow(new Date(getNow().getTime() + stepMs));
        const values: Record<string, PathValue> = { decision, ...pathVars };
        if (values.decision === 'refusal' && !('refusalReason' in values)) values.refusalReason = 'sample refusal reason';
        await host.completeTask(task.id, { variables: toVariables(values) }, access);
        return 'continue';
      }
      // Nothing to do but wait: move the clock to the next timer (a waiting step of the act).
      const next = timerRows.map((t) => ({ ...t, due: Number(t.due_at) })).sort((a, b) => a.due - b.due)[0];
      if (next) {
        await fireTimer(next.activity_id, new Date(next.due));
        return 'continue';
      }
      stuck = 'no external task, user task or timer is waiting, but the instance has not ended';
      return 'stuck';
    };
    for (let i = 0; i < (opts.maxSteps ?? 200); i++) {
      let outcome: 'continue' | 'done' | 'stuck';
      try {
        outcome = await step();
      } catch (e) {
        // The engine refused to go on (no condition held, an unknown variable…): that is the finding.
        stuck = (e as Error).message;
        break;
      }
      if (outcome !== 'continue') break;
    }
    const final = await host.getInstance(id, access);
    if (!final.ended && !stuck) stuck = `stopped after ${opts.maxSteps ?? 200} steps`;

    const history = (await host.historyActivityInstances({ processInstanceId: id }, access))
      .map((h, index) => ({ h, index }))
      // Start order; among steps started at the same instant, the one nearer the start event came first.
      .sort((a, b) => +new Date(a.h.startTime) - +new Date(b.h.startTime)
        || (info.rank.get(a.h.activityId) ?? 1e9) - (info.rank.get(b.h.activityId) ?? 1e9)
        || a.index - b.index)
      .map(({ h }) => h);
    const steps: SimulatedStep[] = [];
    let endEvent: SimulationResult['endEvent'] = null;
    for (const h of history) {
      const el = info.elements.get(h.activityId);
      if (!el || el.$type === 'bpmn:SequenceFlow' || el.$type === 'bpmn:BoundaryEvent') continue;
      const timer = info.timers.get(h.activityId);
      const deadline = timer
        ? { ...deadlineOf(timer, new Date(h.startTime)), engineDueAt: engineDue.get(timer.id!) ?? null, fired: fired.has(timer.id!) }
        : null;
      steps.push({
        activityId: h.activityId,
        name: el.name ?? h.activityId,
        type: el.$type.replace('bpmn:', ''),
        step: propertiesOf(el)['reglament:step'] ?? null,
        startedAt: new Date(h.startTime),
        endedAt: h.endTime ? new Date(h.endTime) : null,
        deadline,
      });
      if (el.$type === 'bpmn:EndEvent') {
        const outcome = propertiesOf(el)['reglament:outcome'] ?? null;
        // The main path's end wins over an escalation branch's end.
        if (!endEvent || endEvent.outcome === 'escalated') endEvent = { id: h.activityId, name: el.name ?? h.activityId, outcome };
      }
    }
    return { processId: r.processId, tenantId, startedAt, steps, ended: final.ended, endEvent, stuck, warnings };
  }
}

function almaty(d: Date): string {
  const w = wallTimeOf(d);
  return `${w.ymd} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** The report the CLI prints. */
export function formatSimulation(result: SimulationResult): string {
  const lines = [`${result.processId} (tenant ${result.tenantId}), started ${almaty(result.startedAt)} Asia/Almaty`, ...result.warnings.map((w) => `  warning: ${w}`)];
  const idWidth = Math.max(30, ...result.steps.map((s) => s.activityId.length));
  const stepWidth = Math.max(12, ...result.steps.map((s) => (s.step ?? '').length));
  lines.push(`  ${'started'.padEnd(16)}  ${'element'.padEnd(idWidth)}  ${'step'.padEnd(stepWidth)}  ${'deadline'.padEnd(34)}  due`);
  for (const s of result.steps) {
    const d = s.deadline;
    const limit = d ? `${d.duration}${d.calendar === 'kz-working-days' ? ' working days' : ''}${d.excludeReceiptDay ? ', receipt day excluded' : ''}` : '';
    const due = d ? `${almaty(d.dueAt)}${d.fired ? '  OVERDUE → escalated' : ''}${d.engineDueAt && d.engineDueAt.getTime() !== d.dueAt.getTime() ? `  (engine: ${almaty(d.engineDueAt)})` : ''}` : '';
    lines.push(`  ${almaty(s.startedAt).padEnd(16)}  ${s.activityId.padEnd(idWidth)}  ${(s.step ?? '').padEnd(stepWidth)}  ${limit.padEnd(34)}  ${due}`);
    lines.push(`      ${s.name}`);
  }
  if (result.endEvent) lines.push(`ended at ${result.endEvent.id} (${result.endEvent.outcome ?? 'end'}): ${result.endEvent.name}`);
  if (result.stuck) lines.push(`STUCK: ${result.stuck}`);
  return lines.join('\n');
}
