// Показатели качества и доступности computed from history: per akimat, service, route and month, the share of requests
// finished within their limits (no overdue step) and of each step with a limit (a boundary timer in its definition)
// finished in time, plus the анкета averages.
import type { Knex } from 'knex';

export interface IndicatorFilter {
  /** null: every tenant */
  tenantIds: string[] | null;
  /** inclusive YYYY-MM bounds of the month of receipt */
  from?: string;
  to?: string;
}

export interface StepIndicator {
  step: string;
  elementId: string;
  finished: number;
  overdue: number;
  shareWithinLimit: number | null;
}

export interface IndicatorRow {
  tenantId: string;
  service: string;
  route: string;
  /** YYYY-MM, Kazakhstan time */
  month: string;
  requests: number;
  finished: number;
  refused: number;
  finishedWithinLimit: number;
  /** finishedWithinLimit / finished; null when nothing finished */
  shareWithinLimit: number | null;
  answers: number;
  /** averages on the анкета's 1–3 scale */
  processSatisfaction: number | null;
  informationSatisfaction: number | null;
  steps: StepIndicator[];
}

const month = (ms: number) => new Date(ms + 5 * 3_600_000).toISOString().slice(0, 7);
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : null);

async function hasTable(db: Knex, name: string): Promise<boolean> {
  return db.schema.hasTable(name);
}

