// The analyst's heatmap of one route: per element, the instances waiting there now, how many of them are past
// the element's deadline, and the share of finished passes that kept within the limit.
//
// Counted in SQL, never by reading the definition's history: a limit without days is plain time (start + limit),
// so both questions are arithmetic on start_time and end_time. A limit with days ends at a moment that depends on
// the day the pass started only (the receipt day, docs/calendar.md) — or, for plain calendar days, on the start
// itself unless the last day is a day off —, so those rows are counted per (start day, end day) and the few groups
// are judged with the calendar here. bench/heat.ts measures it with 1,000,000 history rows.
import type { Knex } from 'knex';
import type { Access, Host } from '../engine/api.js';
import { addDuration, endOfWorkingDay, isWorkingDay, nextWorkingDay, parseIsoDuration, WORKDAY_END } from '../calendar/index.js';
import { timePartMs } from '../calendar/iso-duration.js';
import { readElements, type ElementRecord } from './bpmn-elements.js';

export interface HeatLimit { duration: string; calendar: 'kz-working-days' | 'calendar'; excludeReceiptDay: boolean; text: string | null }
export interface HeatRow { activityId: string; active: number; overdue: number; finished: number; withinLimitShare: number | null; limit: HeatLimit | null }

const DAY = 86_400_000;
const KZ = 5 * 3_600_000;
/** Closing time after midnight, in ms: a working-day term ends then (18:30). */
const CLOSE = (WORKDAY_END.hour * 60 + WORKDAY_END.minute) * 60_000;

interface DayLimit { kind: 'working' | 'calendar-receipt' | 'plain'; days: number; timeMs: number; plainMs: number }

function limitOf(deadline: ElementRecord): HeatLimit {
  return {
    duration: deadline.timer!,
    calendar: deadline.properties['reglament:calendar'] === 'kz-working-days' ? 'kz-working-days' : 'calendar',
    excludeReceiptDay: deadline.properties['reglament:excludeReceiptDay'] === 'true',
    text: deadline.properties['reglament:limitText'] ?? null,
  };
}

/** Milliseconds of a limit without a date part, or null when it counts days (or does not parse). */
function plainMsOf(limit: HeatLimit): number | null {
  try {
    const d = parseIsoDuration(limit.duration);
    if (d.years || d.months || d.weeks || d.days) return null;
    return timePartMs(d);
  } catch { return null; }
}

function dayLimitOf(limit: HeatLimit): DayLimit | null {
  try {
    const d = parseIsoDuration(limit.duration);
    if (d.years || d.months || d.weeks) return null;
    const timeMs = timePartMs(d);
    const kind = limit.calendar === 'kz-working-days' ? 'working' : limit.excludeReceiptDay ? 'calendar-receipt' : 'plain';
    return { kind, days: d.days, timeMs, plainMs: d.days * DAY + timeMs };
  } catch { return null; }
}

const due = (start: Date, limit: HeatLimit) => addDuration(start, limit.duration, { calendar: limit.calendar, excludeReceiptDay: limit.excludeReceiptDay });
const ymdOf = (dayIndex: number) => new Date(dayIndex * DAY).toISOString().slice(0, 10);
const dayIndexOf = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / DAY;

/** Integers of our own making are written into the SQL: PostgreSQL then types them (a bound parameter it cannot type
 *  would be compared as json), and both dialects divide them as integers (floor, since the times are positive). */
const int = (n: number) => { if (!Number.isSafeInteger(n)) throw new Error(`heat: ${n} is not an integer`); return String(n); };

const limitsCache = new Map<string, Map<string, HeatLimit>>();

async function readLimits(xml: string): Promise<Map<string, HeatLimit>> {
  const limits = new Map<string, HeatLimit>();
  for (const el of (await readElements(xml)).values()) {
    if (el.attachedToRef && el.id === `${el.attachedToRef}-deadline` && el.timer) limits.set(el.attachedToRef, limitOf(el));
  }
  return limits;
}

