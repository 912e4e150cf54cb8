// The applicant's portal (route through the ПЭП): register, sign in, choose a service of the own akimat,
// fill and sign the application, then follow «История получения услуг», download the result, answer the анкета.
import { h, t, lang, frame, session, engine, api, loginForm, showError, showInfo, fmtDate, hashRoute, serviceTitles, serviceName } from './common.js';
import { renderTask } from './task-view.js';

const nav = () => [[t('services'), '#/services'], [t('myRequests'), '#/requests']];

async function route() {
  const main = frame(t('portal'), session.token ? nav() : [[t('signIn'), '#/login'], [t('register'), '#/register']]);
  const [page, id] = hashRoute();
  try {
    if (page === 'register') return await register(main);
    if (!session.token || page === 'login') return loginForm(main, { allowRegister: true, onSuccess: () => go('#/services') });
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
  const [defs, titles] = await Promise.all([engine('/process-definition?latestVersion=true&keyLike=%25-portal&sortBy=name&sortOrder=asc'), serviceTitles()]);
  main.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('services')),
    h('ul', { class: 'services' }, ...defs.map((d) => h('li', {},
      h('span', {}, serviceName(d, titles)), ' ',
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

/** Walks the applicant through the tasks assigned to them in one request; when none is left, shows the request. */
async function walk(main, instanceId) {
  const me = session.user?.user?.id;
  main.replaceChildren(h('p', { class: 'info' }, t('waiting')));
  for (let attempt = 0; attempt < 120; attempt++) {
    const tasks = await engine(`/task?processInstanceId=${encodeURIComponent(instanceId)}&assignee=${encodeURIComponent(me ?? '')}`);
    if (tasks.length) return renderTask(main, tasks[0].id, { showApplication: false, onDone: () => walk(main, instanceId) });
    // Registered (процесс 6): the request is with the provider now; its history is the applicant's view.
    const mine = await api('/api/requests').catch(() => []);
    const registered = mine.find((r) => r.processInstanceId === instanceId);
    if (registered && attempt > 2) { location.hash = `#/request/${encodeURIComponent(registered.number)}`; return; }
    await new Promise((r) => setTimeout(r, 500));
  }
  showInfo(t('submitted'));
  location.hash = '#/requests';
}

const label = (value) => (value && typeof value === 'object' ? value[lang()] ?? value.ru : value);

async function requests(main) {
  const items = await api('/api/requests');
  main.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('myRequests')),
    items.length ? h('table', { class: 'tasks' },
      h('thead', {}, h('tr', {}, ...['№', t('service'), t('status'), t('due'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...items.map((r) => h('tr', {},
        h('td', {}, r.number), h('td', {}, r.service), h('td', { class: 'status' }, label(r.statusLabel) ?? r.status),
        h('td', {}, fmtDate(r.statusAt ?? r.receivedAt)),
        h('td', {}, h('a', { href: `#/request/${encodeURIComponent(r.number)}` }, t('history')))))))
      : h('p', {}, '—')));
}

async function request(main, number) {
  const [detail, documents, survey, forms] = await Promise.all([
    api(`/api/requests/${encodeURIComponent(number)}/history`),
    api('/api/documents').then((all) => all.filter((d) => d.requestNumber === number)).catch(() => []),
    api(`/api/requests/${encodeURIComponent(number)}/questionnaire`).catch(() => null),
    api('/api/documents/forms').catch(() => []),
  ]);
  const titles = new Map(forms.map((f) => [f.id, label(f.title)]));
  main.replaceChildren(...[
    h('section', { class: 'card' }, h('h2', {}, `№ ${number}`),
      h('p', {}, `${t('status')}: `, h('strong', { id: 'request-status' }, label(detail.request.statusLabel) ?? detail.request.status)),
      detail.queue ? h('p', {}, `${t('queueNumber')}: ${detail.queue.number}${detail.queue.position ? ` · ${t('queuePosition')}: ${detail.queue.position}` : ''}`) : null,
      h('ol', { class: 'timeline' }, ...detail.history.map((e) => h('li', {}, `${fmtDate(e.at)} — ${label(e.label)}${e.reason ? `: ${e.reason}` : ''}`)))),
    documents.length ? h('section', { class: 'card' }, ...documents.map((d) => h('p', {},
      h('button', { type: 'button', class: 'download', onclick: () => download(d) }, `${t('download')}: ${titles.get(d.form) ?? d.form}`),
      h('span', { class: 'muted' }, ` ${d.verificationCode}`)))) : null,
    survey?.offered ? surveyForm(number, survey) : null].filter(Boolean));
}

function surveyForm(number, state) {
  const q = state.questionnaire;
  if (state.answered) return h('section', { class: 'card narrow' }, h('h3', {}, t('survey')), h('p', {}, t('thanks')));
  const form = h('form', { class: 'card narrow', id: 'survey', onsubmit: async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      await api(`/api/requests/${encodeURIComponent(number)}/questionnaire`, { method: 'POST', body: {
        processSatisfaction: Number(data.processSatisfaction), informationSatisfaction: Number(data.informationSatisfaction), lang: lang(),
      } });
      form.replaceChildren(h('p', {}, t('thanks')));
    } catch (err) { showError(err); }
  } },
  h('h3', {}, label(q.title)),
  ...q.questions.map((question) => h('fieldset', {}, h('legend', {}, label(question)),
    ...q.options.map((o) => h('label', { class: 'inline' }, h('input', { type: 'radio', name: question.id, value: String(o.value), required: true }), ` ${label(o)}`)))),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('send'))));
  return form;
}

async function download(doc) {
  try {
    const res = await api(doc.pdf ?? `/api/documents/${encodeURIComponent(doc.id)}/pdf`, { raw: true });
    const blob = await res.blob();
    const a = h('a', { href: URL.createObjectURL(blob), download: `${doc.form ?? 'document'}.pdf` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (err) { showError(err); }
}

/** Navigates; a hash that does not change fires no hashchange, so render directly then. */
function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

window.addEventListener('hashchange', route);
route();
