// Parses and validates one .bpmn resource on deploy, extracts the metadata the host needs per activity,
// and serializes the moddle context once so engines are built from the cached sourceContext.
import { createHash } from 'node:crypto';
import { BpmnModdle } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { ISOInterval, getDate } from '@0dep/piso';
import type { Problem } from '../errors.js';
import { checkTemplate, hasExpression } from './expressions.js';

export const camundaSchema = camunda;

/** What the host needs to know of one activity (from the BPMN, not from the engine). */
/** Who may start a definition (Camunda's candidate starters). */
export interface Starters { groups: string[]; users: string[] }

export interface ActivityMeta {
  id: string;
  type: string;
  name: string | null;
  documentation: string | null;
  properties: Record<string, string>;
  topic?: string;
  taskPriority?: string;
  assignee?: string;
  candidateUsers?: string;
  candidateGroups?: string;
  dueDate?: string;
  followUpDate?: string;
  priority?: string;
  formKey?: string;
  formRef?: { key: string; binding: string; version: string | null };
  attachedTo?: string;
  cancelActivity?: boolean;
  /** error boundary: errorCode it catches; null catches every error */
  errorCode?: string | null;
  /** error boundary: camunda:errorCodeVariable / camunda:errorMessageVariable, set to the caught error's code and message */
  errorCodeVariable?: string;
  errorMessageVariable?: string;
  messageName?: string;
  /** signal events (src/engine/signals.ts): the signal's name; a throw or end event throws it, others catch it */
  signalName?: string;
  /** a start event of the process itself (not of a sub-process) */
  processStart?: boolean;
  timer?: { kind: 'timeDuration' | 'timeDate' | 'timeCycle'; value: string; calendar: 'kz-working-days' | 'calendar'; excludeReceiptDay: boolean; excludeIssueDay?: boolean; timeZone: string | null };
}

export interface ParsedProcess {
  key: string;
  name: string | null;
  description: string | null;
  versionTag: string | null;
  historyTimeToLive: number | null;
  startableInTasklist: boolean;
  properties: Record<string, string>;
  initiatorVariable: string | null;
  /** camunda:candidateStarterGroups / candidateStarterUsers of the process; null = anyone allowed to start. */
  starters: Starters | null;
  activities: Record<string, ActivityMeta>;
  /** serialized moddle-context-serializer context (JSON text) */
  context: string;
}

export interface ParsedResource {
  name: string;
  checksum: string;
  process: ParsedProcess | null;
  errors: Problem[];
  warnings: Problem[];
}

export function checksumOf(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Elements the host runs. Anything else in an executable process is refused by id. */
/** camunda: extension elements Camunda executes and this host does not, by moddle type. */
const UNRUN_EXTENSIONS: Record<string, string> = {
  'camunda:ExecutionListener': 'an execution listener',
  'camunda:TaskListener': 'a task listener',
  'camunda:InputOutput': 'input/output mappings',
  'camunda:Connector': 'a connector',
};
const UNRUN_HINT = 'do the work in an external task (camunda:type="external") or a form, and pass variables explicitly';

const RUNNABLE = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent',
  'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ReceiveTask', 'bpmn:Task', 'bpmn:ManualTask',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway',
  'bpmn:SubProcess', 'bpmn:SequenceFlow', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
  'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group',
]);
const RUNNABLE_EVENT_DEFS = new Set(['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:ErrorEventDefinition', 'bpmn:TerminateEventDefinition']);

type El = Record<string, any> & { $type: string; id?: string };

function positionOf(xml: string, id: string | undefined): { line?: number; column?: number } {
  if (!id) return {};
  const idx = xml.search(new RegExp(`\\sid=["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`));
  if (idx < 0) return {};
  const before = xml.slice(0, idx);
  const line = before.split('\n').length;
  const column = idx - before.lastIndexOf('\n');
  return { line, column };
}

function propertiesOf(el: El): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ext of (el.extensionElements?.values ?? []) as El[]) {
    if (ext.$type !== 'camunda:Properties') continue;
    for (const p of (ext.values ?? []) as El[]) if (p.name) out[p.name] = String(p.value ?? '');
  }
  return out;
}

function documentationOf(el: El): string | null {
  const docs = (el.documentation ?? []) as El[];
  return docs.length ? docs.map((d) => String(d.text ?? '')).join('\n') : null;
}

