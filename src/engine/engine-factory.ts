// Builds bpmn-engine instances the one way the host needs them: external service tasks as wait states,
// timers that never arm a native timer (the host's timer table fires them), working-day timer durations,
// Camunda-style expressions, and definitions from the cached serialized context.
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import { TypeResolver, deserialize } from 'moddle-context-serializer';
import type { Calendar } from './api.js';
import type { ActivityMeta } from './definitions.js';
import { camundaSchema } from './definitions.js';
import { engineExpressions } from './expressions.js';

/** One timer the engine asked for; `owner` is the timer content (id, executionId, expireAt). */
export interface TimerRef {
  owner: { id: string; executionId: string; parent?: { executionId?: string } } | null;
  timerId: string;
  callback: (...args: unknown[]) => void;
  delay: number;
  args: unknown[];
  expireAt: Date;
}

/**
 * bpmn-elements' timers contract without native timers: the host reads `executing` after each step,
 * writes one timer row each, and fires a timer by calling `fire(executionId)` when its row is due.
 */
export class HostTimers {
  private readonly list = new Set<TimerRef>();
  private count = 0;
  constructor(readonly activities: Record<string, ActivityMeta>, readonly calendar: Calendar) {}
  get executing(): TimerRef[] { return [...this.list]; }
  register(owner: TimerRef['owner']) {
    return { setTimeout: (cb: TimerRef['callback'], delay: number, ...args: unknown[]) => this.add(owner, cb, delay, args), clearTimeout: (ref: TimerRef) => this.clearTimeout(ref) };
  }
  setTimeout(cb: TimerRef['callback'], delay: number, ...args: unknown[]): TimerRef { return this.add(null, cb, delay, args); }
  clearTimeout(ref: TimerRef | undefined): undefined { if (ref) this.list.delete(ref); return undefined; }
  /** Fires the timer of that event-definition execution id; false when the engine holds no such timer. */
  fire(executionId: string): boolean {
    for (const ref of this.list) {
      if (ref.owner?.executionId === executionId) { this.list.delete(ref); ref.callback(...ref.args); return true; }
    }
    return false;
  }
  private add(owner: TimerRef['owner'], callback: TimerRef['callback'], delay: number, args: unknown[]): TimerRef {
    const ownerExpire = (owner as { expireAt?: Date | string } | null)?.expireAt;
    const ref: TimerRef = { owner, timerId: `timer_${this.count++}`, callback, delay, args, expireAt: ownerExpire ? new Date(ownerExpire) : new Date(Date.now() + delay) };
    this.list.add(ref);
    return ref;
  }
}

type Ctor = (this: unknown, ...args: unknown[]) => unknown;
const BaseTimer = Elements.TimerEventDefinition as unknown as Ctor & { prototype: { parse(kind: string, value: string): { expireAt?: Date; delay?: number; repeat?: number } } };

/** TimerEventDefinition whose timeDuration counts working days when the event says reglament:calendar = kz-working-days. */
function WorkingDayTimerEventDefinition(this: { activity: { id: string }; environment: { timers: unknown } }, activity: unknown, eventDefinition: unknown) {
  BaseTimer.call(this, activity, eventDefinition);
}
WorkingDayTimerEventDefinition.prototype = Object.create(BaseTimer.prototype);
WorkingDayTimerEventDefinition.prototype.constructor = WorkingDayTimerEventDefinition;
WorkingDayTimerEventDefinition.prototype.parse = function parse(this: { activity: { id: string }; environment: { timers: unknown } }, kind: string, value: string) {
  const timers = this.environment.timers;
  const meta = timers instanceof HostTimers ? timers.activities[this.activity.id] : undefined;
  // A timer that names its reglament:calendar is a legal term and goes through the calendar: working days, and
  // calendar days that exclude the receipt or issue day or end on a day off, are not plain ISO arithmetic
  // (docs/calendar.md). A timer without one keeps BPMN's plain arithmetic, as in Camunda.
  if (kind === 'timeDuration' && meta?.timer && meta.properties['reglament:calendar'] !== undefined && timers instanceof HostTimers) {
    const now = new Date();
    const expireAt = timers.calendar.addDuration(now, value.trim(), {
      calendar: meta.timer.calendar, excludeReceiptDay: meta.timer.excludeReceiptDay, excludeIssueDay: meta.timer.excludeIssueDay, timeZone: meta.timer.timeZone ?? 'Asia/Almaty',
    });
    return { expireAt, delay: expireAt.getTime() - now.getTime(), repeat: undefined };
  }
  return BaseTimer.prototype.parse.call(this, kind, value);
};

