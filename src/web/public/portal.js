// The applicant's portal (route through the ПЭП): register, sign in, choose a service of the own akimat,
// fill and sign the application, then follow «История получения услуг», download the result, answer the анкета.
import { h, t, lang, frame, session, engine, api, loginForm, showError, showInfo, fmtDate, hashRoute } from './common.js';
import { renderTask } from './task-view.js';

const nav = () => [[t('services'), '#/services'], [t('myRequests'), '#/requests']];

async function route() {
  const main = frame(t('portal'), session.token ? nav() : [[t('register'), '#/register']]);
  const [page, id] = hashRoute();
  try {
    if (page === 'register') return await register(main);
    if (!session.token || page === 'login') return loginForm(main, { allowRegister: true, onSuccess: () => { location.hash = '#/services'; route(); } });
    if (page === 'apply' && id) return await apply(main, decodeURIComponent(id));
    if (page === 'continue' && id) return await walk(main, id);
    if (page === 'requests') return await requests(main);
    if (page === 'request' && id) return await request(main, decodeURIComponent(id));
    return await services(main);
  } catch (err) { showError(err); }
}

async function register(main) {
  const tenants = await api('/api/auth/tenants').catch(() => []);
  const field = (name, label, attrs = {}) => [h('label', { for: name }, label), h('input', { id: name, name, required: true, ...attrs })];
  const form = h('form', { class: 'card narrow', onsubmit: async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      await api('/api/auth/register', { method: 'POST', body: data });
      const login = await api('/api/auth/login', { method: 'POST', body: { username: data.iin, password: data.password } });
      session.save(login);
      location.hash = '#/services';
    } catch (err) { showError(err); }
  } },
  h('h2', {}, t('register')),
  ...field('iin', t('iin'), { inputmode: 'numeric', pattern: '\\d{12}', maxlength: 12, autocomplete: 'off' }),
  ...field('lastName', t('lastName')), ...field('firstName', t('firstName')),
  h('label', { for: 'email' }, t('email')), h('input', { id: 'email', name: 'email', type: 'email' }),
  h('label', { for: 'tenantId' }, t('akimat')),
  h('select', { id: 'tenantId', name: 'tenantId', required: true }, ...tenants.map((tn) => h('option', { value: tn.id }, tn.name))),
  ...field('password', t('password'), { type: 'password', minlength: 8, autocomplete: 'new-password' }),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('register'))));
  main.replaceChildren(form);
}

/** The portal routes of the applicant's akimat, latest version each. */
async function services(main) {
  const defs = await engine('/process-definition?latestVersion=true&keyLike=%25-portal&sortBy=name&sortOrder=asc');
  main.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('services')),
    h('ul', { class: 'services' }, ...defs.map((d) => h('li', {},
      h('span', {}, d.name ?? d.key), ' ',
      h('a', { class: 'button', href: `#/apply/${encodeURIComponent(`${d.key}@${d.tenantId ?? ''}`)}` }, t('apply')))))));
}

async function apply(main, keyAtTenant) {
  const [key, tenantId] = keyAtTenant.split('@');
  const me = session.user;
  const path = tenantId ? `/process-definition/key/${encodeURIComponent(key)}/tenant-id/${encodeURIComponent(tenantId)}/start` : `/process-definition/key/${encodeURIComponent(key)}/start`;
  const instance = await engine(path, { method: 'POST', body: { variables: {
    authSession: { type: 'String', value: session.token },
    applicantIin: { type: 'String', value: me?.user?.iin ?? me?.iin ?? '' },
    applicantEmail: { type: 'String', value: me?.user?.email ?? '' },
    language: { type: 'String', value: lang() },
  } } });
  location.hash = `#/continue/${instance.id}`;
}

