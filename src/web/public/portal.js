// The applicant's portal (route through the ПЭП): register, sign in, choose a service of the own akimat,
// fill and sign the application, then follow «История получения услуг», download the result, answer the анкета.
import { h, t, lang, frame, focusScreen, session, engine, api, loginForm, showError, showInfo, checkFields, showFormError, fmtDate, fmtDay, hashRoute, serviceTitles, serviceName, serviceTitle, keyOfDefinition, tenantName } from './common.js';
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
  const form = h('form', { class: 'card narrow', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    if (!checkFields(form)) return;
    const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
    try {
      await api('/api/auth/register', { method: 'POST', body: data });
      const login = await api('/api/auth/login', { method: 'POST', body: { username: data.iin, password: data.password } });
      session.save(login, { iin: data.iin });
      location.hash = '#/services';
    } catch (err) { showFormError(form, err); }
  } },
  h('h2', {}, t('register')),
  ...field('iin', t('iin'), { inputmode: 'numeric', pattern: '\\d{12}', maxlength: 12, autocomplete: 'off' }),
  ...field('lastName', t('lastName')), ...field('firstName', t('firstName')),
  h('label', { for: 'email' }, t('email')), h('input', { id: 'email', name: 'email', type: 'email' }),
  h('label', { for: 'tenantId' }, t('akimat')),
  h('select', { id: 'tenantId', name: 'tenantId', required: true }, ...tenants.map((tn) => h('option', { value: tn.id }, tenantName(tn)))),
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
    applicantIin: { type: 'String', value: me?.iin ?? '' },
    applicantEmail: { type: 'String', value: me?.user?.email ?? '' },
    language: { type: 'String', value: lang() },
  } } });
  location.hash = `#/continue/${instance.id}`;
}

/** What the account already says about the applicant, for the application form's own fields (the forms' keys). */
function accountData() {
  const me = session.user;
  const name = [me?.user?.lastName, me?.user?.firstName].filter(Boolean).join(' ');
  return {
    ...(me?.iin && { applicantIin: me.iin }),
    ...(name && { applicantName: name, applicantFullName: name }),
    ...(me?.user?.lastName && { applicantLastName: me.user.lastName }),
    ...(me?.user?.firstName && { applicantFirstName: me.user.firstName }),
    ...(me?.user?.email && { applicantEmail: me.user.email }),
  };
}