export async function computeIndicators(db: Knex, filter: IndicatorFilter): Promise<IndicatorRow[]> {
  const q = db('registry_request').select('id', 'tenant_id', 'service', 'route', 'process_instance_id', 'process_definition_key', 'status', 'received_at', 'completed_at');
  if (filter.tenantIds) q.whereIn('tenant_id', filter.tenantIds);
  const requests = (await q).filter((r) => {
    const m = month(Number(r.received_at));
    return (!filter.from || m >= filter.from) && (!filter.to || m <= filter.to);
  });
  const instanceIds = requests.map((r) => String(r.process_instance_id));
  const overdue: Array<{ process_instance_id: string; element_id: string; step: string }> = [];
  const answers: Array<{ request_id: number; process_satisfaction: number; information_satisfaction: number }> = [];
  const activities: Array<{ instance_id: string; activity_id: string; activity_name: string | null; definition_id: string; end_time: number | null; canceled: boolean | number }> = [];
  const limited = new Set<string>();
  const stepLabel = new Map<string, string>();
  const engineHistory = await hasTable(db, 'engine_hist_activity');
  const definitionIds = new Set<string>();
  for (let i = 0; i < instanceIds.length; i += 500) {
    const chunk = instanceIds.slice(i, i + 500);
    overdue.push(...await db('registry_overdue_step').whereIn('process_instance_id', chunk).select('process_instance_id', 'element_id', 'step'));
    if (engineHistory) {
      const rows = await db('engine_hist_activity').whereIn('instance_id', chunk).select('instance_id', 'activity_id', 'activity_name', 'definition_id', 'end_time', 'canceled');
      for (const r of rows) { activities.push(r); definitionIds.add(String(r.definition_id)); }
    }
  }
  // A step has a limit when the definition gives it a boundary timer (docs/conventions.md: `<element-id>-deadline`).
  if (definitionIds.size && (await hasTable(db, 'engine_definition'))) {
    const defs = await db('engine_definition').whereIn('id', [...definitionIds]).select('meta');
    for (const d of defs) {
      let meta: { activities?: Record<string, { type?: string; attachedTo?: string; timer?: unknown; name?: string | null; properties?: Record<string, string> }> };
      try { meta = JSON.parse(String(d.meta)); } catch { continue; }
      const acts = meta.activities ?? {};
      for (const a of Object.values(acts)) {
        if (a.type !== 'bpmn:BoundaryEvent' || !a.timer || !a.attachedTo) continue;
        limited.add(a.attachedTo);
        const target = acts[a.attachedTo];
        const label = target?.properties?.['reglament:step'] ?? a.properties?.['reglament:step'] ?? target?.name;
        if (label && !stepLabel.has(a.attachedTo)) stepLabel.set(a.attachedTo, label);
      }
    }
  }
  for (const o of overdue) limited.add(o.element_id);
  const requestIds = requests.map((r) => Number(r.id));
  for (let i = 0; i < requestIds.length; i += 500) {
    answers.push(...await db('quality_answer').whereIn('request_id', requestIds.slice(i, i + 500)).select('request_id', 'process_satisfaction', 'information_satisfaction'));
  }

  const overdueByInstance = new Map<string, Set<string>>();
  for (const o of overdue) {
    if (!overdueByInstance.has(o.process_instance_id)) overdueByInstance.set(o.process_instance_id, new Set());
    overdueByInstance.get(o.process_instance_id)!.add(o.element_id);
    if (!stepLabel.has(o.element_id)) stepLabel.set(o.element_id, o.step);
  }
  const answerByRequest = new Map(answers.map((a) => [Number(a.request_id), a]));
  const activitiesByInstance = new Map<string, typeof activities>();
  for (const a of activities) {
    if (!activitiesByInstance.has(a.instance_id)) activitiesByInstance.set(a.instance_id, []);
    activitiesByInstance.get(a.instance_id)!.push(a);
  }

  interface Acc { row: IndicatorRow; steps: Map<string, { finished: number; overdue: number }>; p: number[]; i: number[] }
  const groups = new Map<string, Acc>();
  for (const r of requests) {
    const route = r.route ?? 'unknown';
    const m = month(Number(r.received_at));
    const key = `${r.tenant_id}|${r.service}|${route}|${m}`;
    let acc = groups.get(key);
    if (!acc) {
      acc = {
        row: { tenantId: r.tenant_id, service: r.service, route, month: m, requests: 0, finished: 0, refused: 0, finishedWithinLimit: 0, shareWithinLimit: null, answers: 0, processSatisfaction: null, informationSatisfaction: null, steps: [] },
        steps: new Map(), p: [], i: [],
      };
      groups.set(key, acc);
    }
    const late = overdueByInstance.get(String(r.process_instance_id));
    acc.row.requests++;
    if (r.completed_at != null) {
      acc.row.finished++;
      if (r.status === 'refused') acc.row.refused++;
      if (!late?.size) acc.row.finishedWithinLimit++;
    }
    const answer = answerByRequest.get(Number(r.id));
    if (answer) { acc.row.answers++; acc.p.push(answer.process_satisfaction); acc.i.push(answer.information_satisfaction); }
    for (const a of activitiesByInstance.get(String(r.process_instance_id)) ?? []) {
      if (!limited.has(a.activity_id) || a.end_time == null || a.canceled === true || a.canceled === 1) continue;
      const s = acc.steps.get(a.activity_id) ?? { finished: 0, overdue: 0 };
      s.finished++;
      if (late?.has(a.activity_id)) s.overdue++;
      acc.steps.set(a.activity_id, s);
    }
    // A breach recorded for a step the engine history does not show finished still counts against it.
    for (const el of late ?? []) if (!acc.steps.has(el)) acc.steps.set(el, { finished: 0, overdue: 1 });
  }
  const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
  return [...groups.values()].map(({ row, steps, p, i }) => ({
    ...row,
    shareWithinLimit: ratio(row.finishedWithinLimit, row.finished),
    processSatisfaction: avg(p),
    informationSatisfaction: avg(i),
    steps: [...steps.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([elementId, s]) => ({
      step: stepLabel.get(elementId) ?? elementId, elementId, finished: s.finished, overdue: s.overdue,
      shareWithinLimit: s.finished ? ratio(Math.max(0, s.finished - s.overdue), s.finished) : null,
    })),
  })).sort((a, b) => `${a.tenantId}|${a.service}|${a.route}|${a.month}`.localeCompare(`${b.tenantId}|${b.service}|${b.route}|${b.month}`));
}

function csvCell(v: unknown): string {
  const s = v == null ? '' : String(v);
  // Quote when needed; a leading = + - @ is neutralised so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line per group and one per step of a group (level = request | step). */
export function indicatorsCsv(rows: IndicatorRow[]): string {
  const header = ['level', 'tenant', 'service', 'route', 'month', 'step', 'element', 'requests', 'finished', 'refused', 'finished_within_limit', 'share_within_limit', 'overdue', 'answers', 'process_satisfaction', 'information_satisfaction'];
  const lines = [header.join(',')];
  for (const r of rows) {
    lines.push(['request', r.tenantId, r.service, r.route, r.month, '', '', r.requests, r.finished, r.refused, r.finishedWithinLimit, r.shareWithinLimit, '', r.answers, r.processSatisfaction, r.informationSatisfaction].map(csvCell).join(','));
    for (const s of r.steps) {
      lines.push(['step', r.tenantId, r.service, r.route, r.month, s.step, s.elementId, '', s.finished, '', Math.max(0, s.finished - s.overdue), s.shareWithinLimit, s.overdue, '', '', ''].map(csvCell).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
