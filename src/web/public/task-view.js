// One user task on screen, for the operator and the applicant alike: the регламент step and its deadline,
// the application data, the form from forms/ rendered with form-js, scanned attachments, ЭЦП signing, completion.
import { h, t, lang, engine, api, session, plainVariables, typedVariables, signer, requestXml, fmtDate, fmtDay, showError as showPageError, showInfo, flash, clearStatus, userError, loadFormViewer, errorParts, serviceTitles, keyOfDefinition, actLanguage, actText } from './common.js';
import { formInLanguage } from './form-language.js';

import { registryPrefill, registrySection } from './registry-view.js';

const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const MAX_BYTES = 5 * 1024 * 1024;
/** Form fields that hold a signature: the UI fills them by signing the rest of the form. */
const SIGNATURE_KEYS = ['signedRequest', 'signedDocumentData', 'signedDocument'];
/** Process variables that are not the applicant's data (never shown as such, never signed). */
const INTERNAL = ['authSession', 'initiator', 'person', 'signatureCheck', 'language', ...SIGNATURE_KEYS];

/**
 * `citizen`: the applicant's own step on the portal. They see the service's title (`title`) and what to do, not the
 * регламент's step name («процесс 3 — …») nor the staff's minute-level limit of the step. `prefill`: values known from
 * the account (IIN, name) for the form's empty fields of those keys.
 */