/** Walks the applicant through the tasks assigned to them in one request until none is left. */
async function walk(main, instanceId) {
  const me = session.user?.user?.id ?? session.user?.userId;
  main.replaceChildren(h('p', { class: 'info' }, t('waiting')));
  for (let attempt = 0; attempt < 40; attempt++) {
    const tasks = await engine(`/task?processInstanceId=${encodeURIComponent(instanceId)}&assignee=${encodeURIComponent(me ?? '')}`);
    if (tasks.length) {
      return renderTask(main, tasks[0].id, { showApplication: false, onDone: () => walk(main, instanceId) });
    }
    const inst = await engine(`/process-instance/${encodeURIComponent(instanceId)}`).catch(() => null);
    if (!inst || inst.ended) break;
    const open = await engine(`/task?processInstanceId=${encodeURIComponent(instanceId)}`).catch(() => []);
    if (open.length) break; // now with the provider or the ЦОН
    await new Promise((r) => setTimeout(r, 500));
  }
  showInfo(t('submitted'));
  location.hash = '#/requests';
}

async function requests(main) {
  const list = await api('/api/requests');
  const items = Array.isArray(list) ? list : list.requests ?? [];
  main.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('myRequests')),
    h('table', { class: 'tasks' },
      h('thead', {}, h('tr', {}, ...['№', t('service'), t('status'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...items.map((r) => h('tr', {},
        h('td', {}, r.requestNumber ?? r.number ?? '—'), h('td', {}, r.serviceName ?? r.service ?? r.processDefinitionKey ?? ''),
        h('td', {}, r.statusLabel ?? r.status ?? ''),
        h('td', {}, h('a', { href: `#/request/${encodeURIComponent(r.requestNumber ?? r.number ?? r.processInstanceId)}` }, t('history')))))))));
}

async function request(main, number) {
  const detail = await api(`/api/requests/${encodeURIComponent(number)}/history`);
  const events = detail.history ?? detail.events ?? [];
  const documents = detail.documents ?? [];
  const survey = h('form', { class: 'card narrow', id: 'survey', onsubmit: async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(survey));
    try {
      await api(`/api/requests/${encodeURIComponent(number)}/survey`, { method: 'POST', body: data });
      survey.replaceChildren(h('p', {}, t('thanks')));
    } catch (err) { showError(err); }
  } },
  h('h3', {}, t('survey')),
  ...surveyQuestion('process', 'Удовлетворены ли вы качеством процесса? / Процестің сапасына қанағаттанасыз ба?'),
  ...surveyQuestion('result', 'Удовлетворены ли вы результатом? / Нәтижеге қанағаттанасыз ба?'),
  ...surveyQuestion('information', 'Удовлетворены ли вы информацией о порядке? / Тәртібі туралы ақпаратқа қанағаттанасыз ба?'),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('send'))));

  main.replaceChildren(
    h('section', { class: 'card' }, h('h2', {}, `№ ${detail.requestNumber ?? number}`),
      h('ol', { class: 'timeline' }, ...events.map((e) => h('li', {}, `${fmtDate(e.at ?? e.occurredAt ?? e.time)} — ${e.label ?? e.statusLabel ?? e.status}`)))),
    documents.length ? h('section', { class: 'card' }, ...documents.map((d) => h('p', {},
      h('button', { type: 'button', class: 'download', onclick: () => download(d) }, `${t('download')}: ${d.title ?? d.form}`)))) : null,
    detail.surveyAvailable === false ? null : survey);
}

function surveyQuestion(name, label) {
  return [h('fieldset', {}, h('legend', {}, label),
    ...[['5', '5'], ['4', '4'], ['3', '3'], ['2', '2'], ['1', '1']].map(([v, text]) => h('label', { class: 'inline' },
      h('input', { type: 'radio', name, value: v, required: true }), ` ${text}`)))];
}

async function download(doc) {
  try {
    const res = await api(`/api/documents/${encodeURIComponent(doc.id)}/pdf`, { raw: true });
    const blob = await res.blob();
    const a = h('a', { href: URL.createObjectURL(blob), download: `${doc.form ?? 'document'}.pdf` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (err) { showError(err); }
}

window.addEventListener('hashchange', route);
route();
