// `import-act`: an act's text becomes draft bundles (manifest.json, one .bpmn per route, DRAFT.md, draft forms).
// Everything is written to a temporary folder beside --out and renamed at the end, so a failure leaves nothing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { normalizeText } from './normalize.js';
import { languageOf, readStructure, type ActStep, type ServiceSection } from './structure.js';
import { assignActions } from './assign.js';
import { isPortalRegistration, planRoute, writeRoute } from './bpmn-writer.js';
import { readIdentity } from './identity.js';
import { assumedEntryIntoForce } from '../reglament/validity.js';

export class ImportError extends Error {}

export interface ImportedService {
  service: string;
  title: string;
  routes: string[];
  files: Record<string, string>;
  forms: Record<string, string>;
}

const TRANSLIT: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', і: 'i', й: 'y', к: 'k', қ: 'k', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'u', ү: 'u', ф: 'f', х: 'h', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ә: 'a' };

/** A provisional service id from the title's first words; the analyst renames it (DRAFT.md says so). */
export function serviceSlug(title: string, fallback: string): string {
  const words = title.toLowerCase().split(/[^\p{L}\d]+/u).filter((w) => w.length > 2).slice(0, 4);
  const slug = words.map((w) => [...w].map((c) => TRANSLIT[c] ?? c).join('')).join('-').replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-');
  return slug || fallback;
}

const FORM = (id: string, title: string): string => JSON.stringify({ id, type: 'default', schemaVersion: 16, components: [{ type: 'text', id: 'draft-note', text: `Draft form for «${title}»: the importer wrote no fields; the analyst adds them.` }] }, null, 2);