export async function renderTask(main, taskId, { onDone, showApplication = true, citizen = false, title = null, prefill = {} } = {}) {
  clearStatus();
  const task = await engine(`/task/${encodeURIComponent(taskId)}`);
  const [variables, deployedSchema, history, instanceVars, titles] = await Promise.all([
    engine(`/task/${encodeURIComponent(taskId)}/form-variables`).then(plainVariables).catch(() => ({})),
    engine(`/task/${encodeURIComponent(taskId)}/deployed-form`).catch(() => null),
    // Staff see the instance's history; the applicant follows «История получения услуг» instead.
    showApplication ? engine(`/history/activity-instance?processInstanceId=${encodeURIComponent(task.processInstanceId)}&sortBy=startTime&sortOrder=asc`).catch(() => []) : [],
    // The raw (typed) variables: File variables are the request's scans, `person` the ГБД ФЛ answer.
    showApplication ? engine(`/process-instance/${encodeURIComponent(task.processInstanceId)}/variables?deserializeValues=false`).catch(() => ({})) : {},
    serviceTitles(),
  ]);
  // The bilingual form in the page's language; the step's name and texts are the act's, quoted in its language.
  const schema = formInLanguage(deployedSchema, lang());
  const actLang = actLanguage(keyOfDefinition(task.processDefinitionId), task.tenantId, titles);
  const labels = showApplication ? await fieldLabels(task.processDefinitionId) : new Map();
  const scans = Object.entries(instanceVars ?? {}).filter(([, v]) => String(v?.type ?? '').toLowerCase() === 'file')
    .map(([name, v]) => ({ name, filename: v.valueInfo?.filename ?? name, mimetype: v.valueInfo?.mimeType ?? v.valueInfo?.mimetype ?? '' }));
  const person = variables.person ?? plainVariables({ person: instanceVars?.person ?? null }).person ?? null;
  const draftKey = `reglament.draft.${taskId}`;
  const draft = JSON.parse(localStorage.getItem(draftKey) ?? 'null');
  const attachments = [];
  let signature = null;
  // Values of the request the operator took from ГБД ФЛ where the typed ones differed: sent and signed with the step.
  const corrections = {};
  const hasPerson = showApplication && person && typeof person === 'object';

  const formBox = h('div', { class: 'form-box' });
  // What went wrong with this form is said beside its buttons, where the user is looking, not at the top of the page.
  const formError = h('div', { class: 'form-error', id: 'form-error', role: 'alert' });
  const showError = (err) => formError.replaceChildren(h('p', { class: 'error' }, ...errorParts(err)));
  // A signature field is filled by signing, not by typing: it is taken out of the rendered form.
  const signatureKey = schema ? SIGNATURE_KEYS.find((k) => hasKey(schema.components, k)) ?? null : null;
  // A sign-in step (процесс 1: «ввод ИИН и пароля») is the user's own sign-in: its session field is filled with the
  // page's session on completion, never shown (it is a bearer token) nor typed.
  const sessionKey = schema && hasKey(schema.components, 'authSession') ? 'authSession' : null;
  // Scans go through this page's own attachment field (type and size checked, stored as file variables).
  const hidden = [signatureKey, sessionKey].filter(Boolean).reduce((cs, key) => withoutKey(cs, key), schema?.components ?? []);
  const shownSchema = schema ? { ...schema, components: withoutFilePickers(hidden) } : schema;
  let form = null;
  if (shownSchema) {
    const FormViewer = await loadFormViewer();
    // What is already known fills the form's empty fields: the account (applicant) or ГБД ФЛ's answer (staff).
    const fromRegistry = hasPerson ? registryPrefill(person, variables, new Set(keysOf(shownSchema.components))) : {};
    const known = Object.fromEntries(Object.entries({ ...fromRegistry, ...prefill }).filter(([key]) => hasKey(shownSchema.components, key) && (variables[key] ?? '') === ''));
    form = await FormViewer.createForm({ schema: shownSchema, data: { ...variables, ...known, ...(draft ?? {}) }, container: formBox });
    // Keep every change, so nothing is lost when a submit fails.
    form.on('changed', (e) => localStorage.setItem(draftKey, JSON.stringify(e.data)));
    translateFormErrors(formBox);
    localizeDatePickers(formBox);
  } else {
    formBox.append(h('p', {}, '—'));
  }
  const signState = h('span', { class: 'sign-state', 'aria-live': 'polite' });

  // The browser's own file button speaks the browser's language, not the page's: it is hidden (still focusable and
  // labelled) behind a button-like label in Russian or Kazakh.
  const fileInput = h('input', { type: 'file', id: 'attachments', class: 'visually-hidden', multiple: true, accept: ALLOWED_TYPES.join(',') });
  const fileList = h('ul', { class: 'files' });
  fileInput.addEventListener('change', async () => {
    for (const file of fileInput.files) {
      if (!ALLOWED_TYPES.includes(file.type)) { showError(userError(`${file.name}: ${t('fileType')}`)); continue; }
      if (file.size > MAX_BYTES) { showError(userError(`${file.name}: ${t('fileTooLarge')}`)); continue; }
      const base64 = await fileToBase64(file);
      attachments.push({ filename: file.name, mimetype: file.type, base64 });
      fileList.append(h('li', {}, `${file.name} (${Math.ceil(file.size / 1024)} KB)`));
    }
    fileInput.value = '';
  });

  /** Names the fields to fix (form-js marks them too), so the message says what is wrong, not only that something is. */
  function showMissing(errors) {
    // form-js reports errors by component id (its key only when the id is missing).
    const own = new Map([...collectLabels(shownSchema?.components ?? []), ...collectLabels(shownSchema?.components ?? [], [], 'id')]);
    const names = Object.keys(errors).map((key) => pickLabel(own.get(key) ?? key));
    showError(userError(`${t('fixFields')}: ${names.join('; ')}`));
    // form-js marks the fields on its next render.
    setTimeout(() => document.querySelector('.fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select')?.focus(), 50);
  }

  function formValues() {
    if (!form) return { data: {}, errors: {} };
    return form.submit();
  }

  async function complete(extra = {}) {
    clearStatus();
    formError.replaceChildren();
    const { data, errors } = formValues();
    const values = { ...corrections, ...data, ...extra };
    if (Object.keys(errors ?? {}).length && extra.decision !== 'refusal') { showMissing(errors); return; }
    if (signatureKey && !signature && extra.decision !== 'refusal') { showError(userError(t('signFirst'))); return; }
    if (signatureKey && signature) values[signatureKey] = signature;
    if (sessionKey) values[sessionKey] = session.token;
    const vars = typedVariables(values);
    attachments.forEach((file, i) => { vars[`attachment${i + 1}`] = { type: 'File', value: file.base64, valueInfo: { filename: file.filename, mimetype: file.mimetype } }; });
    if (attachments.length) vars.attachmentList = { type: 'Json', value: JSON.stringify(attachments.map((f) => ({ filename: f.filename, mimetype: f.mimetype }))) };
    try {
      await engine(`/task/${encodeURIComponent(taskId)}/complete`, { method: 'POST', body: { variables: vars } });
      localStorage.removeItem(draftKey);
      // Said on the next screen too: the list (or the next step) replaces this one at once.
      flash(citizen ? t('sent') : `${t('taskCompleted')}: ${task.name ?? task.taskDefinitionKey}`);
      onDone?.(task);
    } catch (err) { showError(err); }
  }

  const props = task.extensionProperties ?? task.properties ?? {};
  const header = citizen ? h('section', { class: 'card', id: 'task-header' },
    h('h2', {}, title ?? t('stepOther')),
    h('p', {}, t(signatureKey ? 'stepSign' : 'stepFill')))
    : h('section', { class: 'card' },
    actText(task.name ?? task.taskDefinitionKey, actLang, 'h2'),
    props['reglament:step'] ? h('p', { class: 'muted' }, `${t('elementInfo')}: `, actText(props['reglament:step'], actLang)) : null,
    task.due ? h('p', { id: 'task-due' }, `${t('due')}: ${fmtDate(task.due)}`, new Date(task.due) < new Date() ? h('strong', { class: 'overdue' }, ` — ${t('overdueBy')}`) : null) : null,
    task.due ? countdown(task.due) : null,
    task.description ? actText(task.description, actLang, 'p', { class: 'muted' }) : null);

  const appData = showApplication ? h('section', { class: 'card' }, h('h3', {}, t('applicationData')), dataTable(variables, INTERNAL, labels)) : null;
  // Only routes that ask ГБД ФЛ (gbd-fl-lookup) have the answer; the others show no empty section.
  const registry = hasPerson ? registrySection(person, variables, corrections) : null;
  const scanList = showApplication ? h('section', { class: 'card', id: 'request-scans' }, h('h3', {}, t('attachments')),
    scans.length ? h('ul', { class: 'files' }, ...scans.map((f) => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => openScan(task.processInstanceId, f) }, f.filename),
      h('span', { class: 'muted' }, ` ${f.mimetype}`))))
      : h('p', { class: 'muted' }, '—')) : null;
  // The signed output (document-generate's documentId and verificationCode): the ЦОН operator prints it for the person.
  const documentId = plainVariables({ documentId: instanceVars?.documentId ?? null }).documentId;
  const verificationCode = plainVariables({ code: instanceVars?.verificationCode ?? null }).code;
  const output = showApplication && typeof documentId === 'string' && documentId
    ? h('section', { class: 'card', id: 'output-document' }, h('h3', {}, t('outputDocument')),
      h('p', {}, h('button', { type: 'button', class: 'download', onclick: () => openDocument(documentId) }, t('download')),
        verificationCode ? h('span', { class: 'muted' }, ` ${t('verificationCode')}: `, h('code', {}, String(verificationCode))) : null))
    : null;
  const hist = showApplication && h('section', { class: 'card' }, h('h3', {}, t('history')),
    h('ol', { class: 'timeline' }, ...(history ?? []).map((a) => h('li', {}, `${fmtDate(a.startTime)} — `, actText(a.activityName ?? a.activityId, actLang),
      a.assignee ? h('span', { translate: 'no' }, ` (${a.assignee})`) : null))));

  const actions = h('div', { class: 'actions' },
    signatureKey ? h('button', { type: 'button', id: 'sign', onclick: async () => {
      clearStatus();
      const { data, errors } = formValues();
      if (Object.keys(errors ?? {}).length) { showMissing(errors); return; }
      try {
        // What is signed: the request as it stands (the data entered so far and on this form).
        const signedData = Object.fromEntries(Object.entries({ ...variables, ...corrections, ...data }).filter(([k]) => !INTERNAL.includes(k)));
        signature = await signer.sign(requestXml(signedData, signatureKey === 'signedRequest' ? 'request' : 'document'));
        signState.textContent = `✓ ${t('signed')}`;
      } catch (err) { showError(err); }
    } }, t('sign')) : null,
    signState,
    h('button', { type: 'button', id: 'complete', onclick: () => complete() }, t('complete')));

  main.replaceChildren(header,
    h('section', { class: 'card' }, formBox,
      h('label', { for: 'attachments' }, `${t('attach')}: ${t('attachments')}`),
      h('div', { class: 'file-picker' }, fileInput, h('label', { for: 'attachments', class: 'button secondary' }, t('chooseFiles')),
        h('span', { class: 'muted' }, ` ${t('fileType')}, ≤ 5 МБ`)),
      fileList,
      sessionKey ? h('p', { class: 'info', id: 'session-note' }, `${t('signedInAs')}: ${session.user?.user?.id ?? ''}`) : null,
      actions, formError),
    ...[output, appData, scanList, registry, hist].filter(Boolean));
}

