// The operator's workstation (ИС УО / ИС ЦОН): sign-in, tasklist of the own akimat and groups, one task, supervisor view.
import { h, t, frame, session, engine, api, loginForm, showError, fmtDate, hashRoute } from './common.js';
import { renderTask } from './task-view.js';

const nav = () => [[t('tasks'), '#/tasks'], [t('supervisor'), '#/supervisor']];

/** The tasklist refreshes itself while it is on screen, so new tasks appear without a reload. */
const REFRESH_MS = 5000;
let refreshTimer = null;

async function route() {
  clearTimeout(refreshTimer);
  const main = frame(t('operator'), session.token ? nav() : []);
  const [page, id] = hashRoute();
  try {
    if (!session.token || page === 'login') return loginForm(main, { onSuccess: () => go('#/tasks') });
    if (page === 'task' && id) return await renderTask(main, id, { onDone: () => { location.hash = '#/tasks'; } });
    if (page === 'supervisor') return await supervisor(main);
    await tasklist(main);
    // Not while the operator is using a control (a re-render would take their focus away).
    refreshTimer = setTimeout(() => {
      const idle = document.activeElement === document.body || document.activeElement === null;
      if ((!hashRoute()[0] || hashRoute()[0] === 'tasks') && idle) route();
      else if (!hashRoute()[0] || hashRoute()[0] === 'tasks') refreshTimer = setTimeout(route, REFRESH_MS);
    }, REFRESH_MS);
  } catch (err) {
    showError(err);
  }
}

/** Definition id → { key, name, route } for the filters. */
async function definitionsById() {
  const defs = await engine('/process-definition?maxResults=500');
  return new Map(defs.map((d) => [d.id, { key: d.key, name: d.name ?? d.key, route: d.key.split('-').pop(), tenantId: d.tenantId }]));
}

async function remaining(dues) {
  if (!dues.length) return [];
  try { return (await api('/api/calendar/remaining', { method: 'POST', body: { dues } })).remaining; } catch { return dues.map(() => null); }
}

async function tasklist(main) {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const filter = { service: params.get('service') ?? '', route: params.get('route') ?? '', status: params.get('status') ?? '', sort: params.get('sort') ?? 'due' };
  const me = session.user?.user?.id ?? session.user?.userId ?? session.user?.id;
  const [tasks, defs] = await Promise.all([
    engine('/task', { method: 'POST', body: { sorting: [{ sortBy: filter.sort === 'created' ? 'created' : 'dueDate', sortOrder: 'asc' }] } }),
    definitionsById(),
  ]);
  const now = new Date();
  const rows = tasks.map((task) => ({ task, def: defs.get(task.processDefinitionId) ?? { key: '', name: '', route: '' } }))
    .filter(({ task, def }) => (!filter.service || def.key.startsWith(filter.service))
      && (!filter.route || def.route === filter.route)
      && (filter.status !== 'claimed' || task.assignee === me)
      && (filter.status !== 'unassigned' || !task.assignee)
      && (filter.status !== 'overdue' || (task.due && new Date(task.due) < now)));
  const left = await remaining(rows.map(({ task }) => task.due ?? null));

  const services = [...new Set([...defs.values()].map((d) => d.key.replace(/-(provider|con|portal)$/, '')))].sort();
  const select = (name, options, value, label) => h('label', {}, label, ' ',
    h('select', { name, onchange: (e) => { params.set(name, e.target.value); location.hash = `#/tasks?${params}`; } },
      ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));

  const table = h('table', { class: 'tasks' },
    h('thead', {}, h('tr', {}, ...[t('tasks'), t('service'), t('route'), t('due'), t('status'), ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map(({ task, def }, i) => {
      const overdue = task.due && new Date(task.due) < now;
      const r = left[i];
      const countdown = !task.due ? '—' : overdue ? `${t('overdueBy')}` : !r ? fmtDate(task.due) : r.workingDays > 0 ? `${r.workingDays} ${t('workingDaysLeft')}` : `${r.hours} ${t('hoursLeft')} ${r.minutes} ${t('minutesLeft')}`;
      return h('tr', { class: overdue ? 'overdue' : '', 'data-task-id': task.id },
        h('td', {}, h('a', { href: `#/task/${task.id}` }, task.name ?? task.taskDefinitionKey)),
        h('td', {}, def.name), h('td', {}, def.route),
        h('td', { title: fmtDate(task.due) }, countdown),
        h('td', {}, task.assignee ?? t('unassigned')),
        h('td', {}, task.assignee ? (task.assignee === me ? h('button', { type: 'button', onclick: () => act(task.id, 'unclaim') }, t('unclaim')) : '')
          : h('button', { type: 'button', class: 'claim', onclick: () => act(task.id, 'claim', { userId: me }) }, t('claim'))));
    })));

  main.replaceChildren(h('section', { class: 'card' },
    h('div', { class: 'filters' },
      select('service', [['', t('all')], ...services.map((s) => [s, s])], filter.service, t('service')),
      select('route', [['', t('all')], ['provider', 'provider'], ['con', 'con'], ['portal', 'portal']], filter.route, t('route')),
      select('status', [['', t('all')], ['claimed', t('claimed')], ['unassigned', t('unassigned')], ['overdue', t('overdue')]], filter.status, t('status')),
      select('sort', [['due', t('due')], ['created', 'created']], filter.sort, '↕')),
    rows.length ? table : h('p', {}, t('noTasks'))));
}

async function act(taskId, action, body) {
  try {
    await engine(`/task/${taskId}/${action}`, { method: 'POST', body: body ?? {} });
    if (action === 'claim') location.hash = `#/task/${taskId}`; else route();
  } catch (err) { showError(err); }
}

async function supervisor(main) {
  const now = new Date().toISOString().replace('Z', '+0000');
  const tasks = await engine(`/task?dueBefore=${encodeURIComponent(now)}`);
  const byAssignee = new Map();
  for (const task of tasks) {
    const key = task.assignee ?? `(${t('unassigned')})`;
    byAssignee.set(key, [...(byAssignee.get(key) ?? []), task]);
  }
  main.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('supervisor')),
    byAssignee.size ? h('table', { class: 'tasks' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Специалист / Маман'), h('th', { scope: 'col' }, t('overdue')), h('th', { scope: 'col' }, t('tasks')))),
      h('tbody', {}, ...[...byAssignee.entries()].map(([who, list]) => h('tr', { class: 'overdue' },
        h('td', {}, who), h('td', {}, String(list.length)),
        h('td', {}, ...list.map((task) => h('div', {}, h('a', { href: `#/task/${task.id}` }, task.name), ` — ${fmtDate(task.due)}`)))))))
      : h('p', {}, t('noTasks'))));
}

/** Navigates; a hash that does not change fires no hashchange, so render directly then. */
function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

window.addEventListener('hashchange', route);
route();