function ServiceTask(this: unknown, def: { behaviour?: { type?: string } }, ctx: unknown) {
  // camunda:type="external" is a wait state completed by signal (engine-notes §3, approach A).
  return def.behaviour?.type === 'external'
    ? (Elements.SignalTask as unknown as Ctor)(def, ctx)
    : (Elements.ServiceTask as unknown as Ctor)(def, ctx);
}
function SendTask(this: unknown, def: { behaviour?: { type?: string } }, ctx: unknown) {
  return def.behaviour?.type === 'external'
    ? (Elements.SignalTask as unknown as Ctor)(def, ctx)
    : (Elements.SendTask as unknown as Ctor)(def, ctx);
}

const BaseStartEvent = Elements.StartEvent as unknown as Ctor;
const EVENT_STARTS = new Set(['bpmn:SignalEventDefinition', 'bpmn:MessageEventDefinition']);
interface StartActivity {
  id: string; parent?: { type?: string }; environment: { settings: Record<string, unknown> };
  behaviour: { eventDefinitions?: { type: string }[] }; Behaviour: Ctor & { prototype: object }; run(...args: unknown[]): unknown; init(...args: unknown[]): unknown;
}

/**
 * A process's start events run as Camunda runs them: only the one the instance starts at. bpmn-elements runs every
 * start event of a process at once; the host names the chosen one in `settings.startEventId` (by key: the none start,
 * or the only start event; by a signal or message: its start event). The others never run; a chosen signal or
 * message start event completes at once (its signal or message is what started the instance).
 */
function StartEvent(this: unknown, def: unknown, ctx: unknown) {
  const activity = BaseStartEvent(def, ctx) as StartActivity;
  const chosen = activity.environment.settings.startEventId;
  if (typeof chosen !== 'string' || activity.parent?.type !== 'bpmn:Process') return activity;
  if (chosen !== activity.id) {
    activity.init = () => undefined;
    activity.run = () => undefined;
    return activity;
  }
  if ((activity.behaviour.eventDefinitions ?? []).some((d) => EVENT_STARTS.has(d.type))) {
    function CompletedStart(this: { broker: unknown }, a: { broker: unknown }) { this.broker = a.broker; }
    CompletedStart.prototype.execute = function execute(this: { broker: { publish(x: string, k: string, c: unknown): void } }, msg: { content: Record<string, unknown> }) {
      this.broker.publish('execution', 'execute.completed', { ...msg.content });
    };
    activity.Behaviour = CompletedStart as unknown as StartActivity['Behaviour'];
  }
  return activity;
}

const BaseSignal = Elements.SignalEventDefinition as unknown as Ctor & { prototype: { _complete(output: unknown, options: unknown): unknown } };
interface SignalDefinition { activity: { attachedTo?: unknown; behaviour?: { cancelActivity?: boolean } }; broker: { publish(x: string, k: string, c: unknown): void }; [k: symbol]: { content: Record<string, unknown> } | undefined }

/**
 * SignalEventDefinition whose non-interrupting boundary fires at every signal while its activity runs, as in Camunda:
 * bpmn-elements fires it once; this one asks the boundary to restart first (as a repeating timer cycle does).
 */