/** Opens a scan of the request in a new tab: the bytes come from engine-rest with the bearer token, so not by a plain link. */
async function openScan(processInstanceId, file) {
  try {
    const res = await api(`/engine-rest/process-instance/${encodeURIComponent(processInstanceId)}/variables/${encodeURIComponent(file.name)}/data`, { raw: true });
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, target: '_blank', rel: 'noopener', download: file.filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) { showPageError(err); }
}

/** The output PDF through /api/documents with the bearer token (staff of the akimat may read it). */
async function openDocument(documentId) {
  try {
    const res = await api(`/api/documents/${encodeURIComponent(documentId)}/pdf`, { raw: true });
    const url = URL.createObjectURL(await res.blob());
    // The server names the file after the form and the request number (`<form>-<number>.pdf`); a uuid says nothing.
    const named = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
    const a = h('a', { href: url, download: named ?? `${documentId}.pdf` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) { showPageError(err); }
}

function keysOf(components = [], out = []) {
  for (const c of components) { if (c.key) out.push(c.key); keysOf(c.components, out); }
  return out;
}

function hasKey(components = [], key) {
  return components.some((c) => c.key === key || hasKey(c.components, key));
}

function withoutFilePickers(components = []) {
  return components.filter((c) => c.type !== 'filepicker').map((c) => (c.components ? { ...c, components: withoutFilePickers(c.components) } : c));
}

function withoutKey(components = [], key) {
  return components.filter((c) => c.key !== key).map((c) => (c.components ? { ...c, components: withoutKey(c.components, key) } : c));
}

function dataTable(values, skip, labels = new Map()) {
  const rows = Object.entries(values ?? {}).filter(([k, v]) => !skip.includes(k) && v !== null && v !== '' && typeof v !== 'object');
  return h('table', { class: 'data' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {},
    // The variable's key under its name is a code; the value is the person's own data (not to be translated).
    h('th', { scope: 'row' }, labels.get(k) ?? k, labels.has(k) ? h('div', { class: 'muted' }, h('code', { translate: 'no' }, k)) : null),
    h('td', { translate: typeof v === 'string' ? 'no' : null }, typeof v === 'boolean' ? (v ? '✓' : '✗') : /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? fmtDay(v) : String(v))))));
}

