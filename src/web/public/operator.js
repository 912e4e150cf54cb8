// The operator's workstation (ИС УО / ИС ЦОН): sign-in, tasklist of the own akimat and groups, one task, supervisor view.
import { h, t, lang, frame, focusScreen, session, engine, api, loginForm, showError, fmtDate, hashRoute, serviceTitles, serviceName, serviceTitle, actLanguage, actText, keyOfDefinition } from './common.js';
import { renderTask } from './task-view.js';

/** Supervisors (group `supervisor`) and administrators see the breaches; the server checks it too (403 for others). */
const isSupervisor = () => (session.user?.groups ?? []).includes('supervisor') || (session.user?.roles ?? []).includes('admin');
const nav = () => [[t('tasks'), '#/tasks'], [t('newRequest'), '#/new'], ...(isSupervisor() ? [[t('supervisor'), '#/supervisor']] : [])];

/** The tasklist refreshes itself while it is on screen, so new tasks appear without a reload. */
const REFRESH_MS = 5000;
let refreshTimer = null;

async function route() {
  clearTimeout(refreshTimer);
  const main = frame(deskTitle(), session.token ? nav() : []);
  const [page, id] = hashRoute();
  try {
    if (!session.token || page === 'login') return loginForm(main, { onSuccess: () => go('#/tasks') });
    // A request the operator started here is followed to its next step; any other task goes back to the list.
    if (page === 'task' && id) return await renderTask(main, id, { onDone: (task) => { location.hash = following(task?.processInstanceId) ? `#/started/${task.processInstanceId}` : '#/tasks'; } });
    if (page === 'supervisor') return await supervisor(main);
    if (page === 'new') return await newRequest(main);
    if (page === 'started' && id) return await started(main, id);
    await tasklist(main);
    // Not while the operator is using a control (a re-render would take their focus away).
    refreshTimer = setTimeout(() => {
      // The screen's heading holds the focus after a change of screen: that is idle too.
      const active = document.activeElement;
      const idle = active === document.body || active === null || active?.id === 'main' || /^H[12]$/.test(active?.tagName ?? '');
      if ((!hashRoute()[0] || hashRoute()[0] === 'tasks') && idle) route();
      else if (!hashRoute()[0] || hashRoute()[0] === 'tasks') refreshTimer = setTimeout(route, REFRESH_MS);
    }, REFRESH_MS);
  } catch (err) {
    showError(err);
  }
}

/** The page is named for who works at it: the ЦОН operator, the supervisor, or the provider's specialist. */
function deskTitle() {
  const groups = session.user?.groups ?? [];
  if (groups.includes('con-operator')) return t('operatorCon');
  if (groups.includes('supervisor')) return t('operatorSupervisor');
  return t('operator');
}

/** Definition id → { key, name, route } for the filters. */
async function definitionsById() {
  const [defs, titles] = await Promise.all([engine('/process-definition?maxResults=500'), serviceTitles()]);
  return new Map(defs.map((d) => [d.id, { key: d.key, name: serviceName(d, titles), route: d.key.split('-').pop(), tenantId: d.tenantId, actLang: actLanguage(d.key, d.tenantId, titles) }]));
}

async function remaining(dues) {
  if (!dues.length) return [];
  try { return (await api('/api/calendar/remaining', { method: 'POST', body: { dues } })).remaining; } catch { return dues.map(() => null); }
}

