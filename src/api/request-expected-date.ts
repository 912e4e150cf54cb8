// The date an applicant may expect the result of an open request: the working-day deadlines of the route's staff steps.
// Minute-level limits are the staff's own discipline (ПЭП and operator steps) and say nothing a citizen can plan by.
import type { Access, Host } from '../engine/api.js';
import { readElements, type ElementRecord } from '../analyst/bpmn-elements.js';
import { addDuration } from '../calendar/index.js';
import { FINAL_STATUSES, type RequestRecord } from '../registry/index.js';

/** The candidate group of the applicant's own steps on the portal route (docs/conventions.md). */
const APPLICANT_GROUP = 'applicant';

/**
 * When the result is due: the due date of the open step that runs on working days, if one is open; otherwise the
 * receipt plus every working-day limit of the route's staff steps (the act's own arithmetic: kz-working-days, the
 * receipt day excluded where the act says so). Null for a finished request, or a route whose act gives no such limit.
 */
export async function expectedDate(host: Host, request: RequestRecord, cache = new Map<string, Promise<Map<string, ElementRecord>>>()): Promise<Date | null> {
  if (FINAL_STATUSES.has(request.status)) return null;
  // The caller may read this request (checked before); the route is read in its akimat's name.
  const access: Access = { tenantIds: [request.tenantId] };
  const instance = await host.getInstance(request.processInstanceId, access).catch(() => null);
  if (!instance || instance.ended) return null;
  // Definitions never change: one read per definition and answer.
  let limitsOf = cache.get(instance.definitionId);
  if (!limitsOf) {
    limitsOf = host.getDefinitionXml(instance.definitionId, access).then(readElements).then(workingDayLimits);
    cache.set(instance.definitionId, limitsOf);
  }
  const limits = await limitsOf;
  if (!limits.size) return null;
  const open = await host.listTasks({ processInstanceId: instance.id }, access);
  const running = open.filter((t) => limits.has(t.taskDefinitionKey) && t.due).map((t) => t.due!.getTime());
  if (running.length) return new Date(Math.max(...running));
  let at = new Date(request.receivedAt);
  for (const timer of limits.values()) {
    try {
      at = addDuration(at, timer.timer!, { calendar: 'kz-working-days', excludeReceiptDay: timer.properties['reglament:excludeReceiptDay'] === 'true' });
    } catch { return null; }
  }
  return at;
}

/** Staff user task id → its deadline timer, for the deadlines counted in working days. */
function workingDayLimits(elements: Map<string, ElementRecord>): Map<string, ElementRecord> {
  const out = new Map<string, ElementRecord>();
  for (const el of elements.values()) {
    if (!el.attachedToRef || el.id !== `${el.attachedToRef}-deadline` || !el.timer) continue;
    if (el.properties['reglament:calendar'] !== 'kz-working-days') continue;
    const task = elements.get(el.attachedToRef);
    if (task?.type !== 'bpmn:UserTask') continue;
    const groups = (task.attributes.candidateGroups ?? '').split(',').map((g) => g.trim());
    if (groups.includes(APPLICANT_GROUP)) continue;
    out.set(task.id, el);
  }
  return out;
}