function HostSignalEventDefinition(this: unknown, activity: unknown, eventDefinition: unknown) { BaseSignal.call(this, activity, eventDefinition); }
HostSignalEventDefinition.prototype = Object.create(BaseSignal.prototype);
HostSignalEventDefinition.prototype.constructor = HostSignalEventDefinition;
HostSignalEventDefinition.prototype._complete = function complete(this: SignalDefinition, output: unknown, options: unknown) {
  const executeMessage = this[Symbol.for('executeMessage')];
  if (this.activity.attachedTo && this.activity.behaviour?.cancelActivity === false && executeMessage) {
    this.broker.publish('execution', 'execute.repeat', { ...executeMessage.content, repeat: -1 });
  }
  return BaseSignal.prototype._complete.call(this, output, options);
};

/** The element map given both to TypeResolver (deserialize) and to every Engine. */
export const hostElements: Record<string, unknown> = {
  ...Elements,
  ServiceTask,
  SendTask,
  StartEvent,
  TimerEventDefinition: WorkingDayTimerEventDefinition,
  SignalEventDefinition: HostSignalEventDefinition,
};

export type SourceContext = { id?: string } & Record<string, unknown>;

/** Rebuilds a sourceContext from its stored JSON text. */
export function contextFromJson(text: string): SourceContext {
  return deserialize(JSON.parse(text), TypeResolver(hostElements as never)) as unknown as SourceContext;
}

/**
 * The sourceContext the host's engines run on. The host stores states without their `source` (a definition is
 * found by its version), but bpmn-engine's getState() still serializes the whole context into every state; this
 * context skips that work (a JSON.stringify of the whole definition, at every step).
 */
export function hostContextFromJson(text: string): SourceContext {
  const ctx = contextFromJson(text);
  Object.defineProperty(ctx, 'serialize', { value: () => undefined, enumerable: false });
  return ctx;
}

const silentLogger = () => ({ debug() {}, error() {}, warn() {} });

// bpmn-engine's types are loose; the host uses this narrow view of an engine.
export interface EngineLike {
  execute(opts: { listener: unknown; variables?: Record<string, unknown> }): Promise<ExecutionLike>;
  recover(state: unknown): EngineLike;
  resume(opts: { listener: unknown }): Promise<ExecutionLike>;
  stop(): Promise<void> | void;
  getState(): Promise<EngineState>;
  readonly state: string;
  readonly activityStatus: string;
  readonly environment: { variables: Record<string, unknown>; output: Record<string, unknown> };
  readonly execution: ExecutionLike | null;
  on(event: string, fn: (...args: unknown[]) => void): void;
  once(event: string, fn: (...args: unknown[]) => void): void;
}
export interface PostponedLike {
  id: string;
  type: string;
  executionId: string;
  content: Record<string, unknown> & { executionId: string; parent?: { executionId?: string } };
  owner: { id: string; type: string; attachedTo?: { id: string } };
  getPostponed?(): PostponedLike[];
  sendApiMessage(type: string, content: unknown, opts?: unknown): void;
  signal(message: unknown): void;
  discard(): void;
}
export interface ExecutionLike {
  getPostponed(): PostponedLike[];
  signal(message: unknown, options?: unknown): void;
  cancelActivity(message: unknown): void;
  stop(): void;
  /** Synchronous, unlike Engine#getState (which only wraps it in a promise). */
  getState(): EngineState;
  definitions: { getApi(): { discard(): void }; stop(): void }[];
}
export interface EngineState { definitions: { id?: string; source?: unknown }[]; [k: string]: unknown }

/** `startEventId`: the start event a new instance starts at (see StartEvent above); none when recovering. */
export function createEngine(sourceContext: SourceContext, timers: HostTimers, name: string, startEventId?: string): EngineLike {
  return new Engine({
    name,
    sourceContext,
    elements: hostElements,
    expressions: engineExpressions(),
    timers,
    moddleOptions: { camunda: camundaSchema },
    Logger: silentLogger,
    // disableTrackState: elements with nothing in flight are left out of getState() (only their counters, which
    // nothing here reads). States of the регламенты shrink by half or more, and each step serializes and writes less.
    settings: { enableDummyService: false, strict: false, disableTrackState: true, ...(startEventId && { startEventId }) },
  } as never) as unknown as EngineLike;
}
