// The analyst's heatmap of one route: per element, the instances waiting there now, how many of them are past
// the element's deadline, and the share of finished passes that kept within the limit.
import type { Access, Host } from '../engine/api.js';
import { addDuration } from '../calendar/index.js';
import { readElements, type ElementRecord } from './bpmn-elements.js';

export interface HeatRow { activityId: string; active: number; overdue: number; finished: number; withinLimitShare: number | null }

export async function routeHeat(host: Host, definitionId: string, access: Access, now = new Date()): Promise<HeatRow[]> {
  const xml = await host.getDefinitionXml(definitionId, access);
  const elements = await readElements(xml);
  const deadlines = new Map<string, ElementRecord>();
  for (const el of elements.values()) if (el.attachedToRef && el.id === `${el.attachedToRef}-deadline` && el.timer) deadlines.set(el.attachedToRef, el);
  const activities = await host.historyActivityInstances({ processDefinitionId: definitionId, maxResults: 100_000 }, access);
  const rows = new Map<string, HeatRow>();
  const row = (id: string) => rows.get(id) ?? rows.set(id, { activityId: id, active: 0, overdue: 0, finished: 0, withinLimitShare: null }).get(id)!;
  const within = new Map<string, number>();
  for (const a of activities) {
    if (a.activityType.toLowerCase().includes('boundary') || a.canceled) continue;
    const r = row(a.activityId);
    const deadline = deadlines.get(a.activityId);
    const due = deadline ? dueOf(new Date(a.startTime), deadline) : null;
    if (!a.endTime) {
      r.active++;
      if (due && due < now) r.overdue++;
    } else if (due) {
      r.finished++;
      if (new Date(a.endTime) <= due) within.set(a.activityId, (within.get(a.activityId) ?? 0) + 1);
    }
  }
  for (const r of rows.values()) if (r.finished) r.withinLimitShare = (within.get(r.activityId) ?? 0) / r.finished;
  return [...rows.values()];
}

function dueOf(start: Date, timer: ElementRecord): Date | null {
  try {
    return addDuration(start, timer.timer!, {
      calendar: timer.properties['reglament:calendar'] === 'kz-working-days' ? 'kz-working-days' : 'calendar',
      excludeReceiptDay: timer.properties['reglament:excludeReceiptDay'] === 'true',
    });
  } catch {
    return null;
  }
}