async function tasklist(main) {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const filter = { service: params.get('service') ?? '', route: params.get('route') ?? '', status: params.get('status') ?? '', due: params.get('due') ?? '', sort: params.get('sort') ?? 'due', q: (params.get('q') ?? '').trim() };
  const pageNo = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const me = session.user?.user?.id ?? session.user?.userId ?? session.user?.id;
  const [tasks, defs] = await Promise.all([
    engine('/task', { method: 'POST', body: { sorting: [{ sortBy: filter.sort === 'created' ? 'created' : 'dueDate', sortOrder: 'asc' }] } }),
    definitionsById(),
  ]);
  const now = new Date();
  // Working time left for every task first: the due-date filter counts in working days.
  const leftAll = await remaining(tasks.map((task) => task.due ?? null));
  const leftOf = new Map(tasks.map((task, i) => [task.id, leftAll[i]]));
  const dueWithin = (task, days) => { const r = leftOf.get(task.id); return Boolean(r && !r.overdue && r.workingDays <= days); };
  const rows = tasks.map((task) => ({ task, def: defs.get(task.processDefinitionId) ?? { key: '', name: '', route: '' } }))
    .filter(({ task }) => (filter.due !== 'today' || dueWithin(task, 0)) && (filter.due !== 'week' || dueWithin(task, 5)))
    .filter(({ task, def }) => (!filter.service || def.key.startsWith(filter.service))
      && (!filter.route || def.route === filter.route)
      && (filter.status !== 'claimed' || task.assignee === me)
      && (filter.status !== 'unassigned' || !task.assignee)
      && (filter.status !== 'overdue' || (task.due && new Date(task.due) < now)));
  rows.sort((a, b) => (filter.sort === 'created'
    ? String(a.task.created).localeCompare(String(b.task.created))
    : (a.task.due ? Date.parse(a.task.due) : Infinity) - (b.task.due ? Date.parse(b.task.due) : Infinity)));
  const numbers = await requestNumbers(rows.map(({ task }) => task.processInstanceId));
  // The search: a request number (any part of it), an IIN or a name in the request's data.
  const found = filter.q ? await matchingInstances(filter.q, rows.map(({ task }) => task.processInstanceId), numbers) : null;
  const matched = found ? rows.filter(({ task }) => found.has(task.processInstanceId)) : rows;
  const pages = Math.max(1, Math.ceil(matched.length / PAGE_SIZE));
  const current = Math.min(pageNo, pages);
  const shown = matched.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const left = shown.map(({ task }) => leftOf.get(task.id) ?? null);

  const titles = await serviceTitles();
  const services = [...new Map([...defs.values()].map((d) => {
    const base = d.key.replace(/-(provider|con|portal)$/, '');
    return [base, serviceTitle(d.key, d.tenantId, titles) ?? base];
  })).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const select = (name, options, value, label) => h('label', { for: `filter-${name}` }, label, ' ',
    h('select', { id: `filter-${name}`, name, onchange: (e) => { params.set(name, e.target.value); location.hash = `#/tasks?${params}`; } },
      ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));

  const table = h('table', { class: 'tasks' },
    h('thead', {}, h('tr', {}, ...['№', t('task'), t('service'), t('route'), t('due'), t('assignee'), ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...shown.map(({ task, def }, i) => {
      const overdue = task.due && new Date(task.due) < now;
      const r = left[i];
      const countdown = !task.due ? '—' : overdue ? `${t('overdueBy')}: ${span(now - new Date(task.due))}` : !r ? fmtDate(task.due) : r.workingDays > 0 ? `${r.workingDays} ${t('workingDaysLeft')}` : `${r.hours} ${t('hoursLeft')} ${r.minutes} ${t('minutesLeft')}`;
      return h('tr', { class: overdue ? 'overdue' : '', 'data-task-id': task.id },
        h('td', { class: 'number' }, numbers.get(task.processInstanceId) ?? '—'),
        // The step's name is the act's wording, in the act's language.
        h('td', {}, actText(task.name ?? task.taskDefinitionKey, def.actLang, 'a', { href: `#/task/${task.id}` })),
        h('td', {}, def.name), h('td', {}, t(`routeShort_${def.route}`)),
        h('td', { title: fmtDate(task.due) }, countdown),
        h('td', task.assignee ? { translate: 'no' } : {}, task.assignee ?? t('free')),
        h('td', {}, task.assignee ? (task.assignee === me ? h('button', { type: 'button', onclick: () => act(task.id, 'unclaim') }, t('unclaim')) : '')
          : h('button', { type: 'button', class: 'claim', onclick: () => act(task.id, 'claim', { userId: me }) }, t('claim'))));
    })));

  const search = h('form', { class: 'search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const q = new FormData(e.currentTarget).get('q');
    if (q) params.set('q', String(q).trim()); else params.delete('q');
    params.delete('page');
    location.hash = `#/tasks?${params}`;
  } },
  h('label', { for: 'task-search' }, t('search')), ' ',
  h('input', { id: 'task-search', name: 'q', type: 'search', value: filter.q, placeholder: t('searchHint'), autocomplete: 'off' }), ' ',
  h('button', { type: 'submit' }, t('find')),
  filter.q ? h('a', { href: `#/tasks?${withParam(params, 'q', null)}`, class: 'clear-search' }, t('clearSearch')) : null);
  const pager = matched.length > PAGE_SIZE ? h('nav', { class: 'pager', 'aria-label': t('pages') },
    current > 1 ? h('a', { href: `#/tasks?${withParam(params, 'page', String(current - 1))}`, rel: 'prev' }, `← ${t('previous')}`) : null,
    h('span', { class: 'muted', id: 'page-info' }, `${(current - 1) * PAGE_SIZE + 1}–${(current - 1) * PAGE_SIZE + shown.length} ${t('of')} ${matched.length}`),
    current < pages ? h('a', { href: `#/tasks?${withParam(params, 'page', String(current + 1))}`, rel: 'next' }, `${t('next')} →`) : null) : null;

  main.replaceChildren(h('section', { class: 'card' },
    // The screen's heading, for the focus after a change of screen and for screen readers.
    h('h2', { class: 'visually-hidden', id: 'tasklist-heading' }, t('tasks')),
    search,
    h('div', { class: 'filters' },
      select('service', [['', t('all')], ...services], filter.service, t('service')),
      select('route', [['', t('all')], ...['provider', 'con', 'portal'].map((r) => [r, t(`routeShort_${r}`)])], filter.route, t('route')),
      select('status', [['', t('all')], ['claimed', t('claimed')], ['unassigned', t('unassigned')], ['overdue', t('overdue')]], filter.status, t('status')),
      select('due', [['', t('all')], ['today', t('dueToday')], ['week', t('dueWeek')]], filter.due, t('due')),
      select('sort', [['due', t('due')], ['created', t('created')]], filter.sort, t('sortBy'))),
    shown.length ? table : h('p', {}, filter.q ? t('nothingFound') : t('noTasks')),
    pager));
}

/** Rows per page of the tasklist. */
const PAGE_SIZE = 20;

const withParam = (params, name, value) => {
  const next = new URLSearchParams(params);
  if (value === null) next.delete(name); else next.set(name, value);
  if (name !== 'page') next.delete('page');
  return next;
};

/** The fields of the application forms that hold an IIN or a person's name (forms/*.form). */
const IIN_FIELDS = ['applicantIin', 'childIin', 'iin', 'representativeIin'];
const NAME_FIELDS = ['applicantFullName', 'applicantName', 'childFullName', 'childLastName', 'childFirstName', 'parentFullName', 'fullName',
  'representativeName', 'wardFullName', 'guardianFullName', 'deceasedFullName'];

/**
 * The instances among `instanceIds` that match the search: by the request number (any part of it, in the № column), or,
 * through engine-rest's variable filter, by an IIN (digits) or a name (any part of it, as typed or capitalised).
 */
async function matchingInstances(q, instanceIds, numbers) {
  const ids = new Set(instanceIds.filter(Boolean));
  const out = new Set([...ids].filter((id) => (numbers.get(id) ?? '').toLowerCase().includes(q.toLowerCase())));
  const digits = /^\d{1,12}$/.test(q);
  const spellings = digits ? [q] : [...new Set([q, q.toLowerCase(), q.charAt(0).toUpperCase() + q.slice(1).toLowerCase(), q.toUpperCase()])];
  const fields = digits ? IIN_FIELDS : NAME_FIELDS;
  const queries = fields.flatMap((name) => spellings.map((value) => ({ name, operator: 'like', value: `%${value}%` })));
  const answers = await Promise.all(queries.map((condition) => engine('/process-instance?maxResults=500', { method: 'POST', body: { variables: [condition] } }).catch(() => [])));
  for (const list of answers) for (const instance of list) if (ids.has(instance.id)) out.add(instance.id);
  return out;
}

/** How long ago, in plain time: days, else hours and minutes. */
function span(ms) {
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 24 * 60) return `${Math.floor(minutes / (24 * 60))} ${t('daysShort')}`;
  return `${Math.floor(minutes / 60)} ${t('hoursLeft')} ${minutes % 60} ${t('minutesLeft')}`;
}

async function act(taskId, action, body) {
  try {
    await engine(`/task/${taskId}/${action}`, { method: 'POST', body: body ?? {} });
    if (action === 'claim') location.hash = `#/task/${taskId}`; else route();
  } catch (err) { showError(err); }
}

/**
 * The request number of each process instance: the akimat's registered requests in one read; an instance not among
 * them (not registered yet — a ЦОН request before процесс 7 — or an old one) is read on its own, through its variable
 * map, which answers 200 without a number where reading the single variable would answer 404 (a console error).
 */
async function requestNumbers(instanceIds) {
  const ids = [...new Set(instanceIds.filter(Boolean))].slice(0, 200);
  const registered = await api('/api/requests?limit=500').catch(() => []);
  const known = new Map(registered.filter((r) => r.processInstanceId && r.number).map((r) => [r.processInstanceId, r.number]));
  const pairs = await Promise.all(ids.filter((id) => !known.has(id)).map((id) => engine(`/process-instance/${encodeURIComponent(id)}/variables?deserializeValues=false`)
    .then((vars) => [id, vars?.requestNumber?.value ?? null]).catch(() => [id, null])));
  for (const [id, number] of pairs) if (number) known.set(id, number);
  return known;
}

/**
 * Overdue steps per specialist: the breaches the escalation worker recorded (/api/status/overdue), each attributed to
 * the specialist who holds (or held) the step, and the open tasks past their due date that no breach covers yet.
 */
async function supervisor(main) {
  const now = new Date();
  // Not a supervisor: the server answers 403, and the page says so rather than show an empty list.
  const [breaches, openTasks, titles] = await Promise.all([
    api('/api/status/overdue'),
    engine('/task', { method: 'POST', body: { sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }] } }),
    serviceTitles(),
  ]);
  const taskOf = new Map(openTasks.map((task) => [`${task.processInstanceId}/${task.taskDefinitionKey}`, task]));
  const rows = [];
  const covered = new Set();
  for (const b of breaches) {
    let task = taskOf.get(`${b.processInstanceId}/${b.elementId}`);
    let assignee = task?.assignee ?? null;
    let name = task?.name ?? null;
    let definitionId = task?.processDefinitionId ?? null;
    if (!task) {
      // The step may be finished (late): the history names it and who did it.
      const past = await engine(`/history/activity-instance?processInstanceId=${encodeURIComponent(b.processInstanceId)}&activityId=${encodeURIComponent(b.elementId)}`).catch(() => []);
      assignee = past.find((a) => a.assignee)?.assignee ?? null;
      name = past.find((a) => a.activityName)?.activityName ?? null;
      definitionId = past[0]?.processDefinitionId ?? null;
    } else covered.add(task.id);
    rows.push({ who: assignee, number: b.requestNumber, instanceId: b.processInstanceId, step: b.step, name: name ?? b.elementId, taskId: task?.id ?? null, due: b.dueAt, since: b.overdueSince, recorded: true, definitionId, tenantId: b.tenantId ?? task?.tenantId ?? null });
  }
  for (const task of openTasks) {
    if (covered.has(task.id) || !task.due || new Date(task.due) >= now) continue;
    rows.push({ who: task.assignee, number: null, instanceId: task.processInstanceId, step: task.properties?.['reglament:step'] ?? '', name: task.name, taskId: task.id, due: task.due, since: task.due, recorded: false, definitionId: task.processDefinitionId, tenantId: task.tenantId });
  }
  // Every row names its request: the breach's own number, else the akimat's registered requests.
  const numbers = await requestNumbers(rows.filter((r) => !r.number).map((r) => r.instanceId));
  for (const row of rows) row.number ??= numbers.get(row.instanceId) ?? null;
  const byAssignee = new Map();
  for (const row of rows) {
    const key = row.who ?? `(${t('free')})`;
    byAssignee.set(key, [...(byAssignee.get(key) ?? []), row]);
  }
  const stepLang = (row) => actLanguage(keyOfDefinition(row.definitionId), row.tenantId, titles);
  main.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('supervisor')),
    byAssignee.size ? h('table', { class: 'tasks supervisor' },
      h('thead', {}, h('tr', {}, ...[t('specialist'), t('overdue'), t('steps')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...[...byAssignee.entries()].map(([who, list]) => h('tr', { class: 'overdue' },
        h('td', { translate: 'no' }, who), h('td', {}, String(list.length)),
        h('td', {}, ...list.map((row) => h('div', { class: 'breach' },
          // The number opens the request's tasks (the tasklist searched by it); the step opens the task itself.
          row.number ? h('a', { class: 'request-link', href: `#/tasks?q=${encodeURIComponent(row.number)}` }, `№ ${row.number}`) : '№ —', ' · ',
          row.taskId ? actText(stepLabel(row), stepLang(row), 'a', { class: 'step-link', href: `#/task/${row.taskId}` }) : actText(stepLabel(row), stepLang(row), 'span', { class: 'step' }),
          ` — ${t('due')}: ${fmtDate(row.due)}`,
          row.recorded ? h('span', { class: 'muted' }, ` · ${t('escalated')} ${fmtDate(row.since)}`) : null)))))))
      : h('p', {}, t('noOverdue'))));
}