/**
 * Field key → label from every form deployed with the route (the application's labels, not only this task's), in the
 * page's language: the forms carry «русский / қазақша» labels. Cached per deployment for the tab.
 */
async function fieldLabels(definitionId) {
  const out = new Map();
  try {
    const def = await engine(`/process-definition/${encodeURIComponent(definitionId)}`);
    const cacheKey = `reglament.labels.${def.deploymentId}`;
    let forms = JSON.parse(sessionStorage.getItem(cacheKey) ?? 'null');
    if (!forms) {
      const resources = await engine(`/deployment/${encodeURIComponent(def.deploymentId)}/resources`);
      forms = await Promise.all(resources.filter((r) => /\.form$/.test(r.name)).map((r) =>
        engine(`/deployment/${encodeURIComponent(def.deploymentId)}/resources/${encodeURIComponent(r.id)}/data`).catch(() => null)));
      forms = forms.filter(Boolean).map((f) => collectLabels(f.components ?? []));
      sessionStorage.setItem(cacheKey, JSON.stringify(forms));
    }
    for (const pairs of forms) for (const [key, label] of pairs) if (!out.has(key)) out.set(key, pickLabel(label));
    // Variables the workers set (request number, status, signature check) are named by the page's dictionary.
    for (const [key, label] of Object.entries(t('systemVariables'))) if (!out.has(key)) out.set(key, label);
  } catch { /* labels are a comfort: the keys show instead */ }
  return out;
}