/** Walks the applicant through the tasks assigned to them in one request; when none is left, shows the request. */
async function walk(main, instanceId) {
  const me = session.user?.user?.id;
  main.replaceChildren(h('p', { class: 'info' }, t('waiting')));
  for (let attempt = 0; attempt < 120; attempt++) {
    const tasks = await engine(`/task?processInstanceId=${encodeURIComponent(instanceId)}&assignee=${encodeURIComponent(me ?? '')}`);
    if (tasks.length) {
      const title = serviceTitle(keyOfDefinition(tasks[0].processDefinitionId), tasks[0].tenantId, await serviceTitles());
      return renderTask(main, tasks[0].id, { showApplication: false, citizen: true, title, prefill: accountData(), onDone: () => walk(main, instanceId) });
    }
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

/** A request's service as the applicant knows it: the title from the manifest, else the key. */
const requestService = (r, titles) => serviceTitle(`${r.service}-${r.route ?? 'portal'}`, r.tenantId, titles) ?? r.service;

/** «Срок»: when the result is due (the working-day deadline), or the day it came for a finished request. */
const deadlineText = (r) => (r.completedAt ? fmtDay(r.completedAt) : r.expectedAt ? fmtDay(r.expectedAt) : '—');

async function requests(main) {
  const [items, titles] = await Promise.all([api('/api/requests'), serviceTitles()]);
  main.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('myRequests')),
    items.length ? h('table', { class: 'tasks requests' },
      h('thead', {}, h('tr', {}, ...['№', t('service'), t('status'), t('submittedAt'), t('deadline'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...items.map((r) => h('tr', {},
        h('td', { class: 'number' }, r.number), h('td', {}, requestService(r, titles)), h('td', { class: 'status' }, label(r.statusLabel) ?? r.status),
        h('td', {}, fmtDay(r.receivedAt)),
        h('td', { class: 'deadline' }, deadlineText(r)),
        h('td', {}, h('a', { href: `#/request/${encodeURIComponent(r.number)}` }, t('history')))))))
      : h('p', {}, '—')));
}

/** The request page refreshes itself: soon after a change, then less often (3 s growing to 30 s). */
const REFRESH = { first: 3000, factor: 1.5, max: 30_000 };
let refreshTimer = null;
window.addEventListener('hashchange', () => clearTimeout(refreshTimer));

async function request(main, number) {
  clearTimeout(refreshTimer);
  // The documents delivered to the cabinet, and those of the result the history lists once the request is finished
  // (a refusal some routes give without a cabinet delivery).
  const load = async () => {
    const [detail, delivered] = await Promise.all([
      api(`/api/requests/${encodeURIComponent(number)}/history`),
      api('/api/documents').then((all) => all.filter((d) => d.requestNumber === number)).catch(() => []),
    ]);
    const all = new Map([...delivered, ...(detail.documents ?? [])].map((d) => [d.id, d]));
    return [detail, [...all.values()]];
  };
  const [[detail, documents], survey, forms, titles] = await Promise.all([
    load(),
    api(`/api/requests/${encodeURIComponent(number)}/questionnaire`).catch(() => null),
    api('/api/documents/forms').catch(() => []),
    serviceTitles(),
  ]);
  const formTitles = new Map(forms.map((f) => [f.id, label(f.title)]));
  const summary = h('section', { class: 'card', id: 'request-summary' });
  const docs = h('section', { class: 'card', id: 'request-documents' });
  const render = (d, list) => {
    const r = d.request;
    summary.replaceChildren(...[
      h('h2', {}, requestService(r, titles)),
      h('p', {}, `${t('requestNumber')}: `, h('strong', { id: 'request-number' }, `№ ${number}`)),
      h('p', {}, `${t('status')}: `, h('strong', { id: 'request-status' }, label(r.statusLabel) ?? r.status)),
      h('p', {}, `${t('submittedAt')}: ${fmtDay(r.receivedAt)}`),
      r.completedAt ? h('p', {}, `${t('completedAt')}: ${fmtDay(r.completedAt)}`)
        : h('p', {}, `${t('expectedAt')}: `, h('strong', { id: 'request-expected' }, r.expectedAt ? fmtDay(r.expectedAt) : t('noExpected'))),
      d.queue ? h('p', {}, `${t('queueNumber')}: ${d.queue.number}${d.queue.position ? ` · ${t('queuePosition')}: ${d.queue.position}` : ''}`) : null,
      h('ol', { class: 'timeline' }, ...d.history.map((e) => h('li', {}, `${fmtDate(e.at)} — ${label(e.label)}${e.reason ? `: ${e.reason}` : ''}`))),
      r.completedAt ? null : h('p', { class: 'muted' }, t('autoRefresh'))].filter(Boolean));
    docs.replaceChildren(h('h3', {}, t('documents')),
      ...(list.length ? list.map((doc) => h('p', {},
        h('button', { type: 'button', class: 'download', onclick: () => download(doc) }, `${t('download')}: ${doc.title ? label(doc.title) : formTitles.get(doc.form) ?? doc.form}`),
        h('span', { class: 'muted' }, ` ${doc.verificationCode}`))) : [h('p', { class: 'muted' }, t('noDocuments'))]));
  };
  render(detail, documents);
  main.replaceChildren(...[summary, docs, survey?.offered ? surveyForm(number, survey) : null].filter(Boolean));

  // Polls while the request is open (or its document has not arrived yet); a change is announced and shown in place.
  let seen = fingerprint(detail, documents);
  let wait = REFRESH.first;
  let afterResult = 0;
  const poll = async () => {
    if (hashRoute()[0] !== 'request' || decodeURIComponent(hashRoute()[1] ?? '') !== number) return;
    try {
      const [d, list] = await load();
      const now = fingerprint(d, list);
      if (now !== seen) {
        seen = now;
        wait = REFRESH.first;
        render(d, list);
        showInfo(`${t('statusChanged')}: ${label(d.request.statusLabel) ?? d.request.status}`);
        if (d.request.completedAt && !document.getElementById('survey')) {
          const next = await api(`/api/requests/${encodeURIComponent(number)}/questionnaire`).catch(() => null);
          if (next?.offered) main.append(surveyForm(number, next));
        }
      } else wait = Math.min(REFRESH.max, wait * REFRESH.factor);
      // A finished request whose route gives no document stops asking after a few minutes.
      if (d.request.completedAt && !list.length) afterResult++;
      if (!d.request.completedAt || (!list.length && afterResult < 10)) refreshTimer = setTimeout(poll, wait);
    } catch { refreshTimer = setTimeout(poll, REFRESH.max); }
  };
  if (!detail.request.completedAt || !documents.length) refreshTimer = setTimeout(poll, wait);
}

/** What the applicant would notice changing: the status, the timeline and the documents. */
function fingerprint(detail, documents) {
  return JSON.stringify([detail.request.status, detail.history.length, detail.queue?.number ?? null, documents.map((d) => d.id)]);
}

function surveyForm(number, state) {
  const q = state.questionnaire;
  if (state.answered) return h('section', { class: 'card narrow' }, h('h3', {}, t('survey')), h('p', {}, t('thanks')));
  // The page says what is missing, in its language (the browser would say it in its own).
  const form = h('form', { class: 'card narrow', id: 'survey', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    form.querySelectorAll('.field-error').forEach((el) => el.remove());
    const missing = q.questions.filter((question) => data[question.id] === undefined);
    for (const question of missing) form.querySelector(`fieldset[data-question="${question.id}"]`)?.append(h('p', { class: 'field-error', role: 'alert' }, t('required')));
    if (missing.length) { form.querySelector(`fieldset[data-question="${missing[0].id}"] input`)?.focus(); return; }
    try {
      await api(`/api/requests/${encodeURIComponent(number)}/questionnaire`, { method: 'POST', body: {
        processSatisfaction: Number(data.processSatisfaction), informationSatisfaction: Number(data.informationSatisfaction), lang: lang(),
      } });
      form.replaceChildren(h('p', {}, t('thanks')));
    } catch (err) { showError(err); }
  } },
  h('h3', {}, label(q.title)),
  ...q.questions.map((question) => h('fieldset', { 'data-question': question.id }, h('legend', {}, label(question)),
    ...q.options.map((o) => h('label', { class: 'inline' }, h('input', { type: 'radio', name: question.id, value: String(o.value), required: true }), ` ${label(o)}`)))),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('send'))));
  return form;
}

async function download(doc) {
  try {
    const res = await api(doc.pdf ?? `/api/documents/${encodeURIComponent(doc.id)}/pdf`, { raw: true });
    const blob = await res.blob();
    // Named after the request, as the server names it (`<form>-<number>.pdf`), so saved files tell requests apart.
    const a = h('a', { href: URL.createObjectURL(blob), download: `${[doc.form ?? 'document', doc.requestNumber].filter(Boolean).join('-')}.pdf` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (err) { showError(err); }
}

/** Navigates; a hash that does not change fires no hashchange, so render directly then. */
function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

// Each change of screen puts the focus on its heading (the tasklist's own refresh does not).
const show = async () => { await route(); focusScreen(document.getElementById('main')); };
window.addEventListener('hashchange', show);
show();
