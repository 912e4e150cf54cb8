// The bundle manifest (docs/conventions.md, «Manifest»): its type and the checks of its fields.
import { assumedEntryIntoForce, endIsUnknown } from './validity.js';

export const ROUTES = ['provider', 'con', 'portal'] as const;
export type RouteName = (typeof ROUTES)[number];

/** One step or table action of the act, as the analyst lists it (optional `steps` of the manifest). */
export interface ManifestStep {
  step: string;
  action?: string;
  text?: string;
  limit?: { text: string; duration: string; calendar?: 'kz-working-days' | 'calendar'; excludeReceiptDay?: boolean };
}

export interface Manifest {
  tenant: string;
  service: string;
  serviceCode?: string;
  title: { ru?: string; kk?: string };
  act: {
    issuer: string;
    number: string;
    date: string;
    justiceRegistration?: { number: string; date: string };
    standard?: string;
    language: 'ru' | 'kk';
    /** The title of the регламент as the act states it. */
    regulation?: string;
    /** The approval line printed on every document under the provider: «Утвержден постановлением … от … № …». */
    approval?: { ru: string; kk: string };
  };
  /** docs/calendar.md, «Validity of an act»: a basis says whether the day is in the text or assumed by the rule. */
  validity: {
    from: string;
    fromBasis?: 'text' | 'assumed';
    /** The last day in force; `{ unknown: true }` when the text does not give the act's status; absent or null: open. */
    to?: string | { unknown: true } | null;
    toBasis?: 'text' | 'assumed';
    repealedBy?: string | null;
  };
  languages: string[];
  routes: Partial<Record<RouteName, string>>;
  forms?: string[];
  outputs?: string[];
  decisions?: Array<{ topic?: string; decision: string; reason: string; source?: string }>;
  /** Optional: the act's steps per route, for the step-deadline rule and the traceability table. */
  steps?: Partial<Record<RouteName, ManifestStep[]>>;
}

export interface ManifestProblem {
  field: string;
  message: string;
  severity: 'error' | 'warn';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const TOP_KEYS = ['$schema', 'tenant', 'service', 'serviceCode', 'title', 'act', 'validity', 'languages', 'routes', 'forms', 'outputs', 'decisions', 'steps', 'unknown'] as const;
const ACT_KEYS = ['issuer', 'number', 'date', 'justiceRegistration', 'standard', 'language', 'regulation', 'approval'] as const;

/** True for a real YYYY-MM-DD calendar day. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the manifest's fields on their own (files are checked by bundle.ts). */
export function checkManifest(raw: unknown, expected: { tenant: string; service: string }): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const err = (field: string, message: string): void => void problems.push({ field, message, severity: 'error' });
  const warn = (field: string, message: string): void => void problems.push({ field, message, severity: 'warn' });
  if (!isObject(raw)) {
    err('', 'manifest must be a JSON object');
    return problems;
  }
  const m = raw as Record<string, any>;
  const str = (field: string, value: unknown, required = true): boolean => {
    if (value === undefined || value === null) {
      if (required) err(field, 'is required');
      return false;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      err(field, 'must be a non-empty string');
      return false;
    }
    return true;
  };
  const date = (field: string, value: unknown, required = true): boolean => {
    if (value === undefined || value === null) {
      if (required) err(field, 'is required (YYYY-MM-DD)');
      return false;
    }
    if (!isIsoDate(value)) {
      err(field, `'${String(value)}' is not an ISO date YYYY-MM-DD`);
      return false;
    }
    return true;
  };

  // A misspelt key would be silently ignored: every key must be one this format defines.
  const known = (field: string, value: unknown, keys: readonly string[]) => {
    if (!isObject(value)) return;
    for (const k of Object.keys(value)) if (!keys.includes(k)) err(field ? `${field}.${k}` : k, `is not a manifest key (known${field ? ` in ${field}` : ''}: ${keys.join(', ')})`);
  };
  known('', m, TOP_KEYS);
  known('title', m.title, ['ru', 'kk']);
  known('act', m.act, ACT_KEYS);
  if (Array.isArray(m.decisions)) m.decisions.forEach((d: unknown, i: number) => known(`decisions[${i}]`, d, ['topic', 'decision', 'reason', 'source']));

  if (str('tenant', m.tenant) && m.tenant !== expected.tenant) {
    err('tenant', `'${m.tenant}' does not match the bundle folder processes/${expected.tenant}/`);
  }
  if (str('service', m.service) && m.service !== expected.service) {
    err('service', `'${m.service}' does not match the bundle folder …/${expected.service}/`);
  }
  str('serviceCode', m.serviceCode, false);
  if (!isObject(m.title)) err('title', 'is required: { "ru": …, "kk": … }');
  else if (!m.title.ru && !m.title.kk) err('title', 'needs at least one of ru, kk');