/** form-js writes its validation messages in English only: they are replaced in place as they appear. */
function translateFormErrors(root) {
  const messages = t('formErrors');
  const fix = () => {
    for (const el of root.querySelectorAll('.fjs-form-field-error li, .fjs-form-field-error span, .fjs-form-field-error')) {
      if (el.children.length) continue;
      const text = el.textContent.trim();
      const known = messages[text] ?? (/^Field must match pattern /.test(text) ? messages.pattern : null);
      if (known && known !== text) el.textContent = known;
    }
  };
  new MutationObserver(fix).observe(root, { childList: true, subtree: true, characterData: true });
}

/** form-js' date picker (flatpickr) speaks English and starts weeks on Sunday: each one gets the page's month and day
 *  names, Monday first, as it appears. */
function localizeDatePickers(root) {
  const locale = t('datePicker');
  const fix = () => {
    for (const input of root.querySelectorAll('input.flatpickr-input')) {
      const picker = input._flatpickr;
      if (!picker || picker.reglamentLocalized) continue;
      picker.reglamentLocalized = true;
      picker.set('locale', locale);
      // flatpickr names its month and year controls once, when it builds them: named again here.
      picker.monthsDropdownContainer?.setAttribute('aria-label', locale.monthAriaLabel);
      picker.currentYearElement?.setAttribute('aria-label', locale.yearAriaLabel);
      // The field's hint of the notation, in the page's language (form-js writes «dd.mm.yyyy»).
      for (const el of [input, picker.altInput].filter(Boolean)) if (el.placeholder) el.placeholder = t('datePlaceholder');
    }
  };
  fix();
  new MutationObserver(fix).observe(root, { childList: true, subtree: true });
}

/** The forms label fields «русский / қазақша»: the part in the page's language. */
function pickLabel(label) {
  const parts = String(label).split(' / ');
  return (lang() === 'kk' ? parts[1] ?? parts[0] : parts[0]).replace(/\*$/, '').trim();
}

function collectLabels(components, out = [], by = 'key') {
  for (const c of components) {
    const label = c.label ?? c.dateLabel;
    if (c[by] && label) out.push([c[by], label]);
    if (c.components) collectLabels(c.components, out, by);
  }
  return out;
}

function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export { api };

/** «Осталось: 3 раб. дн. (до 10.12.2026 18:30)»: the step's own deadline counted in Kazakhstan working days by the
 *  server's calendar (hours and minutes on the last day); filled in when the answer comes. */
function countdown(due) {
  const box = h('p', { id: 'task-countdown', class: 'countdown' });
  api('/api/calendar/remaining', { method: 'POST', body: { dues: [due] } }).then(({ remaining: [r] }) => {
    if (!r) return;
    const left = r.overdue ? t('overdueBy') : r.workingDays > 0 ? `${r.workingDays} ${t('workingDaysLeft')}` : `${r.hours} ${t('hoursLeft')} ${r.minutes} ${t('minutesLeft')}`;
    box.replaceChildren(r.overdue ? h('strong', { class: 'overdue' }, left) : `${t('timeLeft')}: ${left}`, ` (${t('dueAt')} ${fmtDate(due)})`);
  }).catch(() => {});
  return box;
}