export function importAct(text: string, opts: { tenant: string; source?: string }): { services: ImportedService[]; skipped: Array<{ title: string; line: number }> } {
  if (!text.trim()) throw new ImportError('the file is empty: no act text to import');
  const { lines, repairs } = normalizeText(text);
  const language = languageOf(lines);
  if (!/регламент/iu.test(text)) throw new ImportError('not a регламент: the text never names a «регламент» (Регламент электронной государственной услуги / қызмет көрсету регламенті)');
  const sections = readStructure(lines, language);
  const identity = readIdentity(lines.join('\n'), language);
  const skipped: Array<{ title: string; line: number }> = [];
  const live: ServiceSection[] = [];
  for (const s of sections) (s.lostForce ? skipped.push({ title: s.title, line: s.line }) : live.push(s));
  const withRoutes = live.filter((s) => s.routes.some((r) => r.steps.length));
  if (!withRoutes.length) {
    throw new ImportError(`no routes found: the act has no «Пошаговые действия …» / «… адымдық іс-әрекеттері» section with numbered процесс/условие steps (${sections.length} регламент section(s) read)`);
  }
  const used = new Set<string>();
  const services = withRoutes.map((svc, n) => {
    let service = serviceSlug(svc.title, `service-${n + 1}`);
    while (used.has(service)) service = `${service}-${n + 1}`;
    used.add(service);
    const files: Record<string, string> = {};
    const forms: Record<string, string> = {};
    const draft: string[] = [`# Draft of «${svc.title || service}»`, '', `Imported from ${opts.source ?? 'the act'} (language ${language}), регламент at line ${svc.line}. Every item below is a decision the importer could not make from the text; line numbers are the act's.`, ''];
    draft.push('## Identity', '', `- Service id \`${service}\` is provisional (made from the title): rename the folder, the manifest's service and the process ids together.`);
    for (const u of identity.unknown) draft.push(`- ${u}: not found in the act's opening; the manifest marks it unknown.`);
    draft.push('- Diagrams of the act (рисунок/сурет, приложение 2) were images and are lost: the flow is read from the step lists only.', '');
    const routes: Record<string, string> = {};
    const steps: Record<string, unknown[]> = {};
    const seen = new Set<string>();
    for (const section of svc.routes) {
      if (!section.steps.length || seen.has(section.route)) {
        if (seen.has(section.route)) draft.push(`- Line ${section.line}: a second «${section.route}» section; only the first is drafted.`);
        continue;
      }
      seen.add(section.route);
      const table = section.table;
      const { byStep: assign, ownRows } = assignActions(section.steps.filter((st, i) => !isPortalRegistration(st, section.route, i)), table?.actions ?? [], section.route !== 'portal');
      // A table row that no listed step stands for (the intake before процесс 1) becomes its own step, named by the row.
      const extra: ActStep[] = ownRows.map((row) => ({
        label: language === 'kk' ? `${table!.label}, ${row.number}-іс-әрекет` : `${table!.label}, действие ${row.number}`,
        labelled: false, kind: 'item', line: row.line,
        text: row.description ?? (language === 'kk' ? 'кестенің іс-әрекеті (қадамдар тізімінде жоқ)' : 'действие таблицы, которого нет в перечне шагов'),
      }));
      extra.forEach((step, k) => assign.set(step, [ownRows[k]!]));
      const plan = planRoute({ ...section, steps: [...extra, ...section.steps] }, service, assign, table?.label ?? '', language);
      files[`${section.route}.bpmn`] = writeRoute(section, service, plan, language, svc.title || service);
      routes[section.route] = `${section.route}.bpmn`;
      for (const el of plan.elements) if (el.formRef) forms[el.formRef] = FORM(el.formRef, `${el.step.label} — ${el.step.text.slice(0, 80)}`);
      steps[section.route] = plan.elements.flatMap((el) => (el.limits.length ? el.limits : [null]).map((l) => ({
        step: el.step.label, ...(l ? { action: l.label, limit: { text: l.action.limit.text, duration: l.action.limit.duration, calendar: l.action.limit.calendar, excludeReceiptDay: l.action.limit.excludeReceiptDay } } : {}), text: el.step.text,
      })));
      draft.push(`## Route ${section.route} (line ${section.line})`, '');
      for (const step of extra) draft.push(`- Line ${step.line}: «${step.label}» is in the action table but not in the step list; drafted as its own task before the first step.`);
      if (!table) draft.push(`- No action table was found for this route: every limit is missing from the draft; add the timers by hand.`);
      else {
        draft.push(`- ${table.label} (line ${table.line}): ${table.actions.length} limit(s) read. Its columns were flattened, so rows were matched to steps in order (a limit in days to the step that forms the result): check each \`reglament:action\`.`);
        for (const [step, acts] of assign) draft.push(`  - ${step.label} (line ${step.line}) ← ${acts.map((a) => `action ${a.number} «${a.limit.text}» → ${a.limit.duration}${a.limit.calendar === 'kz-working-days' ? ' working days' : ''}${a.limit.excludeReceiptDay ? ', receipt day excluded' : ''} (line ${a.line})`).join(', ')}`);
        for (const u of table.unreadLimits) draft.push(`- ${table.label}, action ${u}: its limit could not be read; no timer.`);
      }
      const limited = new Set([...assign.keys()]);
      for (const s of section.steps) if (!limited.has(s)) draft.push(`- Line ${s.line}: «${s.label}» has no limit in the table.`);
      for (const s of section.steps) if (!s.labelled) draft.push(`- Line ${s.line}: item «${s.label}» is not labelled процесс/условие in the act; the label is the paragraph and item number.`);
      for (const d of plan.decisions) draft.push(`- Line ${d.line}: ${d.what}`);
      draft.push('- Forms: every user task has an empty draft form; fields, output documents and candidate groups need the analyst.', '');
    }
    const garbled = repairs.filter((r) => r.line >= svc.line && r.line <= svc.endLine);
    if (garbled.length) {
      draft.push('## Garbled passages and how they were read', '');
      for (const r of garbled.slice(0, 200)) draft.push(`- Line ${r.line}: ${r.what}`);
      if (garbled.length > 200) draft.push(`- … and ${garbled.length - 200} more repairs of the same kinds.`);
      draft.push('');
    }
    // The one rule of docs/calendar.md («Validity of an act»): no text gives its publication date, so from is assumed.
    const entry = assumedEntryIntoForce({ date: identity.date ?? undefined, justiceRegistration: identity.justiceRegistration ?? undefined });
    const validity: Record<string, unknown> = {
      from: entry?.from ?? '1970-01-01', ...(entry ? { fromBasis: 'assumed' } : {}),
      ...(identity.repealedOn ? { to: identity.repealedOn, toBasis: 'assumed' } : identity.repealedBy ? { to: null } : { to: { unknown: true } }),
      repealedBy: identity.repealedBy,
    };
    if (!entry) draft.push('- validity.from is unknown: the text gives no date of the act.');
    else draft.push(`- validity.from is assumed by the rule of docs/calendar.md (${entry.why}), which reads «по истечении десяти календарных дней после дня первого официального опубликования»; check the act's own clause.`);
    if (!identity.repealedOn && !identity.repealedBy) draft.push('- validity.to is unknown: the text does not say whether the act is in force; set it once the status is confirmed.');
    const manifest = {
      tenant: opts.tenant, service, title: { [language]: svc.title || service },
      act: {
        issuer: identity.issuer ?? 'unknown', number: identity.number ?? 'unknown', date: identity.date ?? '1970-01-01',
        ...(identity.justiceRegistration?.date ? { justiceRegistration: identity.justiceRegistration } : {}),
        ...(identity.standard ? { standard: identity.standard } : {}), language,
      },
      validity, languages: [language], routes, forms: Object.keys(forms),
      decisions: [{ topic: 'Draft', decision: 'This bundle was imported from the act\'s text and is not yet reviewed.', reason: 'See DRAFT.md for every open decision.', source: opts.source ?? 'act text' }],
      unknown: identity.unknown, steps,
    };
    files['manifest.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
    files['DRAFT.md'] = `${draft.join('\n')}\n`;
    return { service, title: svc.title, routes: Object.keys(routes), files, forms };
  });
  return { services, skipped };
}

/** Writes each service to <out>/<service>/ with its draft forms in <out>/<service>/forms/, all or nothing. */
export function writeImport(services: ImportedService[], out: string): void {
  const outAbs = resolve(out);
  mkdirSync(dirname(outAbs), { recursive: true });
  const clash = services.find((s) => existsSync(join(outAbs, s.service)));
  if (clash) throw new ImportError(`${join(out, clash.service)} already exists: refusing to overwrite an existing bundle`);
  const tmp = mkdtempSync(join(dirname(outAbs), `.${basename(outAbs)}-import-`));
  try {
    for (const s of services) {
      mkdirSync(join(tmp, 'bundles', s.service), { recursive: true });
      for (const [name, body] of Object.entries(s.files)) writeFileSync(join(tmp, 'bundles', s.service, name), body);
      mkdirSync(join(tmp, 'bundles', s.service, 'forms'), { recursive: true });
      for (const [id, body] of Object.entries(s.forms)) writeFileSync(join(tmp, 'bundles', s.service, 'forms', `${id}.form`), body);
    }
    mkdirSync(outAbs, { recursive: true });
    for (const s of services) renameSync(join(tmp, 'bundles', s.service), join(outAbs, s.service));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function readAct(path: string): string {
  if (!existsSync(path)) throw new ImportError(`${path}: no such file`);
  return readFileSync(path, 'utf8');
}