/** Validates a timer value; returns an error message or null. */
export function checkTimerValue(kind: string, value: string): string | null {
  if (hasExpression(value)) {
    const errs = checkTemplate(value);
    return errs.length ? errs.join('; ') : null;
  }
  try {
    if (kind === 'timeDate') {
      const d = getDate(value.trim());
      if (!d || Number.isNaN(d.getTime())) return `timeDate '${value}' is not a date`;
    } else {
      new ISOInterval(value.trim()).parse();
    }
    return null;
  } catch (err) {
    return `${kind} '${value}' does not parse: ${(err as Error).message}`;
  }
}

/** Why a signal event definition cannot run here, or null. */
function signalProblem(el: El, def: El, topLevel: boolean): string | null {
  const id = el.id ?? '';
  const name = (def.signalRef as El | undefined)?.name;
  if (!name || !String(name).trim()) return `Signal event '${id}' has no signal with a name`;
  if (hasExpression(String(name))) return `Signal event '${id}': a signal name with an expression (${String(name)}) is not supported; name the signal literally`;
  if (el.$type === 'bpmn:StartEvent' && !topLevel) return `Signal start event '${id}' of a sub-process is not supported`;
  if (def.async) return `Signal event '${id}' throws asynchronously (camunda:async), which this host does not run`;
  return null;
}

/**
 * Parses one BPMN resource. Never throws for bad content: problems come back in `errors`.
 * `elements` is the host's element map (same as the engine's) used by the serializer.
 */