/** «процесс 6 — Принятие …»: the step and its name, once (the BPMN names usually start with the step already). */
function stepLabel(row) {
  const name = row.name ?? '';
  return row.step && !name.startsWith(row.step) ? `${row.step} — ${name}` : name;
}

/** The routes staff start themselves: the ЦОН operator's `-con` routes, the provider specialist's `-provider` ones. */
const STARTED_BY = { con: 'con-operator', provider: 'provider-specialist' };

/**
 * «Новое заявление»: the person came to the ЦОН (or to the услугодатель) and the operator opens the service's route for
 * them. Only the routes of the operator's own akimats and groups are offered (the server filters by tenant too).
 */
async function newRequest(main) {
  const groups = session.user?.groups ?? [];
  const [defs, titles] = await Promise.all([engine('/process-definition?latestVersion=true&sortBy=name&sortOrder=asc'), serviceTitles()]);
  const routes = defs.filter((d) => groups.includes(STARTED_BY[d.key.split('-').pop()]));
  main.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('newRequest')),
    routes.length ? h('ul', { class: 'services' }, ...routes.map((d) => h('li', { 'data-key': d.key },
      h('span', {}, serviceName(d, titles)), ' ',
      h('button', { type: 'button', onclick: (e) => startRoute(d, e.currentTarget) }, t('startRequest')))))
      : h('p', {}, t('noRoutes'))));
}

