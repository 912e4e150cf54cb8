// One user task on screen, for the operator and the applicant alike: the регламент step and its deadline,
// the application data, the form from forms/ rendered with form-js, scanned attachments, ЭЦП signing, completion.
import { h, t, engine, api, plainVariables, typedVariables, signer, requestXml, fmtDate, showError, showInfo, clearStatus } from './common.js';

const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const MAX_BYTES = 5 * 1024 * 1024;
/** Form fields that hold a signature: the UI fills them by signing the rest of the form. */
const SIGNATURE_KEYS = ['signedRequest', 'signedDocumentData'];

export async function renderTask(main, taskId, { onDone, showApplication = true } = {}) {
  clearStatus();
  const task = await engine(`/task/${encodeURIComponent(taskId)}`);
  const [variables, schema, history] = await Promise.all([
    engine(`/task/${encodeURIComponent(taskId)}/form-variables`).then(plainVariables).catch(() => ({})),
    engine(`/task/${encodeURIComponent(taskId)}/deployed-form`).catch(() => null),
    engine(`/history/activity-instance?processInstanceId=${encodeURIComponent(task.processInstanceId)}&sortBy=startTime&sortOrder=asc`).catch(() => []),
  ]);
  const draftKey = `reglament.draft.${taskId}`;
  const draft = JSON.parse(localStorage.getItem(draftKey) ?? 'null');
  const attachments = [];
  let signature = null;

  const formBox = h('div', { class: 'form-box' });
  let form = null;
  if (schema && window.FormViewer) {
    form = await window.FormViewer.createForm({ schema, data: { ...variables, ...(draft ?? {}) }, container: formBox });
    // Keep every change, so nothing is lost when a submit fails.
    form.on('changed', (e) => localStorage.setItem(draftKey, JSON.stringify(e.data)));
  } else {
    formBox.append(h('p', {}, '—'));
  }
  const needsSignature = Boolean(schema && JSON.stringify(schema).match(/"key":"(signedRequest|signedDocumentData)"/));
  const signatureKey = needsSignature ? (JSON.stringify(schema).includes('"signedDocumentData"') ? 'signedDocumentData' : 'signedRequest') : null;
  const signState = h('span', { class: 'sign-state', 'aria-live': 'polite' });

  const fileInput = h('input', { type: 'file', id: 'attachments', multiple: true, accept: ALLOWED_TYPES.join(',') });
  const fileList = h('ul', { class: 'files' });
  fileInput.addEventListener('change', async () => {
    for (const file of fileInput.files) {
      if (!ALLOWED_TYPES.includes(file.type)) { showError(new Error(`${file.name}: ${t('fileType')}`)); continue; }
      if (file.size > MAX_BYTES) { showError(new Error(`${file.name}: ${t('fileTooLarge')}`)); continue; }
      const base64 = await fileToBase64(file);
      attachments.push({ filename: file.name, mimetype: file.type, base64 });
      fileList.append(h('li', {}, `${file.name} (${Math.ceil(file.size / 1024)} KB)`));
    }
    fileInput.value = '';
  });

  function formValues() {
    if (!form) return { data: {}, errors: {} };
    return form.submit();
  }

  async function complete(extra = {}) {
    clearStatus();
    const { data, errors } = formValues();
    const values = { ...data, ...extra };
    if (Object.keys(errors ?? {}).length && extra.decision !== 'refusal') { showError(new Error(t('required'))); return; }
    if (signatureKey && !signature && extra.decision !== 'refusal') { showError(new Error(t('sign'))); return; }
    if (signatureKey && signature) values[signatureKey] = signature;
    const vars = typedVariables(values);
    attachments.forEach((file, i) => { vars[`attachment${i + 1}`] = { type: 'File', value: file.base64, valueInfo: { filename: file.filename, mimetype: file.mimetype } }; });
    if (attachments.length) vars.attachmentList = { type: 'Json', value: JSON.stringify(attachments.map((f) => ({ filename: f.filename, mimetype: f.mimetype }))) };
    try {
      await engine(`/task/${encodeURIComponent(taskId)}/complete`, { method: 'POST', body: { variables: vars } });
      localStorage.removeItem(draftKey);
      showInfo(t('sent'));
      onDone?.();
    } catch (err) { showError(err); }
  }

  const props = task.extensionProperties ?? task.properties ?? {};
  const header = h('section', { class: 'card' },
    h('h2', {}, task.name ?? task.taskDefinitionKey),
    props['reglament:step'] ? h('p', { class: 'muted' }, `${t('elementInfo')}: ${props['reglament:step']}`) : null,
    h('p', {}, `${t('due')}: ${fmtDate(task.due)}`, task.due && new Date(task.due) < new Date() ? h('strong', { class: 'overdue' }, ` — ${t('overdueBy')}`) : null),
    task.description ? h('p', { class: 'muted' }, task.description) : null);

  const appData = showApplication ? h('section', { class: 'card' }, h('h3', {}, t('applicationData')), dataTable(variables, ['person', 'signedRequest', 'signedDocumentData', 'authSession'])) : null;
  const registry = variables.person ? h('section', { class: 'card' }, h('h3', {}, t('registryData')), dataTable(variables.person, [])) : null;
  const hist = h('section', { class: 'card' }, h('h3', {}, t('history')),
    h('ol', { class: 'timeline' }, ...(history ?? []).map((a) => h('li', {}, `${fmtDate(a.startTime)} — ${a.activityName ?? a.activityId}${a.assignee ? ` (${a.assignee})` : ''}`))));

  const actions = h('div', { class: 'actions' },
    signatureKey ? h('button', { type: 'button', id: 'sign', onclick: async () => {
      clearStatus();
      const { data, errors } = formValues();
      if (Object.keys(errors ?? {}).length) { showError(new Error(t('required'))); return; }
      try {
        const iin = data.applicantIin ?? variables.applicantIin;
        signature = await signer.sign(requestXml(Object.fromEntries(Object.entries(data).filter(([k]) => !SIGNATURE_KEYS.includes(k)))), { iin });
        signState.textContent = `✓ ${t('signed')}`;
      } catch (err) { showError(err); }
    } }, t('sign')) : null,
    signState,
    h('button', { type: 'button', id: 'complete', onclick: () => complete() }, t('complete')));

  main.replaceChildren(header,
    h('section', { class: 'card' }, formBox,
      h('label', { for: 'attachments' }, t('attachments')), fileInput, fileList, actions),
    appData, registry, hist);
}

function dataTable(values, skip) {
  const rows = Object.entries(values ?? {}).filter(([k, v]) => !skip.includes(k) && v !== null && typeof v !== 'object');
  return h('table', { class: 'data' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, String(v))))));
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