export async function parseBpmn(name: string, content: Buffer | string, elements: Record<string, unknown>): Promise<ParsedResource> {
  const xml = typeof content === 'string' ? content : content.toString('utf8');
  const res: ParsedResource = { name, checksum: checksumOf(content), process: null, errors: [], warnings: [] };
  const err = (message: string, id?: string, ids?: string[]): void => {
    res.errors.push({ message, ...positionOf(xml, id), ...(id && { mainElementId: id }), elementIds: ids ?? (id ? [id] : []) });
  };
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    res.errors.push({ message: `Resource '${name}' declares a DOCTYPE or ENTITY; DTDs and entities are refused (external entities, entity expansion)`, elementIds: [] });
    return res;
  }
  if (!/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*</.test(xml)) {
    res.errors.push({ message: `Resource '${name}' is not XML`, line: 1, column: 1, elementIds: [] });
    return res;
  }
  const moddle = new BpmnModdle({ camunda });
  let ctx: { rootElement: El; warnings: { message: string; element?: El; property?: string }[] };
  try {
    ctx = await moddle.fromXML(xml);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /line: (\d+)\s+column: (\d+)/.exec(msg);
    const nested = /nested error: (.*)/.exec(msg)?.[1];
    res.errors.push({ message: `Resource '${name}' is not a BPMN 2.0 document: ${nested ?? msg.split('\n')[0]}`, ...(m && { line: Number(m[1]) + 1, column: Number(m[2]) + 1 }), elementIds: [] });
    return res;
  }
  for (const w of ctx.warnings) {
    const id = w.element?.id;
    if (/unresolved reference/.test(w.message)) err(`Element '${id}' has an ${w.message} in ${w.property}`, id);
    else res.warnings.push({ message: w.message.split('\n')[0]!, ...positionOf(xml, id), ...(id && { mainElementId: id }), elementIds: id ? [id] : [] });
  }
  const root = ctx.rootElement;
  if (root?.$type !== 'bpmn:Definitions') { err(`Resource '${name}' has no bpmn:definitions root`); return res; }
  const processes = ((root.rootElements ?? []) as El[]).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable);
  if (executable.length === 0) { err(`Resource '${name}' has no executable process (isExecutable="true")`); return res; }
  if (executable.length > 1) { err(`Resource '${name}' has ${executable.length} executable processes; deploy one per file`, executable[0]!.id, executable.map((p) => p.id!)); return res; }
  const proc = executable[0]!;
  if (!proc.id || !/^[A-Za-z_][\w.-]*$/.test(proc.id)) err(`Process id '${proc.id ?? ''}' is not a valid key`, proc.id);

  const errorsById = new Map<string, El>();
  for (const e of (root.rootElements ?? []) as El[]) if (e.$type === 'bpmn:Error' && e.id) errorsById.set(e.id, e);

  const activities: Record<string, ActivityMeta> = {};
  let initiatorVariable: string | null = null;

  // Camunda runs listeners, input/output mappings and connectors; this host runs none of them (and never runs a
  // script). Deployed, they would be silently skipped, so a model that relies on them is refused instead.
  const refuseUnrun = (el: El): void => {
    const id = el.id ?? '';
    for (const x of ((el.extensionElements as El | undefined)?.values ?? []) as El[]) {
      const what = UNRUN_EXTENSIONS[x.$type];
      if (!what) continue;
      const script = (x.script as El | undefined) ?? ((x.inputParameters ?? []) as El[]).concat((x.outputParameters ?? []) as El[]).map((q) => q.definition as El | undefined).find((d) => d?.$type === 'camunda:Script');
      const format = script?.scriptFormat ? ` ${String(script.scriptFormat)}` : '';
      err(`Element '${id}' has ${what}${script ? ` with a${format} script` : ''}, which this host does not run; ${UNRUN_HINT}`, id);
    }
  };
  refuseUnrun(proc);

  const visit = (container: El): void => {
    for (const el of (container.flowElements ?? []) as El[]) {
      const id = el.id ?? '';
      refuseUnrun(el);
      if (!RUNNABLE.has(el.$type)) { err(`Element '${id}' of type ${el.$type} cannot run on this host`, id); continue; }
      if (el.$type === 'bpmn:SequenceFlow') {
        if (!el.sourceRef?.id) err(`Sequence flow '${id}' has no valid sourceRef`, id);
        if (!el.targetRef?.id) err(`Sequence flow '${id}' has no valid targetRef`, id);
        const cond = el.conditionExpression as El | undefined;
        if (cond) {
          if (cond.language) err(`Sequence flow '${id}' has a script condition (${cond.language}); only \${…} expressions are allowed`, id);
          else {
            const body = String(cond.body ?? '').trim();
            if (!hasExpression(body)) err(`Condition of sequence flow '${id}' is not a \${…} expression`, id);
            for (const m of checkTemplate(body)) err(`Condition of sequence flow '${id}': ${m}`, id);
          }
        }
        continue;
      }
      const meta: ActivityMeta = { id, type: el.$type, name: el.name ?? null, documentation: documentationOf(el), properties: propertiesOf(el) };
      const checkExpr = (attr: string, value: unknown): void => {
        if (typeof value === 'string') for (const m of checkTemplate(value)) err(`${attr} of '${id}': ${m}`, id);
      };
      for (const def of (el.eventDefinitions ?? []) as El[]) {
        if (!RUNNABLE_EVENT_DEFS.has(def.$type)) { err(`Element '${id}' uses ${def.$type}, which this host cannot run`, id); continue; }
        if (def.$type === 'bpmn:TimerEventDefinition') {
          if (el.$type === 'bpmn:StartEvent') { err(`Timer start event '${id}' is not supported`, id); continue; }
          const kind = (['timeDuration', 'timeDate', 'timeCycle'] as const).find((k) => def[k]);
          if (!kind) { err(`Timer '${id}' has no timeDuration, timeDate or timeCycle`, id); continue; }
          const value = String(def[kind].body ?? '').trim();
          const problem = checkTimerValue(kind, value);
          if (problem) err(`Timer '${id}': ${problem}`, id);
          const cal = meta.properties['reglament:calendar'];
          if (cal && cal !== 'kz-working-days' && cal !== 'calendar') err(`Timer '${id}': reglament:calendar must be kz-working-days or calendar`, id);
          meta.timer = {
            kind, value,
            calendar: cal === 'kz-working-days' ? 'kz-working-days' : 'calendar',
            excludeReceiptDay: meta.properties['reglament:excludeReceiptDay'] === 'true',
            excludeIssueDay: meta.properties['reglament:excludeIssueDay'] === 'true',
            timeZone: meta.properties['reglament:timeZone'] ?? null,
          };
        } else if (def.$type === 'bpmn:SignalEventDefinition') {
          const problem = signalProblem(el, def, container === proc);
          if (problem) err(problem, id);
          else meta.signalName = String(def.signalRef.name);
        } else if (def.$type === 'bpmn:MessageEventDefinition') {
          if (el.$type === 'bpmn:StartEvent' && container !== proc) { err(`Message start event '${id}' of a sub-process is not supported`, id); continue; }
          if (el.$type === 'bpmn:EndEvent' || el.$type === 'bpmn:IntermediateThrowEvent') { err(`Message throw event '${id}' is not supported; use an external task`, id); continue; }
          const msgName = def.messageRef?.name;
          if (!msgName) err(`Message event '${id}' has no message with a name`, id);
          else meta.messageName = msgName;
        } else if (def.$type === 'bpmn:ErrorEventDefinition') {
          const ref = def.errorRef as El | undefined;
          meta.errorCode = ref ? (ref.errorCode ?? errorsById.get(ref.id ?? '')?.errorCode ?? null) : null;
          if (def.errorCodeVariable) meta.errorCodeVariable = String(def.errorCodeVariable);
          if (def.errorMessageVariable) meta.errorMessageVariable = String(def.errorMessageVariable);
        }
      }
      switch (el.$type) {
        case 'bpmn:StartEvent':
          if (container === proc) meta.processStart = true;
          if (el.initiator) initiatorVariable = String(el.initiator);
          // the start form Camunda's tasklist shows (GET /process-definition/{id}/startForm)
          if (el.formKey) meta.formKey = String(el.formKey);
          if (el.formRef) meta.formRef = { key: String(el.formRef), binding: String(el.formRefBinding ?? 'latest'), version: el.formRefVersion != null ? String(el.formRefVersion) : null };
          break;
        case 'bpmn:ServiceTask': case 'bpmn:SendTask':
          if (el.type !== 'external') err(`Service task '${id}' must be camunda:type="external" (class, expression and connector implementations cannot run here)`, id);
          else if (!el.topic || !String(el.topic).trim()) err(`External task '${id}' has no camunda:topic`, id);
          meta.topic = el.topic;
          if (el.taskPriority != null) { meta.taskPriority = String(el.taskPriority); checkExpr('camunda:taskPriority', meta.taskPriority); }
          break;
        case 'bpmn:UserTask':
          for (const attr of ['assignee', 'candidateUsers', 'candidateGroups', 'dueDate', 'followUpDate', 'priority', 'formKey'] as const) {
            if (el[attr] != null && el[attr] !== '') { (meta as unknown as Record<string, string>)[attr] = String(el[attr]); checkExpr(`camunda:${attr}`, String(el[attr])); }
          }
          if (el.formRef) meta.formRef = { key: String(el.formRef), binding: String(el.formRefBinding ?? 'latest'), version: el.formRefVersion != null ? String(el.formRefVersion) : null };
          break;
        case 'bpmn:ReceiveTask': {
          const msgName = (el.messageRef as El | undefined)?.name;
          if (!msgName) err(`Receive task '${id}' has no message with a name`, id);
          else meta.messageName = msgName;
          break;
        }
        case 'bpmn:BoundaryEvent':
          meta.attachedTo = el.attachedToRef?.id;
          meta.cancelActivity = el.cancelActivity !== false;
          if (!meta.attachedTo) err(`Boundary event '${id}' is not attached to an activity`, id);
          break;
        case 'bpmn:SubProcess':
          if (el.triggeredByEvent) { err(`Event sub-process '${id}' is not supported`, id); break; }
          visit(el);
          break;
      }
      if (el.loopCharacteristics) err(`Element '${id}' has loop or multi-instance characteristics, which this host does not run`, id);
      activities[id] = meta;
    }
  };
  visit(proc);
  if (!Object.values(activities).some((a) => a.type === 'bpmn:StartEvent')) err(`Process '${proc.id}' has no start event`, proc.id);
  if (res.errors.length) return res;

  let context: string;
  try {
    context = serializer(ctx as never, TypeResolver(elements as never)).serialize();
  } catch (e) {
    err(`Resource '${name}' cannot be prepared for execution: ${(e as Error).message}`);
    return res;
  }
  const properties = propertiesOf(proc);
  const list = (v: unknown) => String(v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const starterGroups = list((proc as El).candidateStarterGroups);
  const starterUsers = list((proc as El).candidateStarterUsers);
  res.process = {
    key: proc.id!,
    name: proc.name ?? null,
    description: documentationOf(proc),
    versionTag: proc.versionTag ?? null,
    historyTimeToLive: proc.historyTimeToLive != null ? Number(proc.historyTimeToLive) : null,
    startableInTasklist: proc.isStartableInTasklist !== false,
    properties,
    initiatorVariable,
    starters: starterGroups.length || starterUsers.length ? { groups: starterGroups, users: starterUsers } : null,
    activities,
    context,
  };
  return res;
}