/** Starts the route: the engine records the operator as its initiator; authorize (процесс 1) checks the session. */
async function startRoute(def, button) {
  button.disabled = true;
  try {
    const path = def.tenantId
      ? `/process-definition/key/${encodeURIComponent(def.key)}/tenant-id/${encodeURIComponent(def.tenantId)}/start`
      : `/process-definition/key/${encodeURIComponent(def.key)}/start`;
    const instance = await engine(path, { method: 'POST', body: { variables: {
      authSession: { type: 'String', value: session.token },
      language: { type: 'String', value: lang() },
    } } });
    location.hash = `#/started/${instance.id}`;
  } catch (err) { showError(err); button.disabled = false; }
}

/** The requests started in this tab («Новое заявление»), followed from step to step while the operator has work in them. */
const FOLLOW_KEY = 'reglament.following';
function following(instanceId) {
  return Boolean(instanceId) && JSON.parse(sessionStorage.getItem(FOLLOW_KEY) ?? '[]').includes(instanceId);
}
function follow(instanceId) {
  const list = JSON.parse(sessionStorage.getItem(FOLLOW_KEY) ?? '[]').filter((id) => id !== instanceId).slice(-19);
  sessionStorage.setItem(FOLLOW_KEY, JSON.stringify([...list, instanceId]));
}