export async function routeHeat(host: Host, db: Knex, definitionId: string, access: Access, now = new Date()): Promise<HeatRow[]> {
  // A definition never changes: its deadlines are read once (parsing a route takes ~100 ms), the access check each time.
  await host.getDefinition(definitionId, access);
  const limits = limitsCache.get(definitionId) ?? await readLimits(await host.getDefinitionXml(definitionId, access));
  limitsCache.set(definitionId, limits);
  if (limitsCache.size > 100) limitsCache.delete(limitsCache.keys().next().value!);
  const passes = () => db('engine_hist_activity').where({ definition_id: definitionId, canceled: false })
    .whereRaw("lower(activity_type) not like '%boundary%'");

  // One pass over the rows: the counts, and every plain-time limit in a CASE of its own (null for the others).
  const plain = [...limits].flatMap(([id, limit]) => { const ms = plainMsOf(limit); return ms === null ? [] : [[id, ms] as const]; });
  const msCase = plain.length ? `case activity_id ${plain.map(([, ms]) => `when ? then ${int(ms)}`).join(' ')} end` : 'null';
  const msBindings = plain.map(([id]) => id);
  const counted = await passes().select('activity_id',
    db.raw('sum(case when end_time is null then 1 else 0 end) as active'), db.raw('count(end_time) as finished'),
    db.raw(`sum(case when end_time is null and start_time < ${int(now.getTime())} - ${msCase} then 1 else 0 end) as overdue`, msBindings),
    db.raw(`sum(case when end_time is not null and end_time - start_time <= ${msCase} then 1 else 0 end) as within`, msBindings),
  ).groupBy('activity_id') as { activity_id: string; active: number | string; finished: number | string; overdue: number | string | null; within: number | string | null }[];
  const rows = new Map<string, HeatRow>();
  const within = new Map<string, number>();
  for (const r of counted) {
    const limit = limits.get(r.activity_id) ?? null;
    rows.set(r.activity_id, { activityId: r.activity_id, active: Number(r.active), overdue: Number(r.overdue ?? 0), finished: limit ? Number(r.finished) : 0, withinLimitShare: null, limit });
    within.set(r.activity_id, Number(r.within ?? 0));
  }
  for (const [activityId, limit] of limits) {
    const row = rows.get(activityId);
    if (!row || plainMsOf(limit) !== null) continue;
    const dl = dayLimitOf(limit);
    if (!dl) { row.finished = 0; continue; }
    const counts = await dayLimitCounts(db, passes, activityId, dl, limit, now);
    row.overdue = counts.overdue;
    within.set(activityId, counts.within);
  }
  for (const r of rows.values()) if (r.finished) r.withinLimitShare = (within.get(r.activityId) ?? 0) / r.finished;
  return [...rows.values()];
}

/**
 * A limit with days. Start key: the Kazakhstan day of the start — shifted by the closing time for working days,
 * since a request after 18:30 is received the next day. End key: the day whose closing time (plus the limit's time
 * part, which only working days carry past closing) the end does not pass. A pass still open ends «now».
 */
async function dayLimitCounts(db: Knex, passes: () => Knex.QueryBuilder, activityId: string, dl: DayLimit, limit: HeatLimit, now: Date): Promise<{ overdue: number; within: number }> {
  const startShift = dl.kind === 'working' ? KZ + (DAY - CLOSE) - 1 : KZ;
  const endShift = -(CLOSE - KZ) - (dl.kind === 'working' ? dl.timeMs : 0) - 1 + DAY;
  const nowMs = now.getTime();
  const end = `coalesce(end_time, ${int(nowMs)})`;
  const groups = await passes().where({ activity_id: activityId }).select(
    db.raw('case when end_time is null then 1 else 0 end as open'),
    db.raw(`(start_time + ${int(startShift)}) / ${DAY} as start_key`),
    db.raw(`(${end} + ${int(endShift)}) / ${DAY} as end_key`),
    db.raw(`case when ${end} - start_time <= ${int(dl.plainMs)} then 1 else 0 end as plain_ok`),
    db.raw('count(*) as n'),
  ).groupByRaw('1, 2, 3, 4') as { open: number | string; start_key: number | string; end_key: number | string; plain_ok: number | string; n: number | string }[];
  const dueKey = new Map<number, number | null>();
  /** The end key of the deadline for passes started on this key's day, or null when the plain sum decides. */
  const deadlineKey = (startKey: number): number | null => {
    if (dueKey.has(startKey)) return dueKey.get(startKey)!;
    let key: number | null;
    if (dl.kind === 'plain') {
      const lastDay = ymdOf(startKey + dl.days);
      key = isWorkingDay(lastDay) ? null : dayIndexOf(nextWorkingDay(lastDay));
    } else {
      // Noon of the start key's day stands for every start of that key: the term depends on the day only.
      const at = due(new Date(startKey * DAY - KZ + 12 * 3_600_000), limit);
      key = Math.floor((at.getTime() + KZ - (dl.kind === 'working' ? dl.timeMs : 0) - CLOSE) / DAY);
      // The term ends at closing time (plus its time part): at.getTime() === endOfWorkingDay(key) + timeMs.
      if (endOfWorkingDay(ymdOf(key)).getTime() + (dl.kind === 'working' ? dl.timeMs : 0) !== at.getTime()) key = null;
    }
    dueKey.set(startKey, key);
    return key;
  };
  let overdue = 0;
  let within = 0;
  for (const g of groups) {
    const key = deadlineKey(Number(g.start_key));
    const inTime = key === null ? Number(g.plain_ok) === 1 : Number(g.end_key) <= key;
    if (Number(g.open) === 1) { if (!inTime) overdue += Number(g.n); } else if (inTime) within += Number(g.n);
  }
  return { overdue, within };
}