  if (!isObject(m.act)) err('act', 'is required: issuer, number, date, language');
  else {
    str('act.issuer', m.act.issuer);
    str('act.number', m.act.number);
    const actDate = date('act.date', m.act.date);
    if (m.act.language !== 'ru' && m.act.language !== 'kk') err('act.language', `'${m.act.language}' is not ru or kk`);
    str('act.regulation', m.act.regulation, false);
    if (m.act.approval !== undefined) {
      if (!isObject(m.act.approval)) err('act.approval', 'must be { "ru": …, "kk": … }');
      else for (const lang of ['ru', 'kk']) str(`act.approval.${lang}`, m.act.approval[lang]);
      known('act.approval', m.act.approval, ['ru', 'kk']);
    } else if (Array.isArray(m.outputs) && m.outputs.length > 0) {
      err('act.approval', 'is required when the bundle has outputs: the line every document prints under the provider, { "ru": …, "kk": … }');
    }
    if (m.act.justiceRegistration !== undefined) {
      if (!isObject(m.act.justiceRegistration)) err('act.justiceRegistration', 'must be { number, date }');
      else {
        str('act.justiceRegistration.number', m.act.justiceRegistration.number);
        if (date('act.justiceRegistration.date', m.act.justiceRegistration.date) && actDate && m.act.justiceRegistration.date < m.act.date) {
          err('act.justiceRegistration.date', `${m.act.justiceRegistration.date} is before the act's date ${m.act.date}`);
        }
      }
    }
  }

  if (!isObject(m.validity)) err('validity', 'is required: { from, fromBasis?, to?, toBasis?, repealedBy? }');
  else {
    const from = date('validity.from', m.validity.from);
    const basis = (field: string, value: unknown): void => {
      if (value !== undefined && value !== 'text' && value !== 'assumed') err(field, `'${String(value)}' is not text (the day is in the act) or assumed (docs/calendar.md)`);
    };
    basis('validity.fromBasis', m.validity.fromBasis);
    basis('validity.toBasis', m.validity.toBasis);
    const unknownEnd = endIsUnknown(m.validity.to);
    if (isObject(m.validity.to) && !unknownEnd) err('validity.to', 'must be a date YYYY-MM-DD, { "unknown": true } (the text does not give the act\'s status) or null (open)');
    const to = !isObject(m.validity.to) && date('validity.to', m.validity.to, false);
    if (m.validity.toBasis !== undefined && !to) err('validity.toBasis', 'applies only to a date in validity.to');
    if (unknownEnd && m.validity.repealedBy) err('validity.to', 'is unknown, yet validity.repealedBy names the repealing act: give the day the act lost force');
    if (from && m.validity.fromBasis === 'assumed') {
      const rule = isObject(m.act) ? assumedEntryIntoForce(m.act) : null;
      if (rule && rule.from !== m.validity.from) err('validity.from', `${m.validity.from} is assumed, but the rule of docs/calendar.md gives ${rule.from} (${rule.why})`);
    }
    if (from && to && !(m.validity.from < m.validity.to)) {
      err('validity.to', `${m.validity.to} is not after validity.from ${m.validity.from}`);
    }
    if (to && !m.validity.repealedBy) warn('validity.repealedBy', 'the act lost force but the repealing act is not named (the refusal message needs it)');
    if (from && isObject(m.act) && isIsoDate(m.act.date) && m.validity.from < m.act.date) {
      err('validity.from', `${m.validity.from} is before the act's date ${m.act.date}`);
    }
  }

  if (!Array.isArray(m.languages) || m.languages.length === 0) err('languages', 'must list at least one language');
  else for (const l of m.languages) if (l !== 'ru' && l !== 'kk') err('languages', `'${l}' is not ru or kk`);

  if (!isObject(m.routes) || Object.keys(m.routes).length === 0) err('routes', 'must map at least one route to its .bpmn file');
  else {
    for (const [route, file] of Object.entries(m.routes)) {
      if (!(ROUTES as readonly string[]).includes(route)) err(`routes.${route}`, `unknown route (expected ${ROUTES.join(', ')})`);
      if (typeof file !== 'string' || !file.endsWith('.bpmn') || file.includes('/') || file.includes('\\')) {
        err(`routes.${route}`, `'${String(file)}' must be a .bpmn file name inside the bundle folder`);
      }
    }
  }
  for (const key of ['forms', 'outputs'] as const) {
    if (m[key] !== undefined && (!Array.isArray(m[key]) || m[key].some((x: unknown) => typeof x !== 'string'))) err(key, 'must be a list of ids');
  }
  if (m.decisions !== undefined) {
    if (!Array.isArray(m.decisions)) err('decisions', 'must be a list');
    else m.decisions.forEach((d: any, i: number) => {
      if (!isObject(d) || typeof d.decision !== 'string' || typeof d.reason !== 'string') err(`decisions[${i}]`, 'needs decision and reason');
    });
  }
  if (m.steps !== undefined) {
    if (!isObject(m.steps)) err('steps', 'must map routes to lists of steps');
    else for (const [route, list] of Object.entries(m.steps)) {
      if (!Array.isArray(list)) { err(`steps.${route}`, 'must be a list'); continue; }
      list.forEach((s: any, i: number) => {
        if (!isObject(s) || typeof s.step !== 'string') err(`steps.${route}[${i}]`, 'needs step');
        else if (s.limit !== undefined && (!isObject(s.limit) || typeof s.limit.duration !== 'string')) err(`steps.${route}[${i}].limit`, 'needs duration');
      });
    }
  }
  return problems;
}