/**
 * Follows a request this operator started: the next task of the request they may work on (the route's workers run
 * between the steps) is taken and opened. When the request has gone on to others (registered, with the provider) the
 * page says so with its number; when the route has ended (e.g. процесс 4: no data in ГБД ФЛ) it names the end.
 */
async function started(main, instanceId) {
  follow(instanceId);
  const me = session.user?.user?.id;
  main.replaceChildren(h('p', { class: 'info' }, t('waiting')));
  for (let attempt = 0; attempt < 120; attempt++) {
    if (hashRoute()[1] !== instanceId) return;
    const tasks = await engine(`/task?processInstanceId=${encodeURIComponent(instanceId)}`);
    const task = tasks.find((x) => x.assignee === me) ?? tasks.find((x) => !x.assignee);
    if (task) {
      if (!task.assignee) await engine(`/task/${encodeURIComponent(task.id)}/claim`, { method: 'POST', body: { userId: me } });
      location.hash = `#/task/${task.id}`;
      return;
    }
    const instance = await engine(`/history/process-instance/${encodeURIComponent(instanceId)}`).catch(() => null);
    if (instance?.endTime) {
      const steps = await engine(`/history/activity-instance?processInstanceId=${encodeURIComponent(instanceId)}&sortBy=startTime&sortOrder=asc`).catch(() => []);
      const end = steps.filter((a) => /endevent/i.test(a.activityType ?? '')).pop();
      main.replaceChildren(h('section', { class: 'card', id: 'route-ended' }, h('h2', {}, t('routeEnded')),
        end ? h('p', {}, end.activityName ?? end.activityId) : null,
        h('p', {}, h('a', { href: '#/tasks' }, t('tasks')))));
      return;
    }
    // No step of this operator's now: once the request is registered it is with the provider.
    if (tasks.length || attempt > 2) {
      const registered = (await api('/api/requests?limit=500').catch(() => [])).find((r) => r.processInstanceId === instanceId);
      if (registered || tasks.length) {
        const status = registered?.statusLabel;
        main.replaceChildren(h('section', { class: 'card', id: 'request-sent' },
          h('h2', {}, registered ? `${t('requestNumber')}: ${registered.number}` : t('submitted')),
          registered ? h('p', {}, `${t('status')}: `, h('strong', { class: 'status' }, (status && typeof status === 'object' ? status[lang()] ?? status.ru : status) ?? registered.status)) : null,
          h('p', {}, h('a', { href: '#/tasks' }, t('tasks')))));
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  main.replaceChildren(h('section', { class: 'card', id: 'request-sent' }, h('h2', {}, t('waiting')), h('p', {}, h('a', { href: '#/tasks' }, t('tasks')))));
}

/** Navigates; a hash that does not change fires no hashchange, so render directly then. */
function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

// Each change of screen puts the focus on its heading (the tasklist's own refresh does not).
const show = async () => { await route(); focusScreen(document.getElementById('main')); };
window.addEventListener('hashchange', show);
show();
